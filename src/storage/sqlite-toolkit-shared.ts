/**
 * `Store.shared` on SQLite (storage/toolkit-shared.ts): one process owns a SQLite file
 * (`quire.db.lock`), so the state "every node" shares is this process's, kept in memory — no
 * statement per request, nothing written to the file's WAL for a count. The same contract as
 * PostgreSQL's (test/store/contract-toolkit.ts); like before, counters and faults start empty at
 * each start.
 */
import type { FaultRow, FaultStore, RateCount, RateWindowStore, ToolkitShared } from "./toolkit-shared.js";

class MemoryRateWindows implements RateWindowStore {
  private readonly windows = new Map<string, { start: number; count: number }>();

  async count(workspaceId: string, keys: readonly string[], now: number, windowMs: number): Promise<RateCount[]> {
    return keys.map((key) => {
      const k = `${workspaceId}\u0000${key}`;
      let w = this.windows.get(k);
      if (!w || w.start <= now - windowMs) this.windows.set(k, (w = { start: now, count: 0 }));
      w.count++;
      return { key, windowStart: w.start, count: w.count };
    });
  }

  async clear(): Promise<void> {
    this.windows.clear();
  }

  async sweep(before: number): Promise<number> {
    let n = 0;
    for (const [k, w] of this.windows) if (w.start < before) n += Number(this.windows.delete(k));
    return n;
  }
}

class MemoryFaults implements FaultStore {
  // Insertion order is creation order.
  private readonly rows = new Map<string, FaultRow>();

  async add(row: FaultRow): Promise<void> {
    this.rows.set(row.id, { ...row });
  }

  async list(): Promise<FaultRow[]> {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }

  async get(id: string): Promise<FaultRow | null> {
    const r = this.rows.get(id);
    return r ? { ...r } : null;
  }

  async remove(id: string): Promise<boolean> {
    return this.rows.delete(id);
  }

  async clear(): Promise<number> {
    const n = this.rows.size;
    this.rows.clear();
    return n;
  }

  async spend(id: string): Promise<{ remaining: number | null; hits: number } | null> {
    const r = this.rows.get(id);
    if (!r) return null;
    r.hits++;
    if (r.remaining !== null && --r.remaining <= 0) this.rows.delete(id);
    return { remaining: r.remaining, hits: r.hits };
  }
}

/** The SQLite store's toolkit state: this process's memory. */
export function memoryToolkitShared(): ToolkitShared {
  return { shared: false, rateWindows: new MemoryRateWindows(), faults: new MemoryFaults(), requests: null };
}
