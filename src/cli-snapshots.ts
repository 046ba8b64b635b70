/**
 * `quire snapshot save|restore|list|delete NAME` and `quire reset` (docs/design/snapshots.md):
 * the control API's server-wide snapshot routes (`/_quire/v1/snapshots`, `/_quire/v1/reset`).
 */

type Request = [string, string, unknown?];

/**
 * The request of a snapshot command; undefined when the command is none of these (the caller
 * routes it), null for a usage error (a missing name, an unknown verb).
 */
export function snapshotRoute(command: string, sub: string | undefined, name: string | undefined): Request | null | undefined {
  if (command === "reset") return sub === undefined ? ["POST", "/_quire/v1/reset"] : null;
  if (command !== "snapshot") return undefined;
  if (sub === "list") return ["GET", "/_quire/v1/snapshots"];
  if (!name) return null;
  const path = `/_quire/v1/snapshots/${encodeURIComponent(name)}`;
  switch (sub) {
    case "save":
      return ["POST", "/_quire/v1/snapshots", { name }];
    case "restore":
      return ["POST", `${path}/restore`];
    case "delete":
      return ["DELETE", path];
    default:
      return null;
  }
}
