/**
 * A link-preview partner for tests (node:http on 127.0.0.1): the partner's OAuth authorize page
 * (it exchanges Quire's code through `@notionhq/client`'s `oauth.token` with `external_account`,
 * then sends the person back to Quire's callback with its own code), its token URL
 * (authorization_code and refresh_token grants, form-urlencoded), and the unfurl callback (POST
 * answers operations as `mode` says; DELETE recorded). Everything it receives is recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { Client, LogLevel } from "@notionhq/client";

/** How the unfurl callback answers the next POSTs. */
export type UnfurlMode = "ok" | "error" | "unauthorized" | "down" | "status500" | "slow" | "huge" | "invalid" | "html" | "redirect";

export interface PartnerCall {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

export interface Partner {
  origin: string;
  calls: PartnerCall[];
  /** Notion tokens the partner got by exchanging Quire's codes (one per account link). */
  notionTokens: { access_token: string; bot_id: string; workspace_id: string }[];
  mode: UnfurlMode;
  /** The title the unfurl callback answers. */
  title: string;
  /** Seconds the next issued partner token lives (null: no expiry given). */
  expiresIn: number | null;
  /** The client secret its token URL expects from Quire. */
  clientSecret: string;
  /** Every access and refresh token its token URL issued. */
  issuedTokens: string[];
  /** Resolves with the next DELETE `path` receives (default the unfurl callback). */
  nextDelete(path?: string): Promise<PartnerCall>;
  close(): Promise<void>;
}

/** Starts a partner for Quire at `quireUrl`, registered there as public integration `client` (its Notion client id and secret). */
export async function startPartner(quireUrl: string, client: { client_id: string; client_secret: string }): Promise<Partner> {
  let issued = 0;
  const waiting: { path: string; resolve: (c: PartnerCall) => void }[] = [];
  const partner: Partner = {
    origin: "",
    calls: [],
    notionTokens: [],
    mode: "ok",
    title: "Issue 42: make it fast",
    expiresIn: null,
    clientSecret: "partner-secret",
    issuedTokens: [],
    nextDelete: (path = "/unfurl") => new Promise((resolve) => waiting.push({ path, resolve })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const notion = new Client({ baseUrl: quireUrl, logLevel: LogLevel.ERROR, retry: false } as never);

  const handle = async (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? "/", partner.origin);
    const call = { method: req.method ?? "", path: url.pathname, authorization: req.headers.authorization, contentType: req.headers["content-type"], body };
    partner.calls.push(call);
    const json = (status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    if (url.pathname === "/authorize") {
      const q = url.searchParams;
      const token = await notion.oauth.token({
        client_id: client.client_id,
        client_secret: client.client_secret,
        grant_type: "authorization_code",
        code: q.get("code") ?? "",
        external_account: { key: `acct-${partner.notionTokens.length + 1}`, name: "Partner account" },
      } as never);
      partner.notionTokens.push(token as never);
      const back = new URL(q.get("redirect_uri") ?? "");
      back.searchParams.set("code", "partner-code-1");
      back.searchParams.set("state", q.get("state") ?? "");
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === "/token") {
      const form = new URLSearchParams(body);
      const good = form.get("client_id") === "partner-client" && form.get("client_secret") === partner.clientSecret;
      if (!good) return json(401, { error: "invalid_client" });
      if (form.get("grant_type") === "authorization_code" && form.get("code") !== "partner-code-1") return json(400, { error: "invalid_grant" });
      if (form.get("grant_type") === "refresh_token" && !partner.issuedTokens.includes(form.get("refresh_token") ?? "")) return json(400, { error: "invalid_grant" });
      issued++;
      const tokens = { access_token: `partner-at-${issued}-${randomBytes(12).toString("hex")}`, refresh_token: `partner-rt-${issued}-${randomBytes(12).toString("hex")}` };
      partner.issuedTokens.push(tokens.access_token, tokens.refresh_token);
      return json(200, { ...tokens, ...(partner.expiresIn !== null ? { expires_in: partner.expiresIn } : {}) });
    }
    if (req.method === "DELETE") {
      const i = waiting.findIndex((w) => w.path === url.pathname);
      if (i >= 0) waiting.splice(i, 1)[0].resolve(call);
      return json(200, {});
    }
    if (url.pathname === "/unfurl") return unfurlAnswer(partner, res, JSON.parse(body || "{}").uri as string);
    json(404, { error: "not_found" });
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => void handle(req, res, Buffer.concat(chunks).toString("utf8")).catch((e) => res.writeHead(500).end(String(e))));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  partner.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return partner;
}

/** The unfurl attribute set the partner answers for `uri`. */
export function attributesFor(uri: string, title: string) {
  return [
    { id: "title", name: "Title", type: "inline", inline: { title: { value: title, section: "title" } } },
    { id: "dev", name: "Developer Name", type: "inline", inline: { plain_text: { value: "Acme Tracker", section: "secondary" } } },
    { id: "description", name: "Description", type: "inline", inline: { plain_text: { value: `About ${uri}`, section: "body" } } },
  ];
}

function unfurlAnswer(partner: Partner, res: ServerResponse, uri: string) {
  const json = (status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
  switch (partner.mode) {
    case "ok":
      return json(200, { uri, operations: [{ path: ["attributes"], set: attributesFor(uri, partner.title) }] });
    case "error":
      return json(200, { uri, operations: [{ path: ["error"], set: { status: 404, message: "Content not found" } }] });
    case "unauthorized":
      return json(401, { error: "invalid_token" });
    case "down":
      return void res.socket?.destroy();
    case "status500":
      return json(500, { message: "boom" });
    case "slow":
      return void setTimeout(() => json(200, {}), 5_000).unref();
    case "huge":
      return json(200, { uri, operations: [{ path: ["attributes"], set: [{ id: "title", name: "T", type: "inline", inline: { title: { value: "x".repeat(400_000) } } }] }] });
    case "invalid":
      return json(200, { uri, operations: [{ path: ["attributes"], set: [{ id: "title", name: "Title", type: "inline", inline: { title: { value: "no dev" } } }] }] });
    case "html":
      return res.writeHead(200, { "content-type": "text/html" }).end("<p>hello</p>");
    case "redirect":
      return res.writeHead(307, { location: "http://127.0.0.1:1/elsewhere" }).end();
  }
}
