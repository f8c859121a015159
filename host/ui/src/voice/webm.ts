// Reads the Opus audio out of a WebM file as browsers' MediaRecorder writes it (Chromium
// records audio/webm;codecs=opus and cannot record Ogg): the track's OpusHead (its
// CodecPrivate, or one made from its channels and codec delay) and the Opus packets in order.
// A linear walk over the EBML elements: the masters on the way (Segment, Tracks, Cluster …)
// are entered, everything else is skipped by its size; MediaRecorder writes Segment and
// Cluster with an unknown size, which a linear walk does not need.

export interface OpusTrack {
  /** The 19+ byte OpusHead identification header (RFC 7845 §5.1). */
  head: Uint8Array;
  packets: Uint8Array[];
}

const ID = {
  segment: 0x18538067,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackNumber: 0xd7,
  codecId: 0x86,
  codecPrivate: 0x63a2,
  codecDelay: 0x56aa,
  audio: 0xe1,
  channels: 0x9f,
  cluster: 0x1f43b675,
  blockGroup: 0xa0,
  block: 0xa1,
  simpleBlock: 0xa3,
};

const MASTERS = new Set([ID.segment, ID.tracks, ID.trackEntry, ID.audio, ID.cluster, ID.blockGroup]);

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  get left(): number {
    return this.bytes.length - this.pos;
  }

  /** An element id: 1–4 bytes, its length marker kept (as the specs write ids). */
  id(): number | null {
    const first = this.bytes[this.pos];
    if (first === undefined) return null;
    const length = first >= 0x80 ? 1 : first >= 0x40 ? 2 : first >= 0x20 ? 3 : first >= 0x10 ? 4 : 0;
    if (length === 0 || this.left < length) return null;
    let value = 0;
    for (let i = 0; i < length; i++) value = value * 256 + this.bytes[this.pos + i];
    this.pos += length;
    return value;
  }

  /** A size or a block's track number: 1–8 bytes, marker removed; -1 for "unknown" (all ones). */
  vint(): number | null {
    const first = this.bytes[this.pos];
    if (first === undefined || first === 0) return null;
    let length = 1;
    while (!(first & (0x80 >> (length - 1)))) length++;
    if (this.left < length) return null;
    let value = first & (0xff >> length);
    let allOnes = value === 0xff >> length;
    for (let i = 1; i < length; i++) {
      const b = this.bytes[this.pos + i];
      allOnes &&= b === 0xff;
      value = value * 256 + b;
    }
    this.pos += length;
    return allOnes ? -1 : value;
  }
}

function uint(bytes: Uint8Array): number {
  let v = 0;
  for (const b of bytes) v = v * 256 + b;
  return v;
}

/** Builds the OpusHead a track without CodecPrivate implies (mapping family 0: mono or stereo). */
export function makeOpusHead(channels: number, preSkip: number): Uint8Array {
  const head = new Uint8Array(19);
  head.set(new TextEncoder().encode("OpusHead"), 0);
  const view = new DataView(head.buffer);
  head[8] = 1;
  head[9] = channels;
  view.setUint16(10, preSkip, true);
  view.setUint32(12, 48_000, true);
  view.setInt16(16, 0, true);
  head[18] = 0;
  return head;
}

export function readWebmOpus(bytes: Uint8Array): OpusTrack {
  const r = new Reader(bytes);
  let opusTrack: number | null = null;
  let entry: { number: number | null; codec: string | null; priv: Uint8Array | null; channels: number; delayNs: number } | null = null;
  let head: Uint8Array | null = null;
  const packets: Uint8Array[] = [];

  const finishEntry = () => {
    if (entry?.codec === "A_OPUS" && opusTrack === null) {
      opusTrack = entry.number ?? 1;
      const preSkip = Math.round((entry.delayNs * 48_000) / 1e9) || 312;
      head = entry.priv && entry.priv.length >= 19 ? entry.priv : makeOpusHead(entry.channels, preSkip);
    }
    entry = null;
  };

  while (r.left > 0) {
    const id = r.id();
    if (id === null) break;
    const size = r.vint();
    if (size === null) break;
    if (MASTERS.has(id)) {
      // A track entry's children follow it; the next entry or the first cluster ends it.
      if (id === ID.trackEntry || id === ID.cluster) finishEntry();
      if (id === ID.trackEntry) entry = { number: null, codec: null, priv: null, channels: 1, delayNs: 0 };
      continue;
    }
    if (size < 0 || size > r.left) break;
    const body = bytes.subarray(r.pos, r.pos + size);
    r.pos += size;
    if (entry) {
      if (id === ID.trackNumber) entry.number = uint(body);
      else if (id === ID.codecId) entry.codec = new TextDecoder().decode(body).replace(/\0+$/, "");
      else if (id === ID.codecPrivate) entry.priv = body.slice();
      else if (id === ID.codecDelay) entry.delayNs = uint(body);
      else if (id === ID.channels) entry.channels = uint(body);
    }
    if (id === ID.simpleBlock || id === ID.block) {
      const block = new Reader(body);
      const track = block.vint();
      if (track === null || block.left < 3) continue;
      const flags = body[block.pos + 2];
      // MediaRecorder does not lace audio; a laced block would need splitting, so it is refused.
      if ((flags >> 1) & 3) throw new Error("laced WebM blocks are not supported");
      if (opusTrack !== null && track === opusTrack) packets.push(body.slice(block.pos + 3));
    }
  }
  finishEntry();
  if (opusTrack === null || head === null) throw new Error("no Opus track in the recording");
  return { head, packets };
}
