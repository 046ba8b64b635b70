/**
 * Which addresses an outbound request may reach: not private, loopback, link-local, multicast
 * or otherwise non-public ones (unless the server is configured to allow them). The check runs
 * inside the socket's own DNS lookup (`guardedLookup`), so a name cannot resolve to a public
 * address for a check and to a private one for the connection (DNS rebinding).
 */
import { lookup as dnsLookup } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const)
  PRIVATE.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8]] as const) PRIVATE.addSubnet(net, bits, "ipv6");

/**
 * The IPv4 address an IPv6 address embeds and routes to: IPv4-mapped (::ffff:a.b.c.d, also
 * written ::ffff:7f00:1) and NAT64 (64:ff9b::/96). Null for other addresses.
 */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Whether an IP address is private, loopback, link-local or otherwise not public (non-IPs count as private). */
export function isPrivateAddress(address: string): boolean {
  const v4 = embeddedIpv4(address);
  if (v4) return PRIVATE.check(v4, "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** An outbound request the server refuses to make (scheme, address, redirects). */
export class OutboundRefused extends Error {
  override name = "OutboundRefused";
}

type Callback = (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void;

/** Which targets a request may reach. */
export interface TargetPolicy {
  /** Any address, over http too (tests, trusted networks). */
  allowPrivate?: boolean;
  /** http as well as https. */
  allowHttp?: boolean;
  /** Private addresses let through anyway (an allow-list of trusted hosts). */
  allowAddress?: (ip: string) => boolean;
}

const blocked = (ip: string, policy: TargetPolicy) => !policy.allowPrivate && isPrivateAddress(ip) && !policy.allowAddress?.(ip);

/** A `lookup` for sockets that fails when any address the name resolves to is blocked. */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    const done = callback as unknown as Callback;
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return done(err, "", 4);
      const list = addresses as { address: string; family: number }[];
      if (list.length === 0 || list.some((a) => blocked(a.address, policy))) return done(new OutboundRefused(`${hostname} resolves to a private address`), "", 4);
      if ((options as { all?: boolean }).all) return done(null, list);
      done(null, list[0].address, list[0].family);
    });
  };
}

/** Refuses a URL's scheme or literal address before any connection is made (sockets skip DNS for literals). */
export function checkTarget(url: URL, policy: TargetPolicy): void {
  const http = policy.allowPrivate || policy.allowHttp;
  if (url.protocol !== "https:" && !(http && url.protocol === "http:")) throw new OutboundRefused("The URL must use https.");
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(literal) && blocked(literal, policy)) throw new OutboundRefused(`${literal} is a private address`);
}
