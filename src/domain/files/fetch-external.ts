/**
 * HTTP(S) requests for external_url imports that refuse private and loopback addresses (unless
 * allowed): the check runs in the socket's own DNS lookup, so a name cannot resolve to a public
 * address for the check and a private one for the connection. Redirects are followed by hand,
 * each hop checked the same way.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { lookup as dnsLookup } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const)
  PRIVATE.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const) PRIVATE.addSubnet(net, bits, "ipv6");

/** Whether an IP address is private, loopback, link-local or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1], "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

export class FetchRefused extends Error {}

const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return (callback as (e: Error | null, a: string, f: number) => void)(err, "", 4);
    const list = addresses as { address: string; family: number }[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad || list.length === 0)
      return (callback as (e: Error | null, a: string, f: number) => void)(new FetchRefused(`${hostname} resolves to a private address`), "", 4);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
    (callback as (e: null, a: string, f: number) => void)(null, list[0].address, list[0].family);
  });
};

export interface ExternalResponse {
  status: number;
  headers: IncomingMessage["headers"];
  body: IncomingMessage;
}

/** GET or HEAD `url`, following up to 5 redirects; private hosts refused unless `allowPrivate`. */
export async function fetchExternal(url: string, opts: { method: "GET" | "HEAD"; allowPrivate: boolean; signal: AbortSignal }): Promise<ExternalResponse> {
  let current = new URL(url);
  for (let hop = 0; hop <= 5; hop++) {
    if (current.protocol !== "https:" && !(opts.allowPrivate && current.protocol === "http:"))
      throw new FetchRefused("The URL must use https.");
    const literal = current.hostname.replace(/^\[|\]$/g, "");
    if (!opts.allowPrivate && isIP(literal) && isPrivateAddress(literal)) throw new FetchRefused(`${literal} is a private address`);
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = (current.protocol === "https:" ? httpsRequest : httpRequest)(
        current,
        { method: opts.method, signal: opts.signal, lookup: opts.allowPrivate ? undefined : guardedLookup, headers: { "user-agent": "Quire file import" } },
        resolve,
      );
      req.on("error", reject);
      req.end();
    });
    const location = res.headers.location;
    if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location) {
      res.resume();
      current = new URL(location, current);
      continue;
    }
    return { status: res.statusCode ?? 0, headers: res.headers, body: res };
  }
  throw new FetchRefused("Too many redirects.");
}
