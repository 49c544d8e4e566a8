import type {
  Batch,
  BatchResult,
  ConfidentialJob,
  ContractEvent,
  DataNft,
  Escrow,
  H160,
  Intent,
  JobAttestation,
  ProviderProfile,
  QueueJob,
} from '../contracts';
import type { ContractReader } from './contract-reader';

/** Which getters a block's events need, by id (each id read once per block). */
export interface ReadPlan {
  readonly jobs: bigint[];
  readonly escrows: bigint[];
  readonly providers: H160[];
  readonly nfts: bigint[];
  readonly confidentialJobs: bigint[];
  readonly attestations: bigint[];
  readonly intents: bigint[];
  readonly batches: bigint[];
  readonly batchResults: bigint[];
}

type Snapshot<P extends keyof ReadPlan, T> = ReadonlyMap<ReadPlan[P][number], T | null>;

/** Getter results at one block (the state after it), keyed like the ReadPlan. */
export interface BlockSnapshots {
  readonly jobs: Snapshot<'jobs', QueueJob>;
  readonly escrows: Snapshot<'escrows', Escrow>;
  readonly providers: Snapshot<'providers', ProviderProfile>;
  readonly nfts: Snapshot<'nfts', DataNft>;
  readonly confidentialJobs: Snapshot<'confidentialJobs', ConfidentialJob>;
  readonly attestations: Snapshot<'attestations', JobAttestation>;
  readonly intents: Snapshot<'intents', Intent>;
  readonly batches: Snapshot<'batches', Batch>;
  readonly batchResults: Snapshot<'batchResults', BatchResult>;
}

/**
 * What the events do not carry: JobSubmitted → get_job; Deposited-less escrow events and every
 * registry event → get_escrow / get_provider (only used to adopt rows the projection lacks, since
 * these contracts cannot be enumerated); NFTMinted → get_nft; phala JobSubmitted → get_job;
 * AttestationRecorded → get_attestation; IntentSubmitted → get_intent; BatchCreated → get_batch;
 * BatchExecuted → get_batch + get_batch_result.
 */
export function planReads(events: readonly ContractEvent[]): ReadPlan {
  const plan = {
    jobs: new Set<bigint>(),
    escrows: new Set<bigint>(),
    providers: new Set<H160>(),
    nfts: new Set<bigint>(),
    confidentialJobs: new Set<bigint>(),
    attestations: new Set<bigint>(),
    intents: new Set<bigint>(),
    batches: new Set<bigint>(),
    batchResults: new Set<bigint>(),
  };
  for (const event of events) {
    switch (event.contract) {
      case 'aiJobQueue':
        if (event.name === 'JobSubmitted') {
          plan.jobs.add(event.fields.jobId);
        }
        break;
      case 'paymentEscrow':
        if (event.name !== 'Deposited') {
          plan.escrows.add(event.fields.jobId);
        }
        break;
      case 'computeProviderRegistry':
        plan.providers.add(event.fields.provider);
        break;
      case 'dataNftRegistry':
        if (event.name === 'NFTMinted') {
          plan.nfts.add(event.fields.tokenId);
        }
        break;
      case 'phalaJobProcessor':
        if (event.name === 'JobSubmitted') {
          plan.confidentialJobs.add(event.fields.jobId);
        } else if (event.name === 'AttestationRecorded') {
          plan.attestations.add(event.fields.jobId);
        }
        break;
      case 'mevProtection':
        if (event.name === 'IntentSubmitted') {
          plan.intents.add(event.fields.intentId);
        } else if (event.name === 'BatchCreated') {
          plan.batches.add(event.fields.batchId);
        } else {
          plan.batches.add(event.fields.batchId);
          plan.batchResults.add(event.fields.batchId);
        }
        break;
    }
  }
  return {
    jobs: [...plan.jobs],
    escrows: [...plan.escrows],
    providers: [...plan.providers],
    nfts: [...plan.nfts],
    confidentialJobs: [...plan.confidentialJobs],
    attestations: [...plan.attestations],
    intents: [...plan.intents],
    batches: [...plan.batches],
    batchResults: [...plan.batchResults],
  };
}

/** Runs the plan's getters at block `at` (concurrently). Any failed read rejects. */
export async function readSnapshots(
  reader: ContractReader,
  plan: ReadPlan,
  at: string,
): Promise<BlockSnapshots> {
  const [
    jobs,
    escrows,
    providers,
    nfts,
    confidentialJobs,
    attestations,
    intents,
    batches,
    results,
  ] = await Promise.all([
    readAll(plan.jobs, (id) => reader.queueJob(id, at)),
    readAll(plan.escrows, (id) => reader.escrow(id, at)),
    readAll(plan.providers, (id) => reader.provider(id, at)),
    readAll(plan.nfts, (id) => reader.nft(id, at)),
    readAll(plan.confidentialJobs, (id) => reader.confidentialJob(id, at)),
    readAll(plan.attestations, (id) => reader.attestation(id, at)),
    readAll(plan.intents, (id) => reader.intent(id, at)),
    readAll(plan.batches, (id) => reader.batch(id, at)),
    readAll(plan.batchResults, (id) => reader.batchResult(id, at)),
  ]);
  return {
    jobs,
    escrows,
    providers,
    nfts,
    confidentialJobs,
    attestations,
    intents,
    batches,
    batchResults: results,
  };
}

async function readAll<K, T>(
  keys: readonly K[],
  read: (key: K) => Promise<T | null>,
): Promise<Map<K, T | null>> {
  const values = await Promise.all(keys.map(read));
  return new Map(keys.map((key, i) => [key, values[i] ?? null]));
}

export const EMPTY_SNAPSHOTS: BlockSnapshots = {
  jobs: new Map(),
  escrows: new Map(),
  providers: new Map(),
  nfts: new Map(),
  confidentialJobs: new Map(),
  attestations: new Map(),
  intents: new Map(),
  batches: new Map(),
  batchResults: new Map(),
};
