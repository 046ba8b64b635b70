/**
 * A polite live region for what a drag or a keyboard move did ("Moved “Plan” to Done"): a screen
 * reader hears the result of a move it cannot see. Each message replaces the last; the same
 * message twice is spoken twice (a counter in the key re-creates the text node).
 */
import { useCallback, useState, type ReactNode } from "react";

export function useAnnouncer(): [node: ReactNode, announce: (message: string) => void] {
  const [said, setSaid] = useState({ n: 0, text: "" });
  const announce = useCallback((text: string) => setSaid((s) => ({ n: s.n + 1, text })), []);
  const node = (
    <p className="visually-hidden db-announce" role="status" aria-live="polite">
      <span key={said.n}>{said.text}</span>
    </p>
  );
  return [node, announce];
}
