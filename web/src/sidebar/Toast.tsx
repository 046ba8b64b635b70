/**
 * Short messages after a sidebar action ("Moved to the trash", with Undo), announced politely
 * (`role="status"`, present before any message so screen readers hear the change).
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";

interface Action {
  label: string;
  run: () => void | Promise<void>;
}
interface Toaster {
  show(text: string, action?: Action): void;
}

const ToastContext = createContext<Toaster | null>(null);
/** How long a message stays (an action's longer, to reach it by keyboard). */
const SHOWN_MS = 6000;
const WITH_ACTION_MS = 12000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<{ text: string; action?: Action; n: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const show = useCallback((text: string, action?: Action) => {
    setMessage((m) => ({ text, action, n: (m?.n ?? 0) + 1 }));
  }, []);
  useEffect(() => {
    clearTimeout(timer.current);
    if (message) timer.current = setTimeout(() => setMessage(null), message.action ? WITH_ACTION_MS : SHOWN_MS);
    return () => clearTimeout(timer.current);
  }, [message]);
  return (
    <ToastContext.Provider value={{ show }}>
      {children}
      <div className="toast-region" role="status">
        {message && (
          <div className="toast" key={message.n}>
            <span>{message.text}</span>
            {message.action && (
              <button
                type="button"
                onClick={async () => {
                  const action = message.action!;
                  setMessage(null);
                  try {
                    await action.run();
                  } catch (e) {
                    show(`Could not ${action.label.toLowerCase()}: ${(e as Error).message}`);
                  }
                }}
              >
                {message.action.label}
              </button>
            )}
          </div>
        )}
      </div>
    </ToastContext.Provider>
  );
}

/** Shows a message (with an optional action button). */
export function useToast(): Toaster {
  const t = useContext(ToastContext);
  if (!t) throw new Error("useToast outside ToastProvider");
  return t;
}
