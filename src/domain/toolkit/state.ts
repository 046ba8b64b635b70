/**
 * The toolkit's state: the controlled clock, the rate limit and latency settings, the rate
 * counters and the faults. Settings live in the store (`meta` key `toolkit`), so a restart and
 * every node on one PostgreSQL database see them; a node rereads them, and its copy of the fault
 * list, once a second. Counters and faults are the store's shared state (`Store.shared`), so a
 * budget and a fault's count hold across nodes.
 */
import type { Store } from "../../storage/types.js";
import type { ControlledClock } from "../clock.js";
import { repeatEvery } from "../../lib/repeat.js";
import { unmetered } from "../../storage/meter.js";
import type { ToolkitShared } from "../../storage/toolkit-shared.js";
import { ApiError } from "../../api/errors.js";
import { Faults } from "./faults.js";
import { countRequest, type RateSubject } from "./rate-limit.js";
import { DEFAULT_SETTINGS, RATE_WINDOW_MS, type ToolkitSettings } from "./settings.js";

const META_KEY = "toolkit";

type Field = keyof ToolkitSettings;
/** The stored row: the settings made at run time, and how many times each was changed (nodes see a change by its count). */
type Stored = Partial<ToolkitSettings> & { changes?: Partial<Record<Field, number>> };
/** How often a node rereads the shared settings (the "at most once a second"). */
export const SETTINGS_REREAD_MS = 1000;

export class Toolkit {
  readonly faults: Faults;
  /** Requests a fault or a delay holds: each entry frees one (domain-free: a function). */
  readonly held = new Set<() => void>();
  private current: ToolkitSettings = DEFAULT_SETTINGS;
  private readonly moved: (() => void)[] = [];
  /**
   * This run's start flags (`--clock`, `--rate-limit`, `--latency`): they apply over the stored
   * settings, are never stored, and give way for good to a change made at run time (here or on
   * another node: its change count differs from the one this node started with).
   */
  private flags: Partial<ToolkitSettings> = {};
  private readonly countsAtStart: Partial<Record<Field, number>> = {};

  private sweptAt = 0;

  constructor(
    readonly clock: ControlledClock,
    private readonly store: Store,
    /** The store's shared state: counters and faults (storage/toolkit-shared.ts). */
    private readonly shared: ToolkitShared,
    /** The rate limits' window (Notion's 60 s; tests shorten it to see a window reopen). */
    readonly rateWindowMs: number = RATE_WINDOW_MS,
    /** Real time, for the rate windows. */
    private readonly realNow: () => number = Date.now,
  ) {
    this.faults = new Faults(shared.faults);
  }

  get settings(): ToolkitSettings {
    return this.current;
  }

  /** True when a rate limit, latency or a fault may act on a request: the hooks' only question when all is off. */
  get active(): boolean {
    return this.current.rateLimit.kind !== "off" || this.current.latency !== "off" || this.faults.size > 0;
  }

  /** Reads the stored settings, this run's `flags` over them (docs/design/clock-rate-limits-faults.md, "Start flags and stored settings"). */
  async start(flags: Partial<ToolkitSettings>): Promise<void> {
    this.flags = { ...flags };
    await this.load();
  }

  /** Reads the stored settings, this run's flags over them, and the faults (at start, then every second on PostgreSQL). */
  async load(): Promise<void> {
    const raw = await this.store.read((tx) => tx.getMeta(META_KEY));
    this.adopt(this.effective(raw ? (JSON.parse(raw) as Stored) : {}));
    await this.faults.refresh();
  }

  /** Counts a request against the rate limit in force: Notion's 429 when a budget is spent, else null. */
  async count(subject: RateSubject): Promise<ApiError | null> {
    const now = this.realNow();
    const error = await countRequest(this.shared.rateWindows, this.current.rateLimit, subject, this.rateWindowMs, now);
    // Windows past their end are removed now and then (once a window), off the request's path.
    if (now - this.sweptAt >= this.rateWindowMs) {
      this.sweptAt = now;
      void unmetered(() => this.shared.rateWindows.sweep(now - this.rateWindowMs)).catch(() => 0);
    }
    return error;
  }

  /** Changes some settings, stored first so every node reads the same (and later runs, until reset). */
  async change(patch: Partial<ToolkitSettings>): Promise<ToolkitSettings> {
    const stored = await this.store.write(async (tx) => {
      const raw = await tx.getMeta(META_KEY);
      const before = raw ? (JSON.parse(raw) as Stored) : {};
      const changes = { ...before.changes };
      for (const k of Object.keys(patch) as Field[]) changes[k] = (changes[k] ?? 0) + 1;
      const merged: Stored = { ...DEFAULT_SETTINGS, ...before, ...patch, changes };
      await tx.setMeta(META_KEY, JSON.stringify(merged));
      return merged;
    });
    for (const k of Object.keys(patch) as Field[]) delete this.flags[k];
    const next = this.effective(stored);
    // A new limit starts with fresh budgets on every node.
    if (JSON.stringify(next.rateLimit) !== JSON.stringify(this.current.rateLimit)) await this.shared.rateWindows.clear();
    this.adopt(next);
    return next;
  }

  /** The settings in force: the stored ones, with the start flags no run-time change has replaced. */
  private effective(stored: Stored): ToolkitSettings {
    for (const k of Object.keys(this.flags) as Field[]) {
      const count = stored.changes?.[k] ?? 0;
      if (this.countsAtStart[k] === undefined) this.countsAtStart[k] = count;
      else if (this.countsAtStart[k] !== count) delete this.flags[k];
    }
    const { changes: _changes, ...settings } = stored;
    return { ...DEFAULT_SETTINGS, ...settings, ...this.flags };
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
    const clockMoved = JSON.stringify(next.clock) !== JSON.stringify(this.clock.current());
    this.current = next;
    this.clock.apply(next.clock);
    if (clockMoved) for (const fn of this.moved) fn();
  }
}
