// Rough SMS segment count for the NumSegments / num_segments fields (carriers.md §5 "Segment sizes").

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';
const GSM_BASIC_SET = new Set(GSM_BASIC);
const GSM_EXTENSION_SET = new Set(GSM_EXTENSION);

/**
 * GSM-7 when every character is in the basic or extension table (extension characters take two
 * septets): 160 per single segment, 153 per part. Otherwise UCS-2: 70, then 67 per part. This is
 * an informational figure for the stand-in's fields, not the relay's billing estimate.
 */
export function countSegments(body: string): number {
  if (body.length === 0) return 1;
  let septets = 0;
  for (const char of body) {
    if (GSM_BASIC_SET.has(char)) septets += 1;
    else if (GSM_EXTENSION_SET.has(char)) septets += 2;
    else return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}
