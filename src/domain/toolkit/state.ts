/**
 * The toolkit's state in one process: the controlled clock, the rate limit and latency settings,
 * the rate counters and the faults. Settings live in the store (`meta` key `toolkit`), so a restart
 * and every node on one PostgreSQL database see them; a node rereads them once a second.
 */
import type { Store } from "../../storage/types.js";
import type { ControlledClock } from "../clock.js";
import { repeatEvery } from "../../lib/repeat.js";
import { Faults } from "./faults.js";
import { RateLimiter } from "./rate-limit.js";
import { DEFAULT_SETTINGS, type ToolkitSettings } from "./settings.js";

const META_KEY = "toolkit";
/** How often a node rereads the shared settings (the "at most once a second"). */
export const SETTINGS_REREAD_MS = 1000;

export class Toolkit {
  readonly rateLimiter: RateLimiter;
  readonly faults = new Faults();
  /** Requests a fault or a delay holds: each entry frees one (domain-free: a function). */
  readonly held = new Set<() => void>();
  private current: ToolkitSettings = DEFAULT_SETTINGS;
  private readonly moved: (() => void)[] = [];

  constructor(
    readonly clock: ControlledClock,
    private readonly store: Store,
    /** The rate limits' window (Notion's 60 s; tests shorten it to see a window reopen). */
    rateWindowMs?: number,
  ) {
    this.rateLimiter = new RateLimiter(rateWindowMs);
  }

  get settings(): ToolkitSettings {
    return this.current;
  }

  /** True when a rate limit, latency or a fault may act on a request: the hooks' only question when all is off. */
  get active(): boolean {
    return this.current.rateLimit.kind !== "off" || this.current.latency !== "off" || this.faults.size > 0;
  }

  /** Reads the stored settings (at start, then every second when `shared`). */
  async load(): Promise<void> {
    const raw = await this.store.read((tx) => tx.getMeta(META_KEY));
    this.adopt(raw ? { ...DEFAULT_SETTINGS, ...(JSON.parse(raw) as Partial<ToolkitSettings>) } : DEFAULT_SETTINGS);
  }

  /** Changes some settings, stored first so every node reads the same. */
  async change(patch: Partial<ToolkitSettings>): Promise<ToolkitSettings> {
    const next = await this.store.write(async (tx) => {
      const raw = await tx.getMeta(META_KEY);
      const merged: ToolkitSettings = { ...DEFAULT_SETTINGS, ...(raw ? (JSON.parse(raw) as Partial<ToolkitSettings>) : {}), ...patch };
      await tx.setMeta(META_KEY, JSON.stringify(merged));
      return merged;
    });
    this.adopt(next);
    return next;
  }

  /** Rereads the settings every second (nodes sharing a database); the function returned stops it. */
  follow(): () => Promise<void> {
    return repeatEvery(SETTINGS_REREAD_MS, () => this.load());
  }

  /** Lets every held request go on (the server is closing). */
  freeHeld(): void {
    for (const free of [...this.held]) free();
  }

  /** Runs `fn` whenever the clock is set anew (here or, read from the store, by another node): expiry sweeps look again. */
  onClockMove(fn: () => void): void {
    this.moved.push(fn);
  }

  private adopt(next: ToolkitSettings) {
    if (JSON.stringify(next.rateLimit) !== JSON.stringify(this.current.rateLimit)) this.rateLimiter.clear();
    const clockMoved = JSON.stringify(next.clock) !== JSON.stringify(this.clock.current());
    this.current = next;
    this.clock.apply(next.clock);
    if (clockMoved) for (const fn of this.moved) fn();
  }
}
