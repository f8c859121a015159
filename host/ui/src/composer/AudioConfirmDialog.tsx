// C15: with "Mostrar confirmação de envio de áudio" on, the recording is played back and the
// agent answers "Tem certeza que deseja enviar esse áudio?": "Sim" sends it, "Não" deletes it.
import { useEffect, useMemo } from "react";
import { useI18n } from "../i18n";
import { Dialog } from "../ui/Dialog";

interface Props {
  audio: Blob;
  onYes: () => void;
  onNo: () => void;
}

export function AudioConfirmDialog({ audio, onYes, onNo }: Props) {
  const { t } = useI18n();
  const url = useMemo(() => URL.createObjectURL(audio), [audio]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <Dialog
      open
      title={t("voice.confirmTitle")}
      onClose={onNo}
      testId="audio-confirm-dialog"
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onNo}>
            {t("common.no")}
          </button>
          <button type="button" className="btn btn-primary" onClick={onYes} autoFocus>
            {t("common.yes")}
          </button>
        </>
      }
    >
      <p>{t("voice.confirmQuestion")}</p>
      <audio className="media-audio" controls src={url} data-testid="audio-playback" />
    </Dialog>
  );
}
