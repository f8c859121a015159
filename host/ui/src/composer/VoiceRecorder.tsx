// C15: a voice message recorded in the browser. Recording starts at once (the microphone
// button opened this); the bin discards it, the stop button ends it. With "Mostrar confirmação
// de envio de áudio" on, a dialog plays it back and asks "Tem certeza que deseja enviar esse
// áudio?" ("Não" deletes it); off, it is sent at once. Whatever the browser records, it goes
// as an OGG/Opus voice note (voice/voiceNote.ts).
import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../api/errors";
import type { Message } from "../api/types";
import { useI18n } from "../i18n";
import { useAudioConfirmation } from "../profile/audioConfirmation";
import { StopIcon, TrashIcon } from "../ui/icons";
import { EmptyRecordingError, recordingType, toVoiceNote } from "../voice/voiceNote";
import { AudioConfirmDialog } from "./AudioConfirmDialog";
import { sendFile } from "./send";

interface Props {
  conversationId: number;
  onSent: (message: Message) => void;
  onError: (message: string | null) => void;
  /** Recording is over: sent, discarded or failed. */
  onDone: () => void;
}

type Phase = "starting" | "recording" | "stopping" | "confirm" | "sending";

function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function VoiceRecorder({ conversationId, onSent, onError, onDone }: Props) {
  // Read when the recording stops: the choice may change on another device meanwhile.
  const confirmFirst = useRef(true);
  confirmFirst.current = useAudioConfirmation();
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>("starting");
  const [started, setStarted] = useState(0);
  const [now, setNow] = useState(0);
  const [note, setNote] = useState<Blob | null>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const chunks = useRef<Blob[]>([]);
  const discarded = useRef(false);

  const release = () => {
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
  };

  async function send(voice: Blob) {
    setPhase("sending");
    try {
      onSent(await sendFile(conversationId, voice, "audio.ogg"));
      onDone();
    } catch (err) {
      onError(errorMessage(err));
      onDone();
    }
  }

  useEffect(() => {
    let cancelled = false;
    // A fresh start (React's development mode mounts twice): nothing is discarded yet.
    discarded.current = false;
    chunks.current = [];
    onError(null);
    (async () => {
      try {
        const media = await navigator.mediaDevices.getUserMedia({ audio: true });
        if (cancelled) {
          media.getTracks().forEach((track) => track.stop());
          return;
        }
        stream.current = media;
        const type = recordingType((x) => MediaRecorder.isTypeSupported(x));
        const r = new MediaRecorder(media, type ? { mimeType: type } : undefined);
        recorder.current = r;
        r.ondataavailable = (e) => {
          if (e.data.size) chunks.current.push(e.data);
        };
        r.onstop = async () => {
          release();
          if (discarded.current) return;
          try {
            const voice = await toVoiceNote(new Blob(chunks.current, { type: r.mimeType || type || "audio/webm" }));
            if (confirmFirst.current) {
              setNote(voice);
              setPhase("confirm");
            } else {
              await send(voice);
            }
          } catch (err) {
            onError(err instanceof EmptyRecordingError ? t("voice.empty") : t("voice.failed"));
            onDone();
          }
        };
        r.start(250);
        setStarted(Date.now());
        setNow(Date.now());
        setPhase("recording");
      } catch {
        if (!cancelled) {
          onError(t("voice.noMicrophone"));
          onDone();
        }
      }
    })();
    return () => {
      cancelled = true;
      discarded.current = true;
      if (recorder.current?.state === "recording") recorder.current.stop();
      release();
    };
    // Runs once: the recorder lives as long as this component.
  }, []);

  useEffect(() => {
    if (phase !== "recording") return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [phase]);

  function discard() {
    discarded.current = true;
    if (recorder.current?.state === "recording") recorder.current.stop();
    release();
    onDone();
  }

  function stop() {
    setPhase("stopping");
    recorder.current?.stop();
  }

  return (
    <div className="voice-recorder" role="group" aria-label={t("voice.recording")}>
      <button type="button" className="btn btn-ghost icon-action" onClick={discard} aria-label={t("voice.discard")} title={t("voice.discard")}>
        <TrashIcon size={18} />
      </button>
      <span className="voice-status" aria-live="polite">
        {phase === "recording" && <span className="rec-dot" aria-hidden="true" />}
        {phase === "starting" ? t("voice.starting") : phase === "sending" ? t("voice.sending") : `${t("voice.recording")} ${elapsed(now - started)}`}
      </span>
      <button
        type="button"
        className="btn btn-danger icon-action"
        onClick={stop}
        disabled={phase !== "recording"}
        aria-label={t("voice.stop")}
        title={t("voice.stop")}
      >
        <StopIcon size={16} />
      </button>
      {phase === "confirm" && note && (
        <AudioConfirmDialog
          audio={note}
          onYes={() => void send(note)}
          onNo={() => {
            setNote(null);
            onDone();
          }}
        />
      )}
    </div>
  );
}
