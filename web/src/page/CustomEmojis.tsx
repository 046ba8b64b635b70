/**
 * The workspace's custom emojis in an icon picker, after the standard emoji: read with
 * `GET /v1/custom_emojis` (every page, as the signed-in person), each a button showing its image
 * and name, narrowed by a search on the name. Choosing one hands `{type: "custom_emoji",
 * custom_emoji: {id}}` to the picker, which sets it through /v1.
 */
import { useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";

/** The custom emoji list of an icon picker; `choose` gets the icon to set. */
export function CustomEmojis({ choose, busy }: { choose: (icon: Json) => void; busy: boolean }) {
  const api = useApi();
  const emojis = useLoad(() => api.all<Json>("GET", "/custom_emojis"), [api]);
  const [query, setQuery] = useState("");
  const all = emojis.data ?? [];
  if (!emojis.data && !emojis.error) return null;
  if (emojis.error) return <p role="alert">Custom emojis could not be read: {emojis.error.message}</p>;
  if (!all.length) return null;
  const q = query.trim().toLowerCase().replace(/^:|:$/g, "");
  const shown = q ? all.filter((e) => String(e.name).toLowerCase().includes(q)) : all;
  return (
    <section className="picker-custom" aria-label="Workspace emojis">
      <h3>Workspace emojis</h3>
      <label>
        Search workspace emojis <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <ul>
        {shown.map((e) => (
          <li key={e.id}>
            <button type="button" disabled={busy} onClick={() => choose({ type: "custom_emoji", custom_emoji: { id: e.id } })}>
              <img src={e.url} alt="" width={20} height={20} />
              <span>:{e.name}:</span>
            </button>
          </li>
        ))}
      </ul>
      {!shown.length && <p>No emoji named “{query.trim()}”.</p>}
    </section>
  );
}
