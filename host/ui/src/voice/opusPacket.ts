// How many 48 kHz samples an Opus packet holds, read from its TOC byte (RFC 6716 §3.1): the
// frame size its configuration gives, times the frames its count code says. An Ogg page's
// granule position (voiceNote.ts) is the running sum of these.

/** Frame sizes in samples at 48 kHz: SILK-only (configs 0–11), hybrid (12–15), CELT-only (16–31). */
const SILK = [480, 960, 1920, 2880];
const HYBRID = [480, 960];
const CELT = [120, 240, 480, 960];

export function opusPacketSamples(packet: Uint8Array): number {
  if (packet.length === 0) return 0;
  const toc = packet[0];
  const config = toc >> 3;
  const frameSize = config < 12 ? SILK[config % 4] : config < 16 ? HYBRID[config % 2] : CELT[config % 4];
  const code = toc & 3;
  const frames = code === 0 ? 1 : code === 3 ? (packet.length > 1 ? packet[1] & 0x3f : 0) : 2;
  return frameSize * frames;
}
