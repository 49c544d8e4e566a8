import { createHash } from 'node:crypto';
import type { PayloadKeys } from '../confidential';
import type { Logger } from '../shared';
import type { ProjectionRepository } from '../projections';
import type { ChainActionRepository } from '../chain/tx';
import type { ChainCursorRepository } from '../chain/follower';
import { computeBatchSettlement } from './batch-settlement';
import { parseExecutionRoute } from './execution-route';
import { formFairBatches } from './form-fair-batches';
import { openIntent, openPendingIntents, type PendingIntent } from './pending-intent';
import type { ClearingPriceSource } from './token-pair';

export interface MevBatcherConfig {
  readonly minBatchSize: number;
  readonly maxBatchSize: number;
  readonly prices: ClearingPriceSource;
  /** Signer role of the outbox actions (anyone may batch, spec §8.7.1). */
  readonly signerRole: string;
  readonly keys: PayloadKeys;
}

/** Where the chain's finalized head is, and how far the projections have followed it. */
export interface MevChainPosition {
  readonly cursors: Pick<ChainCursorRepository, 'get'>;
  finalizedHead(): Promise<bigint>;
}

const ACTIVE = ['pending', 'claimed', 'submitted', 'included'] as const;
const PAGE = 1000;

/**
 * Turns pending intents into fair batches on-chain: `create_batch` for each planned batch (keyed by
 * its member set), then `execute_batch` with the settlement computed from the batch as the chain
 * stores it (keyed by batch id). Intents already in one of our in-flight batches are left out, so
 * no intent is batched twice by this service.
 *
 * It acts only on projections that have caught up with the chain's finalized head: a projection
 * still catching up (a new database following from START_BLOCK, a restart after downtime) shows
 * intents Pending and batches unexecuted that the chain has long batched and executed, and our own
 * finalized `create_batch` no longer counts as in flight. The in-flight set is read before the
 * head, so an action finalized after that read is still in it, and one finalized before it lies
 * at or below the head the projections have reached.
 */
export class MevBatcher {
  constructor(
    private readonly projections: ProjectionRepository,
    private readonly actions: ChainActionRepository,
    private readonly chain: MevChainPosition,
    private readonly config: MevBatcherConfig,
    private readonly log: Logger,
  ) {}

  async tick(): Promise<void> {
    const inFlight = await this.intentsInFlight();
    const head = await this.chain.finalizedHead();
    const cursor = await this.chain.cursors.get('finalized');
    const projectedTo = cursor?.block.number ?? -1n;
    if (projectedTo < head) {
      this.log.debug('projections behind the finalized head; not batching', { projectedTo, head });
      return;
    }
    await this.createBatches(inFlight);
    await this.executeBatches();
  }

  private async createBatches(inFlight: ReadonlySet<bigint>): Promise<void> {
    const pending = await this.projections.listIntents({ status: 'Pending', limit: PAGE });
    const opened = openPendingIntents(
      pending.items.filter((intent) => !inFlight.has(intent.intentId)),
      this.config.keys,
    );
    for (const rejected of opened.rejected) {
      this.log.debug('intent not batchable', {
        intentId: rejected.intentId,
        reason: rejected.reason,
      });
    }
    const planning = formFairBatches(opened.pending, {
      minBatchSize: this.config.minBatchSize,
      maxBatchSize: this.config.maxBatchSize,
      clearingPrices: this.config.prices,
    });
    for (const batch of planning.batches) {
      await this.actions.enqueue({
        idempotencyKey: createBatchKey(batch.intentIds),
        contract: 'mevProtection',
        message: 'create_batch',
        args: { intentIds: batch.intentIds.map(String), executionRoute: batch.executionRoute },
        signerRole: this.config.signerRole,
      });
    }
  }

  private async intentsInFlight(): Promise<Set<bigint>> {
    const active = await this.actions.listByStatus(ACTIVE, PAGE);
    const ids = new Set<bigint>();
    for (const action of active) {
      if (action.contract === 'mevProtection' && action.message === 'create_batch') {
        const args = action.args as { intentIds?: string[] };
        for (const id of args.intentIds ?? []) {
          ids.add(BigInt(id));
        }
      }
    }
    return ids;
  }

  private async executeBatches(): Promise<void> {
    const batched = await this.projections.listIntents({ status: 'Batched', limit: PAGE });
    const batchIds = new Set(batched.items.flatMap((i) => (i.batchId === null ? [] : [i.batchId])));
    for (const batchId of batchIds) {
      const batch = await this.projections.getBatch(batchId);
      const route = batch === null ? null : parseExecutionRoute(batch.executionRoute);
      if (batch === null || route === null || batch.executionCount > 0) {
        continue; // not a fair batch (someone else's), or already executed
      }
      const members: PendingIntent[] = [];
      for (const id of batch.intentIds) {
        const intent = await this.projections.getIntent(id);
        const opened = intent === null ? null : openIntent(intent, this.config.keys);
        if (opened?.ok === true) {
          members.push(opened.intent);
        }
      }
      const settled = computeBatchSettlement({
        clearingPrice: route.clearingPrice,
        intents: members,
      });
      if (!settled.ok) {
        this.log.warn('batch cannot be settled fairly; not executing', {
          batchId,
          reason: settled.reason,
        });
        continue;
      }
      await this.actions.enqueue({
        idempotencyKey: `mev:execute:${batchId}`,
        contract: 'mevProtection',
        message: 'execute_batch',
        args: {
          batchId,
          actualOutput: settled.settlement.actualOutput,
          executionPrice: settled.settlement.executionPrice,
        },
        signerRole: this.config.signerRole,
      });
    }
  }
}

/** One `create_batch` per member set, ever. */
export function createBatchKey(intentIds: readonly bigint[]): string {
  const digest = createHash('sha256').update(intentIds.map(String).join(',')).digest('hex');
  return `mev:create:${digest.slice(0, 32)}`;
}
