import type { ChainClient } from '../chain';
import type { BlockRef } from '../shared';
import type { BlockProjector } from '../chain/follower';
import type { ContractEvent } from '../contracts';
import { planReads, readSnapshots, type BlockSnapshots } from './block-snapshots';
import { reduceConfidentialJob } from './confidential-job-reducer';
import { ContractReader } from './contract-reader';
import { isGrantEvent, reduceGrant, reduceNft, type DataNftEvent } from './data-nft-reducer';
import { reduceEscrow } from './escrow-reducer';
import { reduceBatchCreated, reduceBatchExecuted, reduceIntentSubmitted } from './mev-reducer';
import type { ProjectionRepository } from './projection-repository';
import type { EventPosition, ProjectedIntent } from './projection-types';
import { reduceProvider } from './provider-reducer';
import { reduceQueueJob } from './queue-job-reducer';

export interface ContractProjectorConfig {
  /**
   * Caller of the getter dry runs: any AccountId (SS58 or `0x` + 64 hex) — e.g. the service's
   * reader/signer account. It must be MAPPED on pallet-revive (`revive.map_account` once), or the
   * reads of the four revive contracts fail with AccountUnmapped. No value is sent.
   */
  readonly origin: string;
  /**
   * Links a confidential payload to its queue job; default: the frontend's base64 JSON. The
   * service passes one that also opens `pmenc1:` envelopes sealed to its key.
   */
  readonly linkPayload?: (payload: string) => bigint | null;
}

/** What `apply` writes with: the read models, bound to the follower's transaction. */
export interface ProjectionWriter {
  readonly projections: ProjectionRepository;
}

/** A block's events and the getter results read for them at that block. */
export interface PreparedBlock {
  readonly events: readonly ContractEvent[];
  readonly snapshots: BlockSnapshots;
}

/**
 * Keeps the contracts' read models (jobs, escrows, providers, data NFTs and grants, confidential
 * jobs, intents and batches) from finalized events.
 *
 * - `prepare` dry-runs the getters the events do not carry AT THE BLOCK'S HASH (see `planReads`);
 *   a failed read rejects, and the follower retries the round. Reading old blocks needs an
 *   archive node (or state not yet pruned).
 * - `apply` reduces the events in block order, inside the follower's transaction. Each row keeps
 *   the position (block, index among the block's decoded events) of the last event applied, and
 *   events at or before it are skipped: replaying a block writes nothing new.
 */
export class ContractProjector implements BlockProjector<PreparedBlock, ProjectionWriter> {
  private readonly reader: ContractReader;
  private readonly linkPayload: ((payload: string) => bigint | null) | undefined;

  constructor(client: Pick<ChainClient, 'dryRun'>, config: ContractProjectorConfig) {
    this.reader = new ContractReader(client, config.origin);
    this.linkPayload = config.linkPayload;
  }

  async prepare(block: BlockRef, events: readonly ContractEvent[]): Promise<PreparedBlock> {
    const snapshots = await readSnapshots(this.reader, planReads(events), block.hash);
    return { events, snapshots };
  }

  async apply(tx: ProjectionWriter, block: BlockRef, prepared: PreparedBlock): Promise<void> {
    for (const [seq, event] of prepared.events.entries()) {
      await projectEvent(
        tx.projections,
        event,
        { block: block.number, seq },
        prepared.snapshots,
        this.linkPayload,
      );
    }
  }
}

/** Applies one event to the read models (read, reduce, upsert). */
export async function projectEvent(
  repo: ProjectionRepository,
  event: ContractEvent,
  at: EventPosition,
  snapshots: BlockSnapshots,
  linkPayload?: (payload: string) => bigint | null,
): Promise<void> {
  switch (event.contract) {
    case 'aiJobQueue': {
      const id = event.fields.jobId;
      const next = reduceQueueJob(await repo.getJob(id), event, at, snapshots.jobs.get(id));
      return next ? repo.upsertJob(next) : undefined;
    }
    case 'paymentEscrow': {
      const id = event.fields.jobId;
      const next = reduceEscrow(await repo.getEscrow(id), event, at, snapshots.escrows.get(id));
      return next ? repo.upsertEscrow(next) : undefined;
    }
    case 'computeProviderRegistry': {
      const id = event.fields.provider;
      const current = await repo.getProvider(id);
      const next = reduceProvider(current, event, at, snapshots.providers.get(id));
      return next ? repo.upsertProvider(next) : undefined;
    }
    case 'dataNftRegistry':
      return projectNftEvent(repo, event, at, snapshots);
    case 'phalaJobProcessor': {
      const id = event.fields.jobId;
      const next = reduceConfidentialJob(await repo.getConfidentialJob(id), event, at, {
        job: snapshots.confidentialJobs.get(id),
        attestation: snapshots.attestations.get(id),
        ...(linkPayload === undefined ? {} : { linkPayload }),
      });
      return next ? repo.upsertConfidentialJob(next) : undefined;
    }
    case 'mevProtection':
      return projectMevEvent(repo, event, at, snapshots);
  }
}

async function projectNftEvent(
  repo: ProjectionRepository,
  event: DataNftEvent,
  at: EventPosition,
  snapshots: BlockSnapshots,
): Promise<void> {
  const { tokenId } = event.fields;
  if (isGrantEvent(event)) {
    const next = reduceGrant(await repo.getGrant(tokenId, event.fields.grantee), event, at);
    return next ? repo.upsertGrant(next) : undefined;
  }
  const next = reduceNft(await repo.getNft(tokenId), event, at, snapshots.nfts.get(tokenId));
  return next ? repo.upsertNft(next) : undefined;
}

async function projectMevEvent(
  repo: ProjectionRepository,
  event: Extract<ContractEvent, { contract: 'mevProtection' }>,
  at: EventPosition,
  snapshots: BlockSnapshots,
): Promise<void> {
  if (event.name === 'IntentSubmitted') {
    const id = event.fields.intentId;
    const next = reduceIntentSubmitted(await repo.getIntent(id), at, snapshots.intents.get(id));
    return next ? repo.upsertIntent(next) : undefined;
  }
  const id = event.fields.batchId;
  const current = await repo.getBatch(id);
  const snapshot = snapshots.batches.get(id);
  const memberIds =
    event.name === 'BatchCreated'
      ? (snapshot?.intentIds ?? [])
      : ((current ?? snapshot)?.intentIds ?? []);
  const members = await loadIntents(repo, memberIds);
  const change =
    event.name === 'BatchCreated'
      ? reduceBatchCreated(current, members, at, snapshot)
      : reduceBatchExecuted(current, members, at, {
          batch: snapshot,
          result: snapshots.batchResults.get(id),
        });
  if (change.batch) {
    await repo.upsertBatch(change.batch);
  }
  for (const intent of change.intents) {
    await repo.upsertIntent(intent);
  }
}

async function loadIntents(
  repo: ProjectionRepository,
  ids: readonly bigint[],
): Promise<Map<bigint, ProjectedIntent>> {
  const members = new Map<bigint, ProjectedIntent>();
  for (const id of new Set(ids)) {
    const intent = await repo.getIntent(id);
    if (intent) {
      members.set(id, intent);
    }
  }
  return members;
}
