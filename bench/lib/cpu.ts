/**
 * CPU accounting from /proc (Linux), to report where the machine's time went during a run:
 * the server under test, the load generator, and everything else (other engineers' tests, …).
 * Elsewhere the figures are null and the bench prints "n/a".
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
} catch {
  /* keep the usual 100 */
}

/** utime + stime of a process, in clock ticks. */
function processTicks(pid: number | "self"): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the ")" that closes the command name: state is field 3; utime, stime are 14, 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/** Busy ticks of the whole machine, summed over all cores. */
function machineBusyTicks(): number {
  const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal: all but idle and iowait are busy.
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return user + nice + system + irq + softirq + steal;
}

export interface CpuShare {
  /** Cores' worth of CPU used over the interval (1.0 = one core fully busy). */
  server: number;
  loadgen: number;
  others: number;
}

/** Starts measuring; call the returned function at the end of the interval. */
export function measureCpu(serverPid: number): () => CpuShare | null {
  let start: { at: number; server: number; self: number; busy: number };
  try {
    start = { at: performance.now(), server: processTicks(serverPid), self: processTicks("self"), busy: machineBusyTicks() };
  } catch {
    return () => null;
  }
  return () => {
    const seconds = (performance.now() - start.at) / 1000;
    const cores = (ticks: number) => ticks / ticksPerSecond / seconds;
    const server = cores(processTicks(serverPid) - start.server);
    const loadgen = cores(processTicks("self") - start.self);
    const busy = cores(machineBusyTicks() - start.busy);
    return { server, loadgen, others: Math.max(0, busy - server - loadgen) };
  };
}
