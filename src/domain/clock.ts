/** Wall-clock source; injected so tests and the frozen-clock feature can control time. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that stays where it is put until moved. */
export class FrozenClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** ISO timestamp with milliseconds and Z. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Pages and blocks carry times rounded down to the minute (Notion changelog, 2022). */
export function isoMinute(ms: number): string {
  const minute = ms - (ms % 60000);
  // Lists show many blocks edited in the same minute, and an object shows its created and last
  // edited minutes one after the other: the last two answers are kept (bench/http.ts).
  if (minute === minutes[0]) return isos[0];
  if (minute === minutes[1]) return isos[1];
  minutes[1] = minutes[0];
  isos[1] = isos[0];
  minutes[0] = minute;
  isos[0] = new Date(minute).toISOString();
  return isos[0];
}
const minutes = [NaN, NaN];
const isos = ["", ""];

/** How the toolkit's clock is set (docs/design/clock-rate-limits-faults.md): shifted, frozen, or both unset. */
export interface ClockSetting {
  /** Milliseconds added to the base clock. */
  offsetMs: number;
  /** When set, the time the clock stays at (ms since the epoch). */
  frozenAt: number | null;
}

export const SYSTEM_SETTING: ClockSetting = { offsetMs: 0, frozenAt: null };

/** The server's clock: a base clock (the system's, or one a test gave) shifted or frozen at run time. */
export class ControlledClock implements Clock {
  private setting: ClockSetting = SYSTEM_SETTING;
  constructor(readonly base: Clock = systemClock) {}
  now(): number {
    return this.setting.frozenAt ?? this.base.now() + this.setting.offsetMs;
  }
  current(): ClockSetting {
    return this.setting;
  }
  apply(setting: ClockSetting): void {
    this.setting = setting;
  }
}
