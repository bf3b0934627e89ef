// Writes small valid PNG logos with node:zlib, so the package ships no binary files (PNG spec, ISO/IEC 15948).
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The SMS Bridge logo at `size`×`size`: a speech bubble on a rounded green square, RGBA.
 * Zendesk shows logo.png at 320×320 and logo-small.png at 128×128.
 */
export function logoPng(size: number): Buffer {
  if (!Number.isInteger(size) || size < 16 || size > 1024) {
    throw new TypeError(`logoPng: expected a size from 16 to 1024, received ${String(size)}`);
  }
  const rows: Buffer[] = [];
  const radius = size * 0.18;
  const inside = (x: number, y: number): boolean => {
    const cx = Math.min(Math.max(x, radius), size - radius);
    const cy = Math.min(Math.max(y, radius), size - radius);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
  };
  const bubble = (x: number, y: number): boolean => {
    const u = x / size;
    const v = y / size;
    const inBody = ((u - 0.5) / 0.32) ** 2 + ((v - 0.45) / 0.24) ** 2 <= 1;
    const inTail = v >= 0.6 && v <= 0.8 && u >= 0.3 && u <= 0.42 - (v - 0.6) * 0.6;
    return inBody || inTail;
  };
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // Filter type 0, then RGBA pixels.
    for (let x = 0; x < size; x++) {
      const offset = 1 + x * 4;
      if (!inside(x + 0.5, y + 0.5)) continue; // Transparent corner.
      const white = bubble(x + 0.5, y + 0.5);
      row[offset] = white ? 255 : 3;
      row[offset + 1] = white ? 255 : 54;
      row[offset + 2] = white ? 255 : 61;
      row[offset + 3] = 255;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // Bit depth.
  header[9] = 6; // Colour type: RGBA.
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
