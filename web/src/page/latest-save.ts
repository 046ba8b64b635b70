/**
 * Saves a field's value with at most one request in flight. A value asked for while one is in
 * flight waits, and newer ones replace it, so the server sees the saves in the order they were
 * typed and the latest value always last (two PATCHes in flight could be applied in either order,
 * leaving an older value saved). `pending` tells the field that an answer it sees may be older
 * than what was typed since, so not to be written back over it.
 */
export class LatestSave<T> {
  private busy = false;
  private next: { value: T } | null = null;

  constructor(private readonly send: (value: T) => Promise<unknown>) {}

  /** True while a save is in flight or waiting. */
  get pending(): boolean {
    return this.busy || this.next !== null;
  }

  save(value: T): void {
    this.next = { value };
    if (!this.busy) void this.drain();
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.next) {
        const { value } = this.next;
        this.next = null;
        // A failed save is reported by `send` (the field's error); the next value still goes.
        await this.send(value).catch(() => undefined);
      }
    } finally {
      this.busy = false;
    }
  }
}
