/** Cursor helpers shared by list endpoints. */
import { errors } from "../api/errors.js";

/** Notion's answer to a cursor it did not issue (or that no longer points anywhere). */
export const invalidCursor = (cursor: string) => errors.validation(`The start_cursor provided is invalid: ${cursor}`);

/** Offset cursors for lists computed in memory (property items). */
export const offsetCursor = {
  encode: (offset: number) => Buffer.from(`o:${offset}`).toString("base64url"),
  decode(cursor: string | null): number | null {
    if (cursor === null) return 0;
    const text = Buffer.from(cursor, "base64url").toString();
    const m = /^o:(\d+)$/.exec(text);
    return m ? Number(m[1]) : null;
  },
};
