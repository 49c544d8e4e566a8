import type { Gauge } from 'prom-client';
import type { Logger } from '../shared';

/** Reads each source at most once per scrape; `clear()` after the scrape. */
export class ScrapeMemo {
  private readonly reads = new Map<string, Promise<unknown>>();

  constructor(private readonly log: Logger) {}

  /** The source's value, or null when it failed (logged; the scrape goes on without it). */
  get<T>(key: string, read: () => Promise<T>): Promise<T | null> {
    let pending = this.reads.get(key) as Promise<T | null> | undefined;
    if (pending === undefined) {
      pending = read().catch((err: unknown) => {
        this.log.warn('metrics source failed', { source: key, err });
        return null;
      });
      this.reads.set(key, pending);
    }
    return pending;
  }

  clear(): void {
    this.reads.clear();
  }
}

/** Registers a gauge filled from `read` at scrape time (through the memo); no gauge when `read` is null. */
export type GaugeFactory = <T>(
  name: string,
  help: string,
  labelNames: string[],
  read: (() => Promise<T>) | null,
  fill: (g: Gauge, data: T) => void,
) => void;
