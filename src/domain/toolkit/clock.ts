/** The clock's control verbs (`/_quire/v1/clock`): read it, set it, put it back on the system's time. */
import { iso, SYSTEM_SETTING, type ClockSetting } from "../clock.js";
import type { Toolkit } from "./state.js";

/** What `PUT /_quire/v1/clock` takes: a time, an offset, frozen or running. */
export interface ClockChange {
  time?: number;
  offset?: number;
  frozen?: boolean;
}

/** The clock as the control API shows it. */
export function viewClock(toolkit: Toolkit) {
  const s = toolkit.clock.current();
  return { object: "clock", time: iso(toolkit.clock.now()), frozen: s.frozenAt !== null, offset_ms: s.frozenAt === null ? s.offsetMs : toolkit.clock.now() - toolkit.clock.base.now(), system: s.frozenAt === null && s.offsetMs === 0 };
}

/**
 * `time` sets the clock there (frozen unless `frozen: false`, then running on from it); `offset`
 * shifts the base clock (running unless `frozen: true`); `frozen` alone stops the clock where it is
 * or lets it run on from where it stopped.
 */
export function nextSetting(toolkit: Toolkit, change: ClockChange): ClockSetting {
  const base = toolkit.clock.base.now();
  const now = toolkit.clock.now();
  const current = toolkit.clock.current();
  if (change.time !== undefined) return change.frozen === false ? { offsetMs: change.time - base, frozenAt: null } : { offsetMs: 0, frozenAt: change.time };
  if (change.offset !== undefined) return change.frozen === true ? { offsetMs: 0, frozenAt: base + change.offset } : { offsetMs: change.offset, frozenAt: null };
  if (change.frozen === true) return { offsetMs: 0, frozenAt: now };
  if (change.frozen === false) return { offsetMs: now - base, frozenAt: null };
  return current;
}

/** Sets the clock for every node. */
export async function setClock(toolkit: Toolkit, change: ClockChange) {
  await toolkit.change({ clock: nextSetting(toolkit, change) });
  return viewClock(toolkit);
}

/** Back to the system's time. */
export async function resetClock(toolkit: Toolkit) {
  await toolkit.change({ clock: SYSTEM_SETTING });
  return viewClock(toolkit);
}
