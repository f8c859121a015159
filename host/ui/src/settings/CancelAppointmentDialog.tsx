// "Cancelar agendamento" after a "Sim" (S9), from the contact's settings panel and from
// "Agenda de atendimentos": the time is free again and both lists hear of it.
import { useQueryClient } from "@tanstack/react-query";
import type { Appointment } from "../api/types";
import { useI18n } from "../i18n";
import { cancelAppointment } from "../queries/appointments";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { showToast } from "../ui/toast";

/** Open while `appointment` is set; `onClose` clears it. */
export function CancelAppointmentDialog({ appointment, onClose }: { appointment: Appointment | null; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  return (
    <ConfirmDialog
      open={appointment !== null}
      title={t("appointments.cancel")}
      question={t("appointments.cancelQuestion")}
      danger
      onClose={onClose}
      onConfirm={async () => {
        if (!appointment) return;
        await cancelAppointment(queryClient, appointment);
        showToast(t("appointments.cancelDone"));
      }}
    />
  );
}
