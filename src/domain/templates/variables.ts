/**
 * Template variables: the `template_mention` items of a template (@Today, @Now, @Me) become
 * real mentions in the page made from it — a date mention of the day or the minute of the
 * request in `template.timezone` (UTC when none is given: "Defaults to … UTC for internal
 * integrations", the SDK's TemplateTimezone comment; Quire's integrations are internal), and a
 * user mention of the integration's bot for @Me (inferred: Notion does not say who "me" is for
 * an internal integration). Reference: developers.notion.com/reference/patch-page (`template`).
 */
import type { RichTextItemResponse } from "@notionhq/client";
import { normalizeRichText, type Annotations, type MentionResolver, type RichTextRequest } from "../rich-text.js";
import { dateValue } from "../values.js";
import { dict } from "../../lib/dict.js";

/** What the variables stand for in one application. */
export interface TemplateVariables {
  /** The request's time (ms). */
  at: number;
  /** IANA time zone the dates are written in. */
  timeZone: string;
  /** The user @Me stands for. */
  me: string;
}

/** Fills template variables in stored values: rich text arrays anywhere inside `value`. */
export class VariableFiller {
  constructor(
    private readonly vars: TemplateVariables,
    private readonly resolver: MentionResolver,
  ) {}

  /** A deep copy of `value` with every template mention replaced. */
  async fill<T>(value: T): Promise<T> {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const v of value) out.push(isTemplateMention(v) ? await this.mention(v) : await this.fill(v));
      return out as T;
    }
    if (value !== null && typeof value === "object") {
      const out = dict<unknown>();
      for (const [k, v] of Object.entries(value)) out[k] = await this.fill(v);
      return out as T;
    }
    return value;
  }

  private async mention(item: TemplateMentionItem): Promise<RichTextItemResponse> {
    const m = item.mention.template_mention;
    const annotations = item.annotations as Annotations;
    const request: RichTextRequest =
      m.type === "template_mention_user"
        ? { type: "mention", mention: { type: "user", id: this.vars.me }, annotations }
        : { type: "mention", mention: { type: "date", date: dateValue()({ start: m.template_mention_date === "today" ? this.today() : this.now() }, "template") }, annotations };
    const [filled] = await normalizeRichText([request], this.resolver);
    return filled;
  }

  /** The request's day in the time zone: `YYYY-MM-DD`. */
  today(): string {
    const p = wallClock(this.vars.at, this.vars.timeZone);
    return `${p.year}-${p.month}-${p.day}`;
  }

  /** The request's minute in the time zone, with its offset: `YYYY-MM-DDTHH:MM:00.000+HH:MM`. */
  now(): string {
    const p = wallClock(this.vars.at, this.vars.timeZone);
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:00.000${offsetText(this.vars.at, this.vars.timeZone)}`;
  }
}

interface TemplateMentionItem {
  type: "mention";
  mention: { type: "template_mention"; template_mention: { type: "template_mention_date"; template_mention_date: "today" | "now" } | { type: "template_mention_user"; template_mention_user: "me" } };
  annotations: unknown;
}

function isTemplateMention(v: unknown): v is TemplateMentionItem {
  const m = (v as { type?: unknown; mention?: { type?: unknown } } | null)?.mention;
  return (v as { type?: unknown } | null)?.type === "mention" && m?.type === "template_mention";
}

/** Year, month, day, hour and minute (two digits each, four for the year) at `ms` in `timeZone`. */
function wallClock(ms: number, timeZone: string): Record<"year" | "month" | "day" | "hour" | "minute", string> {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { year: get("year").padStart(4, "0"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute") };
}

/** The zone's UTC offset at `ms`, as `+HH:MM` / `-HH:MM`. */
function offsetText(ms: number, timeZone: string): string {
  const p = wallClock(ms, timeZone);
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  const minutes = Math.round((wall - (ms - (ms % 60000))) / 60000);
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
