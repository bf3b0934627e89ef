// Downloads an inbound MMS media item with the account's credentials (carriers.md §1.1 "Media access").
import type { FetchedMedia, InboundMedia } from '../carrier-adapter.ts';
import { basicAuth, type TwilioConnection } from './send.ts';

/** File extensions for the media types MMS commonly carries. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/bmp': 'bmp',
  'image/tiff': 'tiff',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'video/quicktime': 'mov',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/amr': 'amr',
  'audio/ogg': 'ogg',
  'audio/wav': 'wav',
  'text/vcard': 'vcf',
  'text/x-vcard': 'vcf',
  'text/calendar': 'ics',
  'text/plain': 'txt',
  'text/csv': 'csv',
  'application/pdf': 'pdf',
};

function mainType(contentType: string | null | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type && /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : undefined;
}

/** The MediaSid (ME + 32 hex) at the end of a Twilio media URL, if there is one. */
function mediaSidOf(url: URL): string | undefined {
  const last = url.pathname.split('/').pop() ?? '';
  return /^ME[0-9a-fA-F]{32}$/.test(last) ? last : undefined;
}

/**
 * Credentials go only to the Twilio API origin the adapter is configured with: a media URL
 * elsewhere is refused rather than fetched with the auth token.
 */
export async function fetchTwilioMedia(
  connection: TwilioConnection,
  media: InboundMedia,
): Promise<FetchedMedia> {
  if (typeof media !== 'object' || media === null || typeof media.url !== 'string') {
    throw new TypeError('fetchMedia: media must be an object with a string url');
  }
  if (!URL.canParse(media.url)) throw new Error('fetchMedia: the media URL is not an absolute URL');
  const url = new URL(media.url);
  if (url.origin !== new URL(connection.apiBaseUrl).origin) {
    throw new Error(`fetchMedia: refusing to send Twilio credentials to ${url.origin}`);
  }
  const mediaSid = mediaSidOf(url);
  const name = mediaSid ?? 'media';
  const response = await connection.fetch(url, {
    headers: { authorization: basicAuth(connection) },
    signal: AbortSignal.timeout(connection.requestTimeoutMs),
  });
  if (!response.ok) {
    throw new Error(`fetchMedia: Twilio answered HTTP ${response.status} for ${name}`);
  }
  const data = Buffer.from(await response.arrayBuffer());
  const contentType =
    mainType(response.headers.get('content-type')) ??
    mainType(media.contentType) ??
    'application/octet-stream';
  return { data, contentType, filename: `${name}.${EXTENSIONS[contentType] ?? 'bin'}` };
}
