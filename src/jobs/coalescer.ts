/**
 * Micro-batching: concurrent callers each submit one item, and the items that arrive within
 * `maxDelayMs` (or until `maxItems` are waiting) go to `run` together, in one database round
 * trip. A worker runs many jobs at once and each job's own reads and writes were the cost (a
 * transaction per job: ~6 ms of worker CPU per analysis); a flush of 100 jobs costs about what
 * one did. At most `maxInFlight` flushes run at once; items keep gathering meanwhile.
 *
 * `run` returns one result per item, in order; when it throws, every item of that flush rejects
 * with the error (each job then retries on its own).
 */
export interface CoalescerOptions {
  maxItems: number;
  maxDelayMs: number;
  maxInFlight?: number;
}

interface Pending<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export class Coalescer<I, O> {
  private queue: Pending<I, O>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: CoalescerOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.options.maxItems) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxDelayMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    if (this.inFlight >= (this.options.maxInFlight ?? 2)) return; // the running flush calls us again when done
    const batch = this.queue.splice(0, this.options.maxItems);
    this.inFlight++;
    this.run(batch.map((p) => p.item)).then(
      (results) => batch.forEach((p, i) => p.resolve(results[i]!)),
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    ).finally(() => {
      this.inFlight--;
      if (this.queue.length >= this.options.maxItems) this.flush();
      else if (this.queue.length > 0) this.timer ??= setTimeout(() => this.flush(), this.options.maxDelayMs);
    });
  }
}
