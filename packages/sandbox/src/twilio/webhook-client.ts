// Posts a form-urlencoded webhook signed with X-Twilio-Signature, as Twilio does (carriers.md §1.4).
import { encodeForm, twilioSignature, type FormFields } from './signature.ts';

/** What the app answered. */
export interface WebhookAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface SignedFormPost {
  readonly fetch: typeof fetch;
  readonly authToken: string;
  readonly url: string;
  readonly fields: FormFields;
  readonly timeoutMs: number;
}

/**
 * The URL Twilio signs is the configured URL without any `#` connection-override fragment: HTTP
 * clients never send fragments, and whether Twilio signs them is an open question (§1.3).
 */
export function signedUrl(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/** The app could not be reached or did not answer in time. */
export class WebhookDeliveryError extends Error {
  override readonly name = 'WebhookDeliveryError';
}

export async function postSignedForm(post: SignedFormPost): Promise<WebhookAnswer> {
  const url = signedUrl(post.url);
  try {
    return await attempt(post, url);
  } catch (error) {
    const cause =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    throw new WebhookDeliveryError(`POST ${url} failed: ${cause}`, { cause: error });
  }
}

async function attempt(post: SignedFormPost, url: string): Promise<WebhookAnswer> {
  const response = await post.fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(post.authToken, url, post.fields),
      'user-agent': 'TwilioProxy/1.1',
      accept: '*/*',
    },
    body: encodeForm(post.fields),
    redirect: 'manual',
    signal: AbortSignal.timeout(post.timeoutMs),
  });
  const body = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body };
}
