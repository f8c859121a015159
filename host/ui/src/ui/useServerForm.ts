// A form whose server refusals land under the field they concern (contacts, companies, a
// reseller's new account): the field errors and the form's own error, busy while the request
// runs, and the refused field focused so the person can fix it at once. Which field a message
// is about is the caller's rule (its `…FieldOfMessage`); a message about none shows on the form.
import { useCallback, useRef, useState } from "react";
import { errorMessage } from "../api/errors";

export function useServerForm<K extends string>(fieldOf: (message: string) => K | null) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  /** Each field's control, to focus when the server refuses it. */
  const controls = useRef<Partial<Record<K, HTMLInputElement | HTMLSelectElement | null>>>({});

  /** Forget a field's error once the person changes it. */
  const clearError = useCallback((field: K) => {
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));
  }, []);

  /** Run `action`; its refusal goes under its field (focused) or on the form. Whether it succeeded. */
  const submit = useCallback(
    async (action: () => Promise<void>): Promise<boolean> => {
      setBusy(true);
      setErrors({});
      setFormError(null);
      try {
        await action();
        return true;
      } catch (err) {
        const message = errorMessage(err);
        const field = fieldOf(message);
        if (field) {
          setErrors({ [field]: message } as Partial<Record<K, string>>);
          controls.current[field]?.focus();
        } else setFormError(message);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [fieldOf],
  );

  return { busy, errors, formError, controls, clearError, submit };
}
