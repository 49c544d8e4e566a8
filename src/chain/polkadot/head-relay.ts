import type { BlockHeader, HeadKind, HeadListener, Unsubscribe } from '../chain-client';
import type { Logger } from '../../shared';

/** Where a head came from; able to look up canonical headers to fill gaps. */
export interface HeadSource {
  readonly url: string;
  headerAt(number: bigint): Promise<BlockHeader | null>;
}

/**
 * Delivers heads of one kind to listeners, one at a time and in arrival order. When a head skips
 * heights (finality jumps, an endpoint switch), the missing heights are first filled from the
 * source's canonical chain, at most `maxGapFill` of them; a head at or below the last one
 * delivered is passed on as is (at-least-once; reorgs on the best chain).
 */
export class HeadRelay {
  private readonly listeners = new Set<HeadListener>();
  private last: BlockHeader | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly kind: HeadKind,
    private readonly maxGapFill: number,
    private readonly log: Logger,
  ) {}

  subscribe(listener: HeadListener): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get lastDelivered(): BlockHeader | null {
    return this.last;
  }

  /** Queues `head` for delivery; resolves when it (and its gap fill) has been delivered. */
  push(head: BlockHeader, source: HeadSource): Promise<void> {
    this.queue = this.queue.then(() => this.deliverWithGapFill(head, source));
    return this.queue;
  }

  clear(): void {
    this.listeners.clear();
  }

  private async deliverWithGapFill(head: BlockHeader, source: HeadSource): Promise<void> {
    const last = this.last;
    if (last !== null && head.number > last.number + 1n && this.maxGapFill > 0) {
      const to = minBigint(head.number - 1n, last.number + BigInt(this.maxGapFill));
      for (let n = last.number + 1n; n <= to; n++) {
        const filled = await this.lookup(source, n);
        if (filled === null) {
          break;
        }
        this.deliver(filled);
      }
    }
    this.deliver(head);
  }

  private async lookup(source: HeadSource, number: bigint): Promise<BlockHeader | null> {
    try {
      return await source.headerAt(number);
    } catch (err) {
      this.log.warn('head gap fill failed', { kind: this.kind, number, url: source.url, err });
      return null;
    }
  }

  private deliver(head: BlockHeader): void {
    this.last = head;
    for (const listener of [...this.listeners]) {
      try {
        listener(head);
      } catch (err) {
        this.log.error('head listener threw', { kind: this.kind, number: head.number, err });
      }
    }
  }
}

function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
