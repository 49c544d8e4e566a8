import {
  PIPELINE_STAGES,
  pipelineMinutes,
  type OperationsFiguresReader,
  type ProjectionTotalsReader,
  type SignerBalanceCheck,
} from '../../observability';
import type { QuarantineRepository } from '../../chain/follower';
import { InvalidStorageValueError, type Clock } from '../../shared';
import {
  QUARANTINE_DEFAULT_LIMIT,
  type MoneyBody,
  type PipelineBody,
  type QuarantinePageBody,
} from '../dto/operations.dto';
import { invalidCursor, isPlausibleCursor } from './chain-event-listing';

/** Jobs looked at for the pipeline series: enough for a busy half hour, bounded per request. */
const PIPELINE_JOB_LIMIT = 2_000;
const FLAGGED_LIMIT = 20;

export interface OperationsSources {
  readonly figures: OperationsFiguresReader | null;
  readonly totals: ProjectionTotalsReader | null;
  readonly signers: SignerBalanceCheck | null;
  readonly quarantine: Pick<QuarantineRepository, 'listRecent'>;
}

/** GET /stats/pipeline, /stats/money and /quarantine: the operator dashboard's extra views. */
export class OperationsQuery {
  constructor(
    private readonly sources: OperationsSources,
    private readonly clock: Clock,
  ) {}

  async pipeline(minutes: number): Promise<PipelineBody> {
    const now = this.clock.now();
    const { figures } = this.sources;
    const since = new Date((Math.floor(now.getTime() / 60_000) - minutes + 1) * 60_000);
    const series =
      figures === null
        ? null
        : pipelineMinutes(await figures.pipelineSamples(since, PIPELINE_JOB_LIMIT), now, minutes);
    return {
      generatedAt: now.toISOString(),
      stages: [...PIPELINE_STAGES],
      minutes:
        series?.map((m) => ({
          start: m.start.toISOString(),
          finished: m.finished,
          latencyMs: m.latencyMs,
        })) ?? null,
    };
  }

  async money(): Promise<MoneyBody> {
    const { figures, totals, signers } = this.sources;
    const [projected, settled, flagged, balances] = await Promise.all([
      totals?.read() ?? null,
      figures?.settledTotals() ?? null,
      figures?.flaggedEscrows(FLAGGED_LIMIT) ?? null,
      signers?.reader.read() ?? [],
    ]);
    const minPlanck = signers?.minPlanck ?? 0n;
    return {
      generatedAt: this.clock.now().toISOString(),
      escrows:
        projected === null
          ? null
          : {
              held: amount(projected.escrows.held),
              released: amount(projected.escrows.released),
              refunded: amount(projected.escrows.refunded),
            },
      settled:
        settled === null
          ? null
          : { released: amount(settled.released), refunded: amount(settled.refunded) },
      flagged:
        flagged === null
          ? null
          : {
              total: flagged.total,
              items: flagged.items.map((f) => ({
                jobId: f.queueJobId.toString(),
                deadlineBlock: f.deadlineBlock.toString(),
                reason: f.reason,
                flaggedAt: f.updatedAt.toISOString(),
              })),
            },
      signers: balances.map((b) => ({
        role: b.role,
        address: b.address,
        free: b.free?.toString() ?? null,
        error: b.error,
        minPlanck: minPlanck.toString(),
        isLow: b.free === null ? null : b.free < minPlanck,
      })),
    };
  }

  async quarantine(query: { limit?: number; cursor?: string }): Promise<QuarantinePageBody> {
    const cursor = query.cursor ?? null;
    if (cursor !== null && !isPlausibleCursor(cursor)) {
      throw invalidCursor();
    }
    const page = await this.sources.quarantine
      .listRecent({ limit: query.limit ?? QUARANTINE_DEFAULT_LIMIT, cursor })
      .catch((err: unknown) => {
        throw err instanceof InvalidStorageValueError && cursor !== null ? invalidCursor(err) : err;
      });
    return {
      items: page.items.map((q) => ({
        id: q.id,
        block: { number: q.block.number.toString(), hash: q.block.hash },
        eventIndex: q.eventIndex,
        isFinal: q.isFinal,
        pallet: q.pallet,
        contractAddress: q.contractAddress,
        reason: q.reason,
        topics: q.topics,
        dataHex: q.dataHex,
        createdAt: q.createdAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }
}

function amount(total: { count: number; amount: bigint }) {
  return { count: total.count, amount: total.amount.toString() };
}
