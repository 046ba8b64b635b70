/**
 * The computing time of one request: formulas over many rows and large filters evaluated in
 * memory share one wall-clock deadline, started by the first thing that computes. While it runs,
 * the request pauses every SLICE_MS so the server answers other requests in between (one query
 * over thousands of rows stays one slow request, not a stalled server). Past the deadline the
 * request answers 504 gateway_timeout, Notion's code for a request that ran out of time
 * (developers.notion.com/reference/status-codes; the SDK does not retry it on POST).
 */
import { errors } from "../api/errors.js";

/** Longest stretch of computing between two pauses, in ms. */
export const SLICE_MS = 10;

export class WorkBudget {
  private deadlineAt = Infinity;
  /** Since the request started, or since its last pause. */
  private sliceStart = performance.now();

  /** `ms`: how long the request may compute (LIMITS.REQUEST_COMPUTE_MS unless configured). */
  constructor(readonly ms: number) {}

  /**
   * The deadline as `performance.now()`, set by the first call: time spent waiting for the store
   * behind other requests is not computing.
   */
  deadline(): number {
    if (this.deadlineAt === Infinity) this.deadlineAt = performance.now() + this.ms;
    return this.deadlineAt;
  }

  /** Call between units of work: pauses when the slice is used up; 504 past the deadline. */
  async pace(): Promise<void> {
    const deadline = this.deadline();
    const now = performance.now();
    if (now > deadline) throw errors.gatewayTimeout();
    if (now - this.sliceStart < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}
