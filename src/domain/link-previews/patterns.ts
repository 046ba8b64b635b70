/**
 * A link-preview integration's URL patterns: regular expressions with named groups (Notion's
 * "Build a Link Preview integration": per rule a name, a regex with named capture groups, and
 * "Unfurl Regex Attributes" whose `$<group>` placeholders are filled from the match).
 *
 * Safety (a pattern is the developer's, run on every pasted URL of every workspace): JavaScript's
 * RegExp backtracks, so a pattern is refused at registration when it could backtrack
 * catastrophically — a quantified group that itself holds a quantifier or an alternation (star
 * height above one, as `(a+)+` or `(a|aa)*`), or a backreference — and is at most
 * `MAX_PATTERN_LENGTH` characters; the URL it runs on is at most `MAX_URL_LENGTH` characters
 * (Notion's limit on a link's URL). Patterns without nested quantifiers backtrack at most
 * polynomially in the (bounded) input, so one match stays short.
 */

/** A pattern's longest source. */
export const MAX_PATTERN_LENGTH = 500;
/** The longest URL matched (and unfurled): Notion's limit on a URL (api/limits). */
export const MAX_URL_LENGTH = 2000;

/** A registered pattern, as the settings keep it. */
export interface UrlPattern {
  name: string;
  pattern: string;
  /** Attribute templates: `$<group>` filled from the match. */
  attributes?: Record<string, string>;
}

/** Why `source` is not a pattern Quire runs, or null when it is fine. */
export function patternProblem(source: string): string | null {
  if (source.length > MAX_PATTERN_LENGTH) return `should be at most ${MAX_PATTERN_LENGTH} characters`;
  let re: RegExp;
  try {
    re = new RegExp(source, "u");
  } catch (e) {
    return `should be a valid regular expression (${(e as Error).message})`;
  }
  if (/\\[1-9]|\\k</.test(source)) return "should not use backreferences";
  if (nestedQuantifier(source)) return "should not repeat a group that itself repeats or alternates (catastrophic backtracking)";
  void re;
  return null;
}

/** True when a quantified group holds a quantifier or an alternation (star height above one). */
function nestedQuantifier(source: string): boolean {
  const stack: { risky: boolean }[] = [];
  let lastGroupRisky = false;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      i++;
      lastGroupRisky = false;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") stack.push({ risky: false });
    else if (c === ")") {
      lastGroupRisky = stack.pop()?.risky ?? false;
      if (stack.length && lastGroupRisky) stack[stack.length - 1].risky = true;
      continue;
    } else if (c === "|") {
      if (stack.length) stack[stack.length - 1].risky = true;
    } else if (c === "*" || c === "+" || c === "?" || c === "{") {
      const bounded = c === "?" || (c === "{" && /^\{\d+\}/.test(source.slice(i)));
      if (lastGroupRisky && source[i - 1] === ")" && !bounded) return true;
      if (stack.length && !bounded) stack[stack.length - 1].risky = true;
    }
    lastGroupRisky = false;
  }
  return false;
}

/** The first pattern `url` matches, with its filled attributes; null when none does. */
export function matchUrl(url: string, patterns: readonly UrlPattern[]): { pattern: UrlPattern; attributes: Record<string, string> } | null {
  if (url.length > MAX_URL_LENGTH) return null;
  for (const pattern of patterns) {
    const m = new RegExp(pattern.pattern, "u").exec(url);
    if (!m) continue;
    const groups = m.groups ?? {};
    const attributes: Record<string, string> = {};
    for (const [key, template] of Object.entries(pattern.attributes ?? {}))
      attributes[key] = template.replace(/\$<([A-Za-z_][A-Za-z0-9_]*)>/g, (_, g: string) => groups[g] ?? "");
    return { pattern, attributes };
  }
  return null;
}

/** True when `host` is `domain` or one of its subdomains. */
export function inDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase();
  return h === domain || h.endsWith(`.${domain}`);
}
