/** An SDK client that records the status of every HTTP answer it gets, its own retries included (faults, rate limits). */
import { Client, LogLevel } from "@notionhq/client";

/** `@notionhq/client` as `q`'s dev integration, pushing each answer's status to `seen` (the SDK retries on its own: tests count them). */
export function countingClient(q: { token: string; url: string }, seen: number[]): Client {
  return new Client({
    auth: q.token,
    baseUrl: q.url,
    notionVersion: "2025-09-03",
    logLevel: LogLevel.ERROR,
    fetch: async (url: string, init?: RequestInit) => {
      const res = await fetch(url, init);
      seen.push(res.status);
      return res;
    },
  } as ConstructorParameters<typeof Client>[0]);
}
