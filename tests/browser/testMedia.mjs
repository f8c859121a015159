// Small real files for the journeys that send or receive media: a PNG picture (a gradient, so a
// screenshot shows it), an Ogg Opus voice note of silence (a player can load it), a PDF.
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A `width`×`height` RGB PNG: a diagonal gradient from teal to orange. */
export function png(width = 160, height = 100) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const t = (x + y) / (width + height);
      const at = y * (width * 3 + 1) + 1 + x * 3;
      raw[at] = Math.round(15 + 220 * t);
      raw[at + 1] = Math.round(118 + 20 * t);
      raw[at + 2] = Math.round(110 - 80 * t);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

// Ogg's CRC (unreflected 0x04C11DB7), unlike PNG's.
const OGG_TABLE = Array.from({ length: 256 }, (_, i) => {
  let r = i << 24;
  for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
  return r >>> 0;
});

function oggPage(packets, flags, granule, sequence) {
  const lacing = [];
  for (const p of packets) {
    let left = p.length;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    lacing.push(left);
  }
  const page = Buffer.concat([Buffer.alloc(27 + lacing.length), ...packets]);
  page.write("OggS", 0, "ascii");
  page[5] = flags;
  page.writeBigInt64LE(BigInt(granule), 6);
  page.writeUInt32LE(0x54455354, 14);
  page.writeUInt32LE(sequence, 18);
  page[26] = lacing.length;
  Buffer.from(lacing).copy(page, 27);
  let crc = 0;
  for (const b of page) crc = ((crc << 8) ^ OGG_TABLE[((crc >>> 24) & 0xff) ^ b]) >>> 0;
  page.writeUInt32LE(crc, 22);
  return page;
}

/** `seconds` of silence as an Ogg Opus voice note (20 ms CELT silence packets). */
export function oggSilence(seconds = 1) {
  const head = Buffer.alloc(19);
  head.write("OpusHead", 0, "ascii");
  head[8] = 1;
  head[9] = 1;
  head.writeUInt16LE(312, 10);
  head.writeUInt32LE(48000, 12);
  const tags = Buffer.concat([Buffer.from("OpusTags"), Buffer.from([4, 0, 0, 0]), Buffer.from("test"), Buffer.alloc(4)]);
  const silence = Buffer.from([0xf8, 0xff, 0xfe]);
  const count = Math.round(seconds * 50);
  const packets = Array.from({ length: count }, () => silence);
  return Buffer.concat([oggPage([head], 2, 0, 0), oggPage([tags], 0, 0, 1), oggPage(packets, 4, count * 960, 2)]);
}

/** A one-page PDF. */
export function pdf() {
  return Buffer.from(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
      "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  );
}
