/**
 * `--latency notion`: a delay on every /v1 request so Quire answers about as slowly as Notion.
 * Notion publishes no latency figures; Quire draws from a log-normal distribution with a median of
 * 200 ms and a 95th percentile near 600 ms, capped at 2 s — an assumption stated in
 * docs/design/clock-rate-limits-faults.md ("Latency"), to be replaced by measured figures.
 */
export const NOTION_LATENCY = { medianMs: 200, p95Ms: 600, maxMs: 2000 } as const;

const SIGMA = Math.log(NOTION_LATENCY.p95Ms / NOTION_LATENCY.medianMs) / 1.645;

/** One delay in ms, from `random` (uniform in [0, 1)). */
export function notionLatency(random: () => number = Math.random): number {
  // Box–Muller: a standard normal from two uniforms.
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(NOTION_LATENCY.maxMs, Math.round(NOTION_LATENCY.medianMs * Math.exp(SIGMA * z)));
}
