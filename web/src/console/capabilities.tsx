import { useId } from "react";

/** Notion's integration capabilities as checkboxes (content and comments) and a choice (user information). */
export const CONTENT = [
  ["read_content", "Read content"],
  ["update_content", "Update content"],
  ["insert_content", "Insert content"],
  ["read_comments", "Read comments"],
  ["insert_comments", "Insert comments"],
] as const;
export const USER = [
  ["user_info_none", "No user information"],
  ["user_info_without_email", "User information without email addresses"],
  ["user_info_with_email", "User information with email addresses"],
] as const;
export const DEFAULT_CAPABILITIES = ["read_content", "update_content", "insert_content", "read_comments", "insert_comments", "user_info_with_email"];

export function CapabilityFields({ value, onChange }: { value: string[]; onChange: (v: string[]) => void }) {
  const group = useId();
  const user = USER.find(([k]) => value.includes(k))?.[0] ?? "user_info_none";
  const content = (key: string, on: boolean) => onChange(on ? [...value, key] : value.filter((c) => c !== key));
  const setUser = (key: string) => onChange([...value.filter((c) => !c.startsWith("user_info_")), key]);
  return (
    <div className="capabilities">
      <fieldset className="field">
        <legend>Content and comments</legend>
        {CONTENT.map(([key, label]) => (
          <label key={key}>
            <input type="checkbox" checked={value.includes(key)} onChange={(e) => content(key, e.target.checked)} /> {label}
          </label>
        ))}
      </fieldset>
      <fieldset className="field">
        <legend>User capabilities</legend>
        {USER.map(([key, label]) => (
          <label key={key}>
            <input type="radio" name={group} checked={user === key} onChange={() => setUser(key)} /> {label}
          </label>
        ))}
      </fieldset>
    </div>
  );
}

/** Secrets answered by a create, kept in memory until the next screen shows them (once). */
const secrets = new Map<string, { label: string; value: string }>();
export function rememberSecret(id: string, s: { label: string; value: string }) {
  secrets.set(id, s);
}
export function peekSecret(id: string): { label: string; value: string } | null {
  return secrets.get(id) ?? null;
}
export function forgetSecret(id: string) {
  secrets.delete(id);
}
