/**
 * A small dialog beside the control that opened it (cell editors, menus, the filter builder):
 * focus moves into it, Escape or a click outside closes it, and focus returns to the opener; Tab
 * (or Shift+Tab) out of it closes it too, and focus stays where Tab took it.
 * Placed with `position: fixed` from the opener's box so a scrolling table does not clip it.
 */
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";

export function Popover({ label, anchor, onClose, children, wide }: { label: string; anchor: HTMLElement | null; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  // The opener as last rendered (a popover opened on first render gets its anchor a render later).
  const opener = useRef(anchor);
  opener.current = anchor ?? opener.current;
  // Focus left by Tab: it stays where it went, not back on the opener.
  const left = useRef(false);
  // Tab was pressed in the box: the blur that follows is the keyboard leaving (a click is the outside click's).
  const tabbing = useRef(false);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    const r = anchor?.getBoundingClientRect();
    const width = Math.min(wide ? 560 : 300, window.innerWidth - 16);
    const left = Math.max(8, Math.min((r?.left ?? 8), window.innerWidth - width - 8));
    const top = Math.min((r?.bottom ?? 40) + 4, Math.max(8, window.innerHeight - 120));
    setPos({ left, top });
  }, [anchor, wide]);

  // Focus moves in once the box is placed: while it is `visibility: hidden` nothing in it can take focus.
  const focused = useRef(false);
  useEffect(() => {
    if (!pos || focused.current) return;
    focused.current = true;
    box.current?.querySelector<HTMLElement>("[data-autofocus], input, select, textarea, button")?.focus();
  }, [pos]);

  useEffect(() => {
    const down = (e: MouseEvent) => {
      const from = opener.current;
      if (box.current && !box.current.contains(e.target as Node) && !(from && from.contains(e.target as Node))) onClose();
    };
    document.addEventListener("mousedown", down);
    return () => {
      document.removeEventListener("mousedown", down);
      const from = opener.current;
      if (from && document.contains(from) && !left.current) from.focus();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div
      ref={box}
      role="dialog"
      aria-label={label}
      className={`db-popover${wide ? " wide" : ""}`}
      style={pos ? { left: pos.left, top: pos.top } : { visibility: "hidden" }}
      onBlur={(e) => {
        // Tab or Shift+Tab took focus outside (the opener included): the popover closes.
        if (!tabbing.current) return;
        tabbing.current = false;
        const to = e.relatedTarget as Node | null;
        if (to && e.currentTarget.contains(to)) return;
        left.current = !!to;
        onClose();
      }}
      onKeyDown={(e) => {
        tabbing.current = e.key === "Tab";
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      {children}
    </div>
  );
}
