// Writes Opus packets as an Ogg Opus file (RFC 7845), the voice-note format WhatsApp plays with
// the contact's avatar (C15): a first page with OpusHead (beginning of stream), a second with
// OpusTags, then the audio packets laced into pages of up to 255 segments, each page's granule
// position the samples decoded by its end, the last page marked end of stream. Pages carry
// Ogg's CRC-32 (polynomial 0x04C11DB7, unreflected).
import { opusPacketSamples } from "./opusPacket";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) & 0xff) ^ b]) >>> 0;
  return crc;
}

const BOS = 0x02;
const EOS = 0x04;
const MAX_SEGMENTS = 255;

function page(packets: Uint8Array[], flags: number, granule: number, serial: number, sequence: number): Uint8Array {
  const lacing: number[] = [];
  for (const p of packets) {
    let left = p.length;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    lacing.push(left);
  }
  const dataLength = packets.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(27 + lacing.length + dataLength);
  const view = new DataView(out.buffer);
  out.set([0x4f, 0x67, 0x67, 0x53], 0); // "OggS"
  out[4] = 0;
  out[5] = flags;
  view.setBigInt64(6, BigInt(granule), true);
  view.setUint32(14, serial, true);
  view.setUint32(18, sequence, true);
  view.setUint32(22, 0, true);
  out[26] = lacing.length;
  out.set(lacing, 27);
  let at = 27 + lacing.length;
  for (const p of packets) {
    out.set(p, at);
    at += p.length;
  }
  view.setUint32(22, oggCrc(out), true);
  return out;
}

/** Segments a packet takes in a page's lacing table. */
function segments(p: Uint8Array): number {
  return Math.floor(p.length / 255) + 1;
}

function opusTags(vendor: string): Uint8Array {
  const v = new TextEncoder().encode(vendor);
  const out = new Uint8Array(8 + 4 + v.length + 4);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode("OpusTags"), 0);
  view.setUint32(8, v.length, true);
  out.set(v, 12);
  view.setUint32(12 + v.length, 0, true);
  return out;
}

export function writeOggOpus(head: Uint8Array, packets: Uint8Array[], serial = 0x41544e44): Uint8Array {
  const pages: Uint8Array[] = [page([head], BOS, 0, serial, 0), page([opusTags("Atende")], 0, 0, serial, 1)];
  let sequence = 2;
  let granule = 0;
  let current: Uint8Array[] = [];
  let used = 0;
  const flush = (last: boolean) => {
    pages.push(page(current, last ? EOS : 0, granule, serial, sequence++));
    current = [];
    used = 0;
  };
  packets.forEach((p, i) => {
    // A packet longer than one page's table (over 64 KB) does not occur in voice at these rates.
    if (used + segments(p) > MAX_SEGMENTS) flush(false);
    current.push(p);
    used += segments(p);
    granule += opusPacketSamples(p);
    if (i === packets.length - 1) flush(true);
  });
  if (packets.length === 0) flush(true);
  const total = pages.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of pages) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
