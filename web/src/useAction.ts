import { useCallback, useState } from "react";

/** Runs a user action (save, delete, cancel): remembers its error for display and whether one is running. */
export function useAction() {
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<unknown>): Promise<boolean> => {
    setError(undefined);
    setBusy(true);
    try {
      await action();
      return true;
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { error, busy, run };
}
