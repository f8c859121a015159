// C15: a WebM/Opus recording (as Chromium's MediaRecorder writes it: unknown-size Segment and
// Cluster) becomes a valid Ogg Opus file with the same packets, correct CRCs and granules.
import { describe, expect, it } from "vitest";
import { oggCrc, writeOggOpus } from "./ogg";
import { opusPacketSamples } from "./opusPacket";
import { EmptyRecordingError, toVoiceNote } from "./voiceNote";
import { makeOpusHead, readWebmOpus } from "./webm";

/** An EBML element: id bytes, a size (8-byte vint, or unknown), the body. */
function el(id: number[], body: Uint8Array | number[], unknownSize = false): Uint8Array {
  const b = body instanceof Uint8Array ? body : new Uint8Array(body);
  const size = unknownSize ? [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff] : [0x01, 0, 0, 0, 0, 0, 0, 0];
  if (!unknownSize) {
    let n = b.length;
    for (let i = 7; i >= 1; i--) {
      size[i] = n & 0xff;
      n = Math.floor(n / 256);
    }
  }
  return cat([new Uint8Array(id), new Uint8Array(size), b]);
}

function cat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A 20 ms CELT packet (config 31, one frame) of `n` bytes. */
const packet = (n: number, fill: number) => new Uint8Array([31 << 3, ...new Array(n - 1).fill(fill)]);

function webm(packets: Uint8Array[], withPrivate: boolean): Uint8Array {
  const head = makeOpusHead(1, 312);
  const entry = el([0xae], cat([
    el([0xd7], [1]),
    el([0x86], new TextEncoder().encode("A_OPUS")),
    ...(withPrivate ? [el([0x63, 0xa2], head)] : [el([0x56, 0xaa], [0x00, 0x63, 0x2e, 0xa0])]),
    el([0xe1], cat([el([0x9f], [1])])),
  ]));
  const blocks = packets.map((p, i) => el([0xa3], cat([new Uint8Array([0x81, 0, i, 0x80]), p])));
  return cat([
    el([0x1a, 0x45, 0xdf, 0xa3], el([0x42, 0x82], new TextEncoder().encode("webm"))),
    new Uint8Array([0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    el([0x15, 0x49, 0xa9, 0x66], el([0x2a, 0xd7, 0xb1], [0x0f, 0x42, 0x40])),
    el([0x16, 0x54, 0xae, 0x6b], entry),
    new Uint8Array([0x1f, 0x43, 0xb6, 0x75, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    el([0xe7], [0]),
    ...blocks,
  ]);
}

interface Page {
  flags: number;
  granule: number;
  sequence: number;
  packets: Uint8Array[];
  crcOk: boolean;
}

/** Reads an Ogg file back into pages and the packets each completes. */
function readOgg(bytes: Uint8Array): Page[] {
  const pages: Page[] = [];
  let at = 0;
  let partial: number[] = [];
  while (at < bytes.length) {
    expect(String.fromCharCode(...bytes.subarray(at, at + 4))).toBe("OggS");
    const view = new DataView(bytes.buffer, bytes.byteOffset + at);
    const n = bytes[at + 26];
    const lacing = Array.from(bytes.subarray(at + 27, at + 27 + n));
    const length = 27 + n + lacing.reduce((a, b) => a + b, 0);
    const copy = bytes.slice(at, at + length);
    copy.set([0, 0, 0, 0], 22);
    const packets: Uint8Array[] = [];
    let p = at + 27 + n;
    for (const l of lacing) {
      partial.push(...bytes.subarray(p, p + l));
      p += l;
      if (l < 255) {
        packets.push(new Uint8Array(partial));
        partial = [];
      }
    }
    pages.push({
      flags: bytes[at + 5],
      granule: Number(view.getBigInt64(6, true)),
      sequence: view.getUint32(18, true),
      packets,
      crcOk: oggCrc(copy) === view.getUint32(22, true),
    });
    at += length;
  }
  return pages;
}

describe("C15 voice notes", () => {
  it("reads the Opus packets and head of a MediaRecorder WebM", () => {
    const packets = [packet(40, 1), packet(300, 2), packet(3, 3)];
    const track = readWebmOpus(webm(packets, true));
    expect(track.packets).toEqual(packets);
    expect(new TextDecoder().decode(track.head.subarray(0, 8))).toBe("OpusHead");
    // Without CodecPrivate the head is made from the channels and the codec delay (6.5 ms = 312 samples).
    const made = readWebmOpus(webm(packets, false)).head;
    expect(new DataView(made.buffer).getUint16(10, true)).toBe(312);
  });

  it("knows a packet's samples from its TOC byte", () => {
    expect(opusPacketSamples(new Uint8Array([31 << 3]))).toBe(960);
    expect(opusPacketSamples(new Uint8Array([(1 << 3) | 1]))).toBe(1920);
    expect(opusPacketSamples(new Uint8Array([(16 << 3) | 3, 4]))).toBe(480);
  });

  it("writes Ogg Opus: head, tags, the same packets, CRCs, granules and end of stream", () => {
    const packets = Array.from({ length: 300 }, (_, i) => packet(60 + (i % 7) * 50, i & 0xff));
    const pages = readOgg(writeOggOpus(makeOpusHead(1, 312), packets));
    expect(pages.every((p) => p.crcOk)).toBe(true);
    expect(pages.map((p) => p.sequence)).toEqual(pages.map((_, i) => i));
    expect(pages[0].flags).toBe(0x02);
    expect(new TextDecoder().decode(pages[0].packets[0].subarray(0, 8))).toBe("OpusHead");
    expect(new TextDecoder().decode(pages[1].packets[0].subarray(0, 8))).toBe("OpusTags");
    const audio = pages.slice(2);
    expect(audio.length).toBeGreaterThan(1);
    expect(audio.flatMap((p) => p.packets)).toEqual(packets);
    expect(audio[audio.length - 1].flags).toBe(0x04);
    expect(audio[audio.length - 1].granule).toBe(300 * 960);
    // Each page's granule counts the samples of every packet completed by its end.
    let samples = 0;
    for (const p of audio) {
      samples += p.packets.length * 960;
      expect(p.granule).toBe(samples);
    }
  });

  it("turns a WebM recording into an audio/ogg blob, and keeps an Ogg one", async () => {
    const blob = await toVoiceNote(new Blob([webm([packet(20, 1), packet(20, 2)], true).buffer as ArrayBuffer], { type: "audio/webm;codecs=opus" }));
    expect(blob.type).toBe("audio/ogg");
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe("OggS");
    const ogg = new Blob([bytes], { type: "audio/ogg;codecs=opus" });
    expect((await toVoiceNote(ogg)).type).toBe("audio/ogg");
    await expect(toVoiceNote(new Blob([new Uint8Array([1])], { type: "audio/mp4" }))).rejects.toThrow();
    // Stopped before the first packet: nothing to send.
    await expect(toVoiceNote(new Blob([], { type: "audio/webm" }))).rejects.toBeInstanceOf(EmptyRecordingError);
    const headerOnly = new Blob([webm([], true).buffer as ArrayBuffer], { type: "audio/webm" });
    await expect(toVoiceNote(headerOnly)).rejects.toBeInstanceOf(EmptyRecordingError);
  });
});
