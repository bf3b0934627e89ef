// X-Twilio-Signature verification with twilio-node's validator (carriers.md §1.4).
// Only the webhooks module is imported: a cold `import('twilio')` took 288-600 ms (median ~360) and
// `import('twilio/lib/webhooks/webhooks.js')` 30-67 ms (median ~41), 10 fresh Node 20 processes each.
// twilio 6.2.0 has no "exports" map, so the deep path resolves; re-check if a release adds one.
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import type { RawWebhookRequest, VerifyResult } from '../carrier-adapter.ts';
import { decodeWebhookForm, groupFields } from './form.ts';

/**
 * The URL Twilio signed: the configured public URL with the query as received. A `#` connection
 * override fragment is dropped; HTTP clients never send it and the reference advises validating
 * without it (§1.3, an open question).
 */
export function signedUrlOf(publicUrl: string): string {
  const hash = publicUrl.indexOf('#');
  return hash === -1 ? publicUrl : publicUrl.slice(0, hash);
}

/**
 * Checks the signature over the URL and EVERY form field as received (§1.4: params evolve, so all
 * of them are signed). `validateRequest` compares in constant time (scmp / timingSafeEqual) and
 * also tries the URL with and without the default port, as the library documents.
 */
export function verifyTwilioSignature(authToken: string, request: RawWebhookRequest): VerifyResult {
  try {
    const signature = request.headers['x-twilio-signature'];
    if (typeof signature !== 'string' || signature === '') {
      return { ok: false, reason: 'missing_signature' };
    }
    const form = decodeWebhookForm(request);
    if (!form.ok) return { ok: false, reason: form.reason };
    const valid = validateRequest(
      authToken,
      signature,
      signedUrlOf(request.publicUrl),
      groupFields(form.fields),
    );
    return valid ? { ok: true } : { ok: false, reason: 'bad_signature' };
  } catch {
    // A public URL the validator cannot parse, or a request that is not an object.
    return { ok: false, reason: 'bad_signature' };
  }
}
