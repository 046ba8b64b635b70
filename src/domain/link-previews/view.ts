/** A preview as the control API shows it (`object: "link_preview"`). */
import type { LinkPreviewRow } from "../../storage/types.js";

/** The control API's view of a stored preview. */
export function viewPreview(row: LinkPreviewRow) {
  return {
    object: "link_preview",
    id: row.id,
    url: row.url,
    integration_id: row.client_id,
    user_id: row.user_id,
    block_id: row.block_id,
    as: row.kind,
    attributes: JSON.parse(row.attributes) as unknown[],
    error: row.error === null ? null : (JSON.parse(row.error) as { status: number; message: string }),
    unfurled_time: new Date(row.unfurled_time).toISOString(),
    created_time: new Date(row.created_time).toISOString(),
  };
}
