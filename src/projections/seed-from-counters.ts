import type { ChainClient } from '../chain';
import type { BlockRef } from '../shared';
import { ContractReader } from './contract-reader';
import type { ProjectionRepository } from './projection-repository';
import {
  END_OF_BLOCK_SEQ,
  isAfter,
  type EventPosition,
  type ProjectedBatch,
  type ProjectedConfidentialJob,
  type ProjectedIntent,
  type ProjectedJob,
  type ProjectedNft,
} from './projection-types';
import { queueJobIdFromPayload } from './confidential-job-reducer';

export interface SeedReport {
  readonly at: BlockRef;
  readonly jobs: number;
  readonly nfts: number;
  readonly confidentialJobs: number;
  readonly intents: number;
  readonly batches: number;
}

interface Seeded {
  readonly updated: EventPosition;
}

/**
 * Cold start where event history is not available: reads the counters at block `at`
 * (ai_job_queue `get_job_counter`, data_nft `total_supply`, phala `get_job_counter`, mev
 * `get_intent_counter` / `get_batch_counter`) and each id's getter, and upserts the rows as of the
 * END of that block. Run the follower from `at.number + 1` afterwards. Rows already projected past
 * `at` are left alone, so a repeat is harmless.
 *
 * Not recoverable from getters, hence not seeded:
 * - escrows (keyed by any depositor-chosen u128) and providers (keyed by H160) cannot be
 *   enumerated; they appear with their next event (the projector adopts them via get_escrow /
 *   get_provider);
 * - NFT access grants (a `(token, H160)` mapping), and burned NFTs (`get_nft` returns None);
 * - event-only facts: a job's result hash / completer and cancel count, attestation and
 *   execution counts, NFT approvals (the approval is read with `get_approved`, kept when set).
 *
 * `origin` must be mapped on pallet-revive (see ContractReader). `linkPayload` finds the queue job a
 * confidential payload names, as the projector does (sealed `pmenc1:` payloads need the service key).
 */
export async function seedFromCounters(
  client: Pick<ChainClient, 'dryRun'>,
  repo: ProjectionRepository,
  origin: string,
  at: BlockRef,
  linkPayload: (payload: string) => bigint | null = queueJobIdFromPayload,
): Promise<SeedReport> {
  const reader = new ContractReader(client, origin);
  const hash = at.hash;
  const updated: EventPosition = { block: at.number, seq: END_OF_BLOCK_SEQ };
  const isStale = (row: Seeded | null): boolean => row === null || isAfter(updated, row.updated);
  const report = { at, jobs: 0, nfts: 0, confidentialJobs: 0, intents: 0, batches: 0 };

  for (const id of range(await reader.counter('aiJobQueue', 'get_job_counter', hash))) {
    const job = await reader.queueJob(id, hash);
    if (job && isStale(await repo.getJob(id))) {
      const row: ProjectedJob = {
        ...job,
        resultHash: null,
        completedBy: null,
        cancelCount: 0,
        submittedBlock: null,
        updated,
      };
      await repo.upsertJob(row);
      report.jobs++;
    }
  }
  for (const id of range(await reader.counter('dataNftRegistry', 'total_supply', hash))) {
    const nft = await reader.nft(id, hash);
    if (nft && isStale(await repo.getNft(id))) {
      const row: ProjectedNft = {
        ...nft,
        approved: await reader.approved(id, hash),
        isBurned: false,
        mintedBlock: null,
        updated,
      };
      await repo.upsertNft(row);
      report.nfts++;
    }
  }
  for (const id of range(await reader.counter('phalaJobProcessor', 'get_job_counter', hash))) {
    const job = await reader.confidentialJob(id, hash);
    if (job && isStale(await repo.getConfidentialJob(id))) {
      const attestation = await reader.attestation(id, hash);
      const row: ProjectedConfidentialJob = {
        ...job,
        attestation: attestation
          ? {
              resultHash: attestation.resultHash,
              attestationProof: attestation.attestationProof,
              teeWorkerPubkey: attestation.teeWorkerPubkey,
              timestamp: attestation.timestamp,
            }
          : null,
        attestationCount: attestation ? 1 : 0,
        queueJobId: linkPayload(job.encryptedPayload),
        submittedBlock: null,
        updated,
      };
      await repo.upsertConfidentialJob(row);
      report.confidentialJobs++;
    }
  }
  for (const id of range(await reader.counter('mevProtection', 'get_intent_counter', hash))) {
    const intent = await reader.intent(id, hash);
    if (intent && isStale(await repo.getIntent(id))) {
      const row: ProjectedIntent = { ...intent, submittedBlock: null, updated };
      await repo.upsertIntent(row);
      report.intents++;
    }
  }
  for (const id of range(await reader.counter('mevProtection', 'get_batch_counter', hash))) {
    const batch = await reader.batch(id, hash);
    if (batch && isStale(await repo.getBatch(id))) {
      const result = await reader.batchResult(id, hash);
      const row: ProjectedBatch = {
        ...batch,
        result: result
          ? {
              success: result.success,
              totalInputAmount: result.totalInputAmount,
              totalOutputAmount: result.totalOutputAmount,
              executionPrice: result.executionPrice,
              timestamp: result.timestamp,
            }
          : null,
        executionCount: result ? 1 : 0,
        createdBlock: null,
        updated,
      };
      await repo.upsertBatch(row);
      report.batches++;
    }
  }
  return report;
}

/** 1..=counter (ids are 1-based and sequential). */
function* range(counter: bigint): Generator<bigint> {
  for (let id = 1n; id <= counter; id++) {
    yield id;
  }
}
