/** Request shapes of the snapshot control routes (src/routes/admin-snapshots.ts), worded as Notion words its validation errors. */
import { object, string } from "../api/validate.js";
import { validSnapshotName } from "../storage/snapshots.js";

/** A snapshot's name: 1–100 characters of `[A-Za-z0-9._-]` (it names a file on SQLite). */
export const snapshotName = string({
  minLength: 1,
  maxLength: 100,
  check: { test: validSnapshotName, expectation: "should be 1–100 characters of letters, digits, `.`, `_` or `-`" },
});

export const saveSnapshotBody = object({ name: snapshotName });

export const snapshotPath = object({ name: snapshotName });
