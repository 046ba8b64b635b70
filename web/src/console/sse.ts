/**
 * Following a control API Server-Sent Events stream (the request log's, webhook deliveries') with
 * `fetch` rather than `EventSource`: fetch sends the session's `X-Quire-CSRF` header like every
 * other call, so no token goes into the address. Events named `event` go to `onData` (parsed
 * JSON); a dropped stream is opened again after 1 s, doubling to 15 s, until `signal` aborts.
 */
import type { Api } from "../api";
import { serverPath } from "../base";

export type StreamState = "connecting" | "live" | "reconnecting";

export async function followEvents(api: Api, path: string, event: string, signal: AbortSignal, onData: (data: unknown) => void, onState: (s: StreamState) => void = () => undefined): Promise<void> {
  let pause = 1000;
  while (!signal.aborted) {
    try {
      const res = await fetch(serverPath(path), {
        headers: { accept: "text/event-stream", "x-quire-csrf": api.session.csrf_token, "x-quire-workspace": api.workspaceId },
        credentials: "same-origin",
        signal,
      });
      if (!res.ok || !res.body) throw new Error(`the stream answered ${res.status}`);
      onState("live");
      pause = 1000;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let name = "message";
          const data: string[] = [];
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) name = line.slice(6).trim();
            else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
          }
          if (name !== event || data.length === 0) continue;
          let parsed: unknown;
          try {
            parsed = JSON.parse(data.join("\n"));
          } catch {
            continue; // not JSON: not an event this screen reads
          }
          onData(parsed);
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    if (signal.aborted) return;
    onState("reconnecting");
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 15_000);
  }
}
