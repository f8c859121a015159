// C15: a recording becomes a voice note. The server sends an audio/ogg file as WhatsApp's voice
// note (host/src/service/sending.rs), so whatever the browser records is turned into Ogg Opus
// here: a browser that records Ogg (Firefox) is taken as is; Chromium's WebM/Opus is remuxed
// packet for packet (webm.ts → ogg.ts), without decoding or re-encoding.
import { writeOggOpus } from "./ogg";
import { readWebmOpus } from "./webm";

/** A recording with no sound in it (stopped before the first packet): there is nothing to send. */
export class EmptyRecordingError extends Error {
  constructor() {
    super("the recording is empty");
  }
}

/** The recording format to ask MediaRecorder for: Ogg where it can, else WebM with Opus. */
export function recordingType(isTypeSupported: (type: string) => boolean): string | undefined {
  return ["audio/ogg;codecs=opus", "audio/webm;codecs=opus", "audio/webm"].find((t) => isTypeSupported(t));
}

export async function toVoiceNote(recording: Blob): Promise<Blob> {
  if (recording.size === 0) throw new EmptyRecordingError();
  const type = recording.type.toLowerCase();
  if (type.startsWith("audio/ogg")) return new Blob([recording], { type: "audio/ogg" });
  if (!type.includes("webm")) throw new Error(`cannot make a voice note from ${recording.type || "this recording"}`);
  const track = readWebmOpus(new Uint8Array(await recording.arrayBuffer()));
  if (track.packets.length === 0) throw new EmptyRecordingError();
  const ogg = writeOggOpus(track.head, track.packets);
  return new Blob([ogg.buffer as ArrayBuffer], { type: "audio/ogg" });
}
