/**
 * The web app's pure rules for showing Notion content (web/src/blocks/), one line each: list
 * numbering as Notion numbers (restarts, start index, formats), date mentions as Notion's app
 * writes them, where links go (inside the app, out, or nowhere for unsafe schemes), and which
 * video URLs become a player frame. The rendering itself: test/web-blocks.test.ts (Chromium).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { listLabel, numberedRuns } from "../web/src/blocks/numbering.js";
import { formatNotionDate } from "../web/src/blocks/dates.js";
import { linkTarget, videoPlayer, idIn } from "../web/src/blocks/links.js";

const n = (text = "", extra: Record<string, unknown> = {}) => ({ type: "numbered_list_item", numbered_list_item: { rich_text: [], ...extra }, text });
const p = { type: "paragraph", paragraph: { rich_text: [] } };
const numbers = (blocks: Record<string, unknown>[]) => blocks.map((_, i) => numberedRuns(blocks).get(i)?.value ?? null);

test("numbered lists count from 1 and restart after any other block", () => {
  assert.deepEqual(numbers([n(), n(), n(), p, n(), n()]), [1, 2, 3, null, 1, 2]);
  assert.deepEqual(numbers([p, n(), { type: "bulleted_list_item" }, n()]), [null, 1, null, 1]);
});

test("a run's first item sets its start and format", () => {
  assert.deepEqual(numbers([n("", { list_start_index: 4 }), n(), p, n()]), [4, 5, null, 1]);
  assert.equal(numberedRuns([n("", { list_format: "roman" }), n()]).get(1)?.format, "roman");
  assert.equal(numberedRuns([n(), n("", { list_format: "roman" })]).get(1)?.format, undefined);
});

test("list labels in numbers, letters and roman numerals", () => {
  assert.deepEqual([1, 2, 10].map((i) => listLabel(i, "numbers")), ["1", "2", "10"]);
  assert.deepEqual([1, 2, 26, 27, 28, 52, 53].map((i) => listLabel(i, "letters")), ["a", "b", "z", "aa", "ab", "az", "ba"]);
  assert.deepEqual([1, 4, 9, 14, 40, 1994].map((i) => listLabel(i, "roman")), ["i", "iv", "ix", "xiv", "xl", "mcmxciv"]);
});

const today = new Date(2026, 11, 7, 12, 0);
test("date mentions: today, tomorrow, yesterday, else the full date", () => {
  assert.equal(formatNotionDate({ start: "2026-12-07" }, today), "Today");
  assert.equal(formatNotionDate({ start: "2026-12-08" }, today), "Tomorrow");
  assert.equal(formatNotionDate({ start: "2026-12-06" }, today), "Yesterday");
  assert.equal(formatNotionDate({ start: "2025-03-05" }, today), "March 5, 2025");
});

test("date mentions: a time in the value's zone, ranges with an arrow", () => {
  assert.equal(formatNotionDate({ start: "2025-03-05T15:00:00.000+00:00", time_zone: "America/New_York" }, today), "March 5, 2025 10:00 AM");
  assert.equal(formatNotionDate({ start: "2025-03-05", end: "2025-03-09" }, today), "March 5, 2025 → March 9, 2025");
  assert.equal(formatNotionDate(null, today), "");
  assert.equal(formatNotionDate({ start: "not a date" }, today), "not a date");
});

test("links: Notion page links open in the app, http(s)/mailto/tel go out, other schemes nowhere", () => {
  assert.deepEqual(linkTarget("/0f3c6a4e1b2d4c5e8f9a0b1c2d3e4f5a"), { internal: "0f3c6a4e-1b2d-4c5e-8f9a-0b1c2d3e4f5a", hash: "" });
  assert.deepEqual(linkTarget("https://www.notion.so/Plan-0f3c6a4e1b2d4c5e8f9a0b1c2d3e4f5a#abc"), { internal: "0f3c6a4e-1b2d-4c5e-8f9a-0b1c2d3e4f5a", hash: "abc" });
  assert.deepEqual(linkTarget("https://example.com/a?b=1"), { external: "https://example.com/a?b=1" });
  assert.deepEqual(linkTarget("mailto:ada@example.com"), { external: "mailto:ada@example.com" });
  assert.equal(linkTarget("javascript:alert(1)"), null);
  assert.equal(linkTarget("data:text/html,<script>"), null);
  assert.equal(linkTarget("/not-an-id"), null);
  assert.equal(idIn("x-0F3C6A4E1B2D4C5E8F9A0B1C2D3E4F5A"), "0f3c6a4e-1b2d-4c5e-8f9a-0b1c2d3e4f5a");
});

test("videos: players of YouTube, Vimeo and Loom over https, nothing else", () => {
  assert.equal(videoPlayer("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3"), "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
  assert.equal(videoPlayer("https://youtu.be/dQw4w9WgXcQ"), "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
  assert.equal(videoPlayer("https://vimeo.com/76979871"), "https://player.vimeo.com/video/76979871");
  assert.equal(videoPlayer("https://www.loom.com/share/abc123"), "https://www.loom.com/embed/abc123");
  assert.equal(videoPlayer("http://www.youtube.com/watch?v=dQw4w9WgXcQ"), null);
  assert.equal(videoPlayer("https://example.com/movie.mp4"), null);
});
