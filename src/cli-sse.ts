/**
 * Following a control API stream (Server-Sent Events) from the command line: `quire webhook tail`
 * and `quire requests tail` open one, print a first line, then hand each event's JSON on until the
 * server closes the stream. A refusal is the server's code and message (a ConfigError).
 */
import { ConfigError } from "./config.js";
import type { Target } from "./cli-control.js";

/** Opens `path` on `target` as an event stream, writes `banner`, then calls `onEvent` with each event's parsed `data`. */
export async function followStream(target: Target, path: string, banner: string, write: (line: string) => void, onEvent: (data: unknown) => void): Promise<void> {
  let res: Response;
  try {
    res = await fetch(target.url + path, { headers: { authorization: `Bearer ${target.adminKey}`, accept: "text/event-stream" } });
  } catch (e) {
    throw new ConfigError(`No Quire server answers at ${target.url} (${(e as Error).message}).`);
  }
  if (!res.ok || !res.body) {
    const json = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
    throw new ConfigError(json?.code ? `${res.status} ${json.code}: ${json.message}` : `${res.status} from ${target.url}: not a Quire server?`);
  }
  write(banner);
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      // An event's data lines joined; comment lines (keep-alives) carry none.
      const data = message.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
      if (data) onEvent(JSON.parse(data));
    }
  }
}
