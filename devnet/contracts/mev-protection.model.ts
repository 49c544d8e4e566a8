import type { AccountIdHex, Batch, BatchResult, BatchStats, Intent } from '../../src/contracts';
import { U128_MAX, returned, saturatingAdd, type ContractModel } from './contract-model';
import { defineModel, messageBuilder } from './define-model';

/** Storage of `mev_protection` (spec §8.3). Addresses are 32-byte AccountIds. */
export interface MevProtectionState {
  admin: AccountIdHex;
  intentCounter: bigint;
  batchCounter: bigint;
  /** maximum intents per batch */
  batchSize: number;
  minBatchSize: number;
  intents: Map<bigint, Intent>;
  batches: Map<bigint, Batch>;
  batchResults: Map<bigint, BatchResult>;
}

/** Initial batch config set by `new()` (spec §8.1). */
export const MEV_DEFAULT_BATCH_SIZE = 100;
export const MEV_DEFAULT_MIN_BATCH_SIZE = 5;

const m = messageBuilder<MevProtectionState>();

/**
 * `mev_protection` (spec §8), ink! v5 on pallet-contracts. Moves no tokens and checks nothing:
 * anyone batches and executes, intents can be re-batched, batches re-executed; `0` is failure.
 */
export const mevProtectionModel: ContractModel<MevProtectionState> =
  defineModel<MevProtectionState>({
    name: 'mevProtection',
    genesis: (admin) => ({
      admin,
      intentCounter: 0n,
      batchCounter: 0n,
      batchSize: MEV_DEFAULT_BATCH_SIZE,
      minBatchSize: MEV_DEFAULT_MIN_BATCH_SIZE,
      intents: new Map(),
      batches: new Map(),
      batchResults: new Map(),
    }),
    messages: {
      submit_intent: m.plain(
        { encryptedIntent: 'string', tokenIn: 'string', tokenOut: 'string', minOutput: 'u128' },
        (s, a, ctx) => {
          const intentId = saturatingAdd(s.intentCounter, 1n, U128_MAX);
          s.intentCounter = intentId;
          s.intents.set(intentId, {
            intentId,
            user: ctx.caller,
            encryptedIntent: a.encryptedIntent,
            tokenIn: a.tokenIn,
            tokenOut: a.tokenOut,
            minOutput: a.minOutput,
            status: 'Pending',
            createdAt: ctx.timestamp,
            batchId: null,
          });
          return returned(intentId, [
            { contract: 'mevProtection', name: 'IntentSubmitted', fields: { intentId } },
          ]);
        },
      ),

      create_batch: m.plain({ intentIds: 'u128[]', executionRoute: 'string' }, (s, a, ctx) => {
        const count = a.intentIds.length;
        if (count < s.minBatchSize || count > s.batchSize) {
          return returned(0n);
        }
        const batchId = saturatingAdd(s.batchCounter, 1n, U128_MAX);
        s.batchCounter = batchId;
        let totalVolume = 0n;
        for (const id of a.intentIds) {
          const intent = s.intents.get(id);
          if (intent !== undefined) {
            // any status, even Batched or Executed; duplicates add their volume again
            intent.status = 'Batched';
            intent.batchId = batchId;
            totalVolume = saturatingAdd(totalVolume, intent.minOutput, U128_MAX);
          }
        }
        s.batches.set(batchId, {
          batchId,
          intentIds: [...a.intentIds],
          intentCount: count, // counts unknown IDs and duplicates (§8.7.3)
          totalVolume,
          executionRoute: a.executionRoute,
          status: 'Pending',
          createdAt: ctx.timestamp,
          executedAt: null,
        });
        return returned(batchId, [
          { contract: 'mevProtection', name: 'BatchCreated', fields: { batchId } },
        ]);
      }),

      execute_batch: m.plain(
        { batchId: 'u128', actualOutput: 'u128', executionPrice: 'string' },
        (s, a, ctx) => {
          const batch = s.batches.get(a.batchId);
          if (batch === undefined) {
            return returned(false);
          }
          batch.status = 'Executed';
          batch.executedAt = ctx.timestamp;
          s.batchResults.set(a.batchId, {
            batchId: a.batchId,
            success: true,
            totalInputAmount: batch.totalVolume,
            totalOutputAmount: a.actualOutput,
            executionPrice: a.executionPrice,
            timestamp: ctx.timestamp,
          });
          for (const id of batch.intentIds) {
            const intent = s.intents.get(id);
            if (intent !== undefined) {
              intent.status = 'Executed';
            }
          }
          return returned(true, [
            { contract: 'mevProtection', name: 'BatchExecuted', fields: { batchId: a.batchId } },
          ]);
        },
      ),

      get_intent: m.plain({ intentId: 'u128' }, (s, a) => {
        const intent = s.intents.get(a.intentId);
        return returned(intent === undefined ? null : { ...intent });
      }),

      get_batch: m.plain({ batchId: 'u128' }, (s, a) => {
        const batch = s.batches.get(a.batchId);
        return returned(batch === undefined ? null : { ...batch, intentIds: [...batch.intentIds] });
      }),

      get_batch_result: m.plain({ batchId: 'u128' }, (s, a) => {
        const result = s.batchResults.get(a.batchId);
        return returned(result === undefined ? null : { ...result });
      }),

      get_intent_counter: m.plain({}, (s) => returned(s.intentCounter)),

      get_batch_counter: m.plain({}, (s) => returned(s.batchCounter)),

      get_pending_intents: m.plain({}, () => returned(0)), // a mock on-chain (§8.7.5)

      get_batch_stats: m.plain({ batchId: 'u128' }, (s, a) => {
        const batch = s.batches.get(a.batchId);
        const stats: BatchStats =
          batch === undefined
            ? [0, 0n, false]
            : [batch.intentCount, batch.totalVolume, batch.status === 'Executed'];
        return returned(stats);
      }),

      set_batch_config: m.plain({ batchSize: 'u32', minBatchSize: 'u32' }, (s, a, ctx) => {
        if (ctx.caller !== s.admin || a.minBatchSize > a.batchSize) {
          return returned(false);
        }
        s.batchSize = a.batchSize;
        s.minBatchSize = a.minBatchSize;
        return returned(true);
      }),
    },
  });
