import type { Logger } from '../../shared';
import type { ProjectionRepository } from '../../projections';
import type { ChainCursorRepository, ChainEvent } from '../../chain/follower';
import { toEventBody } from './chain-event-listing';
import {
  END_OF_BLOCK,
  formatFeedId,
  isAfterPosition,
  parseFeedId,
  type FeedPosition,
} from './feed-position';
import { allEvents, decodedId, type EventReads } from './stored-events';

/** Where a stream writes; the HTTP layer adapts the response to it. */
export interface SseSink {
  write(chunk: string): void;
  end(): void;
  /** Called once when the client goes away. */
  onClose(listener: () => void): void;
}

export interface NotificationFeedOptions {
  readonly pollMs: number;
  readonly heartbeatMs: number;
}

interface FeedDeps {
  readonly events: EventReads;
  readonly cursors: Pick<ChainCursorRepository, 'get'>;
  readonly projections: Pick<ProjectionRepository, 'getJob'>;
}

/** Final events are read in windows of this many blocks (a replay from 0 stays bounded). */
const WINDOW_BLOCKS = 500n;
const JOB_CONTRACTS = new Set(['aiJobQueue', 'paymentEscrow']);

/**
 * GET /notifications: a server-sent-events stream polled from the stored chain events.
 *
 * Two lanes: final events (exactly once, in chain order: a final row is only read once the
 * finalized cursor, moved in the same transaction, covers its block) and tentative events (at most
 * once, best effort; a fork may replace them, and each comes again as final). Every message carries
 * the stream position as its id, so a reconnect with Last-Event-ID resumes without gaps or repeats.
 */
export class NotificationFeed {
  private readonly streams = new Set<() => void>();

  constructor(
    private readonly deps: FeedDeps,
    private readonly options: NotificationFeedOptions,
    private readonly log: Logger,
  ) {}

  /** The start position: after `lastEventId`, else the current heads (only new events). */
  async startPosition(lastEventId: string | undefined): Promise<FeedPosition> {
    if (lastEventId !== undefined && lastEventId.trim() !== '') {
      return parseFeedId(lastEventId);
    }
    const [final, best] = await Promise.all([
      this.deps.cursors.get('finalized'),
      this.deps.cursors.get('best'),
    ]);
    return {
      final: { block: final?.block.number ?? 0n, index: final ? END_OF_BLOCK : 0 },
      tentative: { block: best?.block.number ?? 0n, index: best ? END_OF_BLOCK : 0 },
    };
  }

  /** Streams from `start` until the client leaves or `closeAll` is called. */
  run(start: FeedPosition, sink: SseSink): void {
    let position = start;
    let isOpen = true;
    let timer: NodeJS.Timeout | undefined;
    const heartbeat = setInterval(() => sink.write(': heartbeat\n\n'), this.options.heartbeatMs);
    const stop = () => {
      if (!isOpen) {
        return;
      }
      isOpen = false;
      clearTimeout(timer);
      clearInterval(heartbeat);
      this.streams.delete(stop);
      sink.end();
    };
    this.streams.add(stop);
    sink.onClose(stop);
    sink.write(`retry: 1000\n: position ${formatFeedId(position)}\n\n`);
    const tick = async () => {
      try {
        position = await this.poll(position, (chunk) => isOpen && sink.write(chunk));
      } catch (err) {
        this.log.warn('notification poll failed; retrying', { err });
      }
      if (isOpen) {
        timer = setTimeout(() => void tick(), this.options.pollMs);
      }
    };
    void tick();
  }

  /** Ends every open stream (server shutdown). */
  closeAll(): void {
    for (const stop of [...this.streams]) {
      stop();
    }
  }

  get openStreams(): number {
    return this.streams.size;
  }

  private async poll(from: FeedPosition, send: (chunk: string) => void): Promise<FeedPosition> {
    let position = from;
    const finalized = await this.deps.cursors.get('finalized');
    if (finalized && finalized.block.number > position.final.block) {
      const upper = min(finalized.block.number, position.final.block + WINDOW_BLOCKS);
      const rows = await allEvents(this.deps.events, {
        isFinal: true,
        fromBlock: position.final.block,
        toBlock: upper,
      });
      for (const row of chainOrder(rows)) {
        if (!isAfterPosition(row.block.number, row.eventIndex, position.final)) {
          continue;
        }
        position = { ...position, final: { block: row.block.number, index: row.eventIndex } };
        send(await this.messages(row, position));
      }
      position = { ...position, final: { block: upper, index: END_OF_BLOCK } };
    }
    const rows = await allEvents(this.deps.events, {
      isFinal: false,
      fromBlock: max(position.tentative.block, position.final.block + 1n),
    });
    for (const row of chainOrder(rows)) {
      if (!isAfterPosition(row.block.number, row.eventIndex, position.tentative)) {
        continue; // seen, or a fork sibling at a position already sent
      }
      position = { ...position, tentative: { block: row.block.number, index: row.eventIndex } };
      send(await this.messages(row, position));
    }
    return position;
  }

  /** The SSE messages of one stored event, all with the position after it as id. */
  private async messages(row: ChainEvent, position: FeedPosition): Promise<string> {
    const id = formatFeedId(position);
    const out = [message(id, 'chain.event', toEventBody(row))];
    const jobId = decodedId(row, 'jobId');
    if (row.isFinal && JOB_CONTRACTS.has(row.contract) && jobId !== null) {
      const job = await this.deps.projections.getJob(jobId);
      out.push(
        message(id, 'job.updated', {
          jobId: jobId.toString(),
          contract: row.contract,
          eventName: row.eventName,
          block: row.block.number.toString(),
          job: job && {
            status: job.status,
            assignedProvider: job.assignedProvider,
            resultHash: job.resultHash,
          },
        }),
      );
      if (row.contract === 'aiJobQueue' && row.eventName === 'JobCompleted') {
        const decoded = toEventBody(row).decoded;
        out.push(
          message(id, 'job.completed', {
            jobId: jobId.toString(),
            provider: decoded['provider'] ?? null,
            resultHash: decoded['resultHash'] ?? null,
            block: { number: row.block.number.toString(), hash: row.block.hash },
          }),
        );
      }
    }
    return out.join('');
  }
}

function message(id: string, event: string, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Oldest first. */
function chainOrder(rows: ChainEvent[]): ChainEvent[] {
  return [...rows].sort((a, b) =>
    a.block.number === b.block.number
      ? a.eventIndex - b.eventIndex
      : a.block.number < b.block.number
        ? -1
        : 1,
  );
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
