/**
 * A change a screen makes (a form's submit, a button's action): `{busy, error, run, clear}`.
 * `run(action)` marks it busy, forgets the last error, awaits the action, then calls `onDone`
 * (a reload, closing a popover); when the action throws, its error is kept for the screen to
 * show — the API's own message (`errorMessage`) says what is wrong with the input.
 */
import { useState } from "react";

export interface Action {
  busy: boolean;
  error: unknown;
  /** Runs `action`; true when it succeeded (and `onDone` ran). */
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  clear: () => void;
}

export function useAction(onDone?: () => void): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onDone?.();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clear: () => setError(null) };
}

/** An error's text for a person: the API's `message`, else the error's own. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
