import type { ContractEvent, DataNft, QueueJob } from '../contracts/types';
import { ContractProjector } from './contract-projector';
import { planReads } from './block-snapshots';
import { ContractReadError } from './contract-reader';
import { seedFromCounters } from './seed-from-counters';
import { FakeGetterClient } from './testing/fake-getter-client';
import { InMemoryProjectionRepository } from './testing/in-memory-projection-repository';

const ORIGIN = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const OWNER = '0x9621dde636de098b43efb0fa9b61facfe328f99d';
const P = '0x1111111111111111111111111111111111111111';
const BLOCK = { number: 7n, hash: '0x' + '07'.repeat(32) };

const job: QueueJob = {
  id: 1n,
  owner: OWNER,
  modelRef: 'm',
  dataRef: 'd',
  budget: 5n,
  status: 'Cancelled',
  assignedProvider: null,
  deadline: 99,
  privacyRequired: false,
};
const nft: DataNft = {
  tokenId: 1n,
  owner: OWNER,
  dataUri: 'u',
  privacyLevel: 1,
  mintedAt: 3n,
  accessPrice: 4n,
  isTransferable: true,
};

function answer(contract: string, message: string): unknown {
  if (contract === 'phalaJobProcessor' || contract === 'mevProtection') {
    return message.endsWith('counter') ? 0n : null;
  }
  switch (message) {
    case 'get_job':
      return job;
    case 'get_nft':
      return nft;
    case 'get_provider':
      return null;
    case 'get_job_counter':
    case 'total_supply':
      return 1n;
    case 'get_approved':
      return null;
    default:
      return 0n;
  }
}

const events: ContractEvent[] = [
  { contract: 'aiJobQueue', name: 'JobSubmitted', fields: { jobId: 1n, owner: OWNER, budget: 5n } },
  { contract: 'aiJobQueue', name: 'JobCancelled', fields: { jobId: 1n } },
  { contract: 'aiJobQueue', name: 'JobCancelled', fields: { jobId: 1n } },
  {
    contract: 'dataNftRegistry',
    name: 'NFTMinted',
    fields: { tokenId: 1n, owner: OWNER, dataUri: 'u', privacyLevel: 1 },
  },
  {
    contract: 'dataNftRegistry',
    name: 'AccessGranted',
    fields: { tokenId: 1n, grantee: P, payment: 4n },
  },
  { contract: 'dataNftRegistry', name: 'NFTBurned', fields: { tokenId: 1n, owner: OWNER } },
  { contract: 'computeProviderRegistry', name: 'StakeAdded', fields: { provider: P, amount: 1n } },
];

describe('ContractProjector', () => {
  it('plans each getter once per id', () => {
    const plan = planReads([...events, events[0]!]);
    expect(plan.jobs).toEqual([1n]);
    expect(plan.nfts).toEqual([1n]);
    expect(plan.providers).toEqual([P]);
    expect(plan.escrows).toEqual([]);
  });

  it('reads at the block hash as the configured origin, applies in order, and ignores a replay', async () => {
    const client = new FakeGetterClient(answer);
    const projector = new ContractProjector(client, { origin: ORIGIN });
    const repo = new InMemoryProjectionRepository();
    const tx = { projections: repo };

    const prepared = await projector.prepare(BLOCK, events);
    expect(client.calls.every((c) => c.at === BLOCK.hash && c.origin === ORIGIN)).toBe(true);
    await projector.apply(tx, BLOCK, prepared);
    expect(repo.jobs.get(1n)).toMatchObject({
      status: 'Cancelled',
      cancelCount: 2,
      modelRef: 'm',
      deadline: 99,
    });
    expect(repo.nfts.get(1n)).toMatchObject({ isBurned: true, accessPrice: 4n });
    expect(repo.grants.size).toBe(1);
    expect(repo.providers.size).toBe(0);

    const writes = repo.writes;
    await projector.apply(tx, BLOCK, prepared);
    expect(repo.writes).toBe(writes);
    expect(repo.jobs.get(1n)?.cancelCount).toBe(2);
  });

  it('rejects prepare when a getter dry run fails (the follower retries)', async () => {
    const client = new FakeGetterClient(() => new Error('AccountUnmapped'));
    const projector = new ContractProjector(client, { origin: ORIGIN });
    await expect(projector.prepare(BLOCK, events)).rejects.toBeInstanceOf(ContractReadError);
  });
});

describe('seedFromCounters', () => {
  it('seeds every enumerable id as of the end of the block and is harmless to repeat', async () => {
    const client = new FakeGetterClient(answer);
    const repo = new InMemoryProjectionRepository();
    const report = await seedFromCounters(client, repo, ORIGIN, BLOCK);
    expect(report).toMatchObject({ jobs: 1, nfts: 1, confidentialJobs: 0, intents: 0, batches: 0 });
    expect(repo.jobs.get(1n)).toMatchObject({ ...job, resultHash: null, submittedBlock: null });
    expect(client.calls.every((c) => c.at === BLOCK.hash)).toBe(true);
    const again = await seedFromCounters(client, repo, ORIGIN, BLOCK);
    expect(again).toMatchObject({ jobs: 0, nfts: 0 });
  });

  it('links a sealed confidential payload to its queue job with the given linker', async () => {
    const sealed = 'pmenc1:opaque';
    const client = new FakeGetterClient((contract, message) => {
      if (contract !== 'phalaJobProcessor') {
        return message.endsWith('counter') || message === 'total_supply' ? 0n : null;
      }
      if (message === 'get_job_counter') {
        return 1n;
      }
      if (message === 'get_attestation') {
        return null;
      }
      return {
        jobId: 1n,
        owner: ORIGIN,
        encryptedPayload: sealed,
        publicKey: 'k',
        createdAt: 1n,
        processed: false,
      };
    });
    const repo = new InMemoryProjectionRepository();
    const linked = (payload: string) => (payload === sealed ? 42n : null);
    const report = await seedFromCounters(client, repo, ORIGIN, BLOCK, linked);
    expect(report.confidentialJobs).toBe(1);
    expect(repo.confidentialJobs.get(1n)?.queueJobId).toBe(42n);
  });
});
