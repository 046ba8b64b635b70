/**
 * The console's small parts: a secret shown once with its copy button, a confirmed destructive
 * button (a modal `<dialog>`: Escape closes it), an error line with the API's own message, a
 * form's submit state, and JSON shown as a collapsible tree.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { errorMessage, useAction } from "../use-action";

export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="console-error" role="alert">
      {errorMessage(error)}
    </p>
  );
}

/** Copies `text`; true when the clipboard took it (a browser may refuse without a user gesture or permission). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A button that copies `text` and says so (in a live region, for screen readers too). */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [said, setSaid] = useState("");
  return (
    <>
      <button
        type="button"
        className="console-button"
        onClick={async () => setSaid((await copyText(text)) ? "Copied" : "Could not copy: select the text and copy it")}
      >
        {label}
      </button>
      <span className="console-status" role="status">
        {said}
      </span>
    </>
  );
}

/** A secret answered once by the server: shown with a warning and a copy button, never again. */
export function SecretBox({ label, value, onDone }: { label: string; value: string; onDone?: () => void }) {
  const id = useId();
  return (
    <div className="secret-box" role="region" aria-label={label}>
      <p className="secret-warning">
        <strong>Copy it now.</strong> This is the only time Quire shows it: it keeps only a hash (or a sealed copy) and cannot show it again. Rotate it if it is lost.
      </p>
      <label htmlFor={id}>{label}</label>
      <div className="secret-row">
        <input id={id} className="secret-value" readOnly value={value} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <CopyButton text={value} />
        {onDone && (
          <button type="button" className="console-button" onClick={onDone}>
            Done
          </button>
        )}
      </div>
    </div>
  );
}

/**
 * A destructive action behind a confirmation: the button opens a modal dialog saying what will
 * happen; Confirm runs `action`, Cancel or Escape closes it. Errors show in the dialog.
 */
export function ConfirmButton({ label, title, children, confirmLabel, action, className }: { label: string; title: string; children: ReactNode; confirmLabel?: string; action: () => Promise<unknown>; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { busy, error, run, clear } = useAction(() => ref.current?.close());
  const headingId = useId();
  return (
    <>
      <button type="button" className={className ?? "console-button danger"} onClick={() => ref.current?.showModal()}>
        {label}
      </button>
      <dialog ref={ref} className="console-dialog" aria-labelledby={headingId} onClose={clear}>
        <h2 id={headingId}>{title}</h2>
        <div className="console-dialog-body">{children}</div>
        <ErrorText error={error} />
        <div className="console-actions">
          <button type="button" className="console-button" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="button" className="console-button danger solid" disabled={busy} onClick={() => run(action)}>
            {confirmLabel ?? label}
          </button>
        </div>
      </dialog>
    </>
  );
}

/** A form's submit: busy while it runs, the API's error message under it. */
export function useSubmit(action: () => Promise<unknown>): { busy: boolean; error: unknown; onSubmit: (e: FormEvent) => void; clear: () => void } {
  const { busy, error, run, clear } = useAction();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run(action);
  };
  return { busy, error, onSubmit, clear };
}

/** Text that may be JSON: a collapsible tree when it parses, else as it is. */
export function JsonBody({ text, label }: { text: string | null; label: string }) {
  if (text === null || text === "") return <p className="muted">No {label.toLowerCase()}.</p>;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return <pre className="json-raw">{text}</pre>;
  }
  return (
    <div className="json-tree" aria-label={label} role="group">
      <JsonNode value={value} name={null} depth={0} />
    </div>
  );
}

function JsonNode({ value, name, depth }: { value: unknown; name: string | null; depth: number }) {
  const key = name === null ? null : <span className="json-key">{JSON.stringify(name)}: </span>;
  if (value === null || typeof value !== "object") {
    const cls = value === null ? "json-null" : `json-${typeof value}`;
    return (
      <div className="json-leaf">
        {key}
        <span className={cls}>{JSON.stringify(value)}</span>
      </div>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0)
    return (
      <div className="json-leaf">
        {key}
        {open}
        {close}
      </div>
    );
  return (
    <details className="json-node" open={depth < 2}>
      <summary>
        {key}
        {open}
        <span className="json-count">
          {" "}
          {entries.length} {Array.isArray(value) ? (entries.length === 1 ? "item" : "items") : entries.length === 1 ? "key" : "keys"}{" "}
        </span>
      </summary>
      <div className="json-children">
        {entries.map(([k, v]) => (
          <JsonNode key={k} value={v} name={Array.isArray(value) ? null : k} depth={depth + 1} />
        ))}
      </div>
      <div>{close}</div>
    </details>
  );
}

/** Sets the document's title while a screen shows. */
export function useTitle(title: string) {
  useEffect(() => {
    const before = document.title;
    document.title = `${title} · Quire`;
    return () => {
      document.title = before;
    };
  }, [title]);
}
