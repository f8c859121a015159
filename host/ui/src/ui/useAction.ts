// A user's action that waits on the server: busy while it runs, its failure kept as the message
// to show (the dialog stays open to try again).
import { useCallback, useState } from "react";
import { errorMessage } from "../api/errors";

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Runs `action`; whether it succeeded. */
  const run = useCallback(async (action: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
