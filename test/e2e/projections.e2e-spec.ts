import { ContractPromise } from '@polkadot/api-contract';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { WeightV2 } from '@polkadot/types/interfaces';
import { defaultContractAddresses } from '../../devnet/devnet';
import type { PolkadotChainClient } from '../../src/chain/polkadot/polkadot-chain-client';
import { h160FromAccountId, loadAbiJson, type ContractName, type H160 } from '../../src/contracts';
import {
  attestationView,
  batchView,
  confidentialJobView,
  ContractProjector,
  ContractReader,
  escrowView,
  hasAccess,
  intentView,
  nftView,
  providerView,
  queueJobView,
  seedFromCounters,
  type ProjectionRepository,
} from '../../src/projections';
import type { Database, DialectName, SqlStorage } from '../../src/storage';
import type { BlockRef } from '../../src/shared';
import { STORY_DIALECTS, type TestDatabase } from '../support/databases';
import { sendTx, startDevnetApi, type DevnetApi } from '../support/devnet-api';
import { chainClientFor, openTestStorage, startFollower } from '../support/follower-harness';
import { waitFor } from '../support/wait-for';

const GAS = { refTime: 100_000_000_000, proofSize: 1_000_000 };
const PAS = 10_000_000_000n;

describe.each<DialectName>(STORY_DIALECTS)('contract projections on %s', (dialect) => {
  let chain: DevnetApi;
  let db: TestDatabase;
  let database: Database;
  let storage: SqlStorage;
  let reads: PolkadotChainClient;
  let alice: KeyringPair;
  let bob: KeyringPair;
  let charlie: KeyringPair;
  let dave: KeyringPair;
  const addresses = defaultContractAddresses();
  const h160 = (pair: KeyringPair): H160 => h160FromAccountId(pair.publicKey);
  const contract = (name: ContractName) =>
    new ContractPromise(chain.api, loadAbiJson(name), addresses[name]);
  const opts = (value: bigint) => ({
    gasLimit: chain.api.registry.createType<WeightV2>('WeightV2', GAS),
    storageDepositLimit: null,
    value,
  });
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

  /** Signs a message call and expects it to succeed AND emit (these contracts fail silently). */
  async function call(
    signer: KeyringPair,
    name: ContractName,
    message: string,
    value: bigint,
    ...args: unknown[]
  ): Promise<void> {
    const tx = contract(name).tx[message];
    if (!tx) {
      throw new Error(`${name} has no ${message}`);
    }
    const outcome = await sendTx(tx(opts(value), ...args), signer);
    expect({ message, success: outcome.success }).toEqual({ message, success: true });
    const emitted = outcome.events.filter((r) => r.event.method === 'ContractEmitted').length;
    expect({ message, emitted: emitted > 0 }).toEqual({ message, emitted: true });
  }

  async function mapAccount(pair: KeyringPair): Promise<void> {
    const revive = chain.api.tx['revive'];
    if (!revive?.['mapAccount']) {
      throw new Error('no revive.mapAccount');
    }
    expect((await sendTx(revive['mapAccount'](), pair)).success).toBe(true);
  }

  async function driveStory(): Promise<void> {
    const head = (await chain.api.rpc.chain.getHeader()).number.toNumber();
    const [C, D] = [h160(charlie), h160(dave)];
    // ai_job_queue + escrow: 1 completed and paid (then re-deposited), 2 cancelled twice and refunded,
    // 3 assigned only, 4 confidential and in progress
    await call(
      bob,
      'aiJobQueue',
      'submitJob',
      3n * PAS,
      'model:gpu:resnet',
      'data:1:imgs',
      head + 10_000,
      false,
    );
    await call(
      bob,
      'aiJobQueue',
      'submitJob',
      2n * PAS,
      'model:cpu:ocr',
      'data:2:scan',
      head + 20_000,
      false,
    );
    await call(
      bob,
      'aiJobQueue',
      'submitJob',
      PAS,
      'model:tpu:llm',
      'data:3:txt',
      head + 30_000,
      false,
    );
    await call(
      bob,
      'aiJobQueue',
      'submitJob',
      PAS,
      'model:gpu:secret',
      'data:4:enc',
      head + 40_000,
      true,
    );
    await call(bob, 'paymentEscrow', 'depositForJob', 3n * PAS, 1, C);
    await call(bob, 'aiJobQueue', 'assignProvider', 0n, 1, C);
    await call(charlie, 'aiJobQueue', 'markInProgress', 0n, 1);
    await call(charlie, 'aiJobQueue', 'markCompleted', 0n, 1, 'sha256:feedbeef');
    await call(bob, 'paymentEscrow', 'releaseToProvider', 0n, 1);
    await call(dave, 'paymentEscrow', 'depositForJob', PAS, 1, D);
    await call(bob, 'aiJobQueue', 'cancelJob', 0n, 2);
    await call(bob, 'aiJobQueue', 'cancelJob', 0n, 2);
    await call(bob, 'paymentEscrow', 'depositForJob', 2n * PAS, 2, C);
    await call(bob, 'paymentEscrow', 'setProvider', 0n, 2, D);
    await call(bob, 'paymentEscrow', 'refundToOwner', 0n, 2);
    await call(bob, 'aiJobQueue', 'assignProvider', 0n, 3, D);
    await call(bob, 'aiJobQueue', 'assignProvider', 0n, 4, C);
    await call(charlie, 'aiJobQueue', 'markInProgress', 0n, 4);
    // registry
    await call(
      charlie,
      'computeProviderRegistry',
      'registerProvider',
      5n * PAS,
      'https://charlie.gpu',
      64,
      1_000,
    );
    await call(
      charlie,
      'computeProviderRegistry',
      'updateProvider',
      0n,
      'wss://charlie.gpu/v2',
      1_500,
    );
    await call(charlie, 'computeProviderRegistry', 'setActive', 0n, false);
    await call(charlie, 'computeProviderRegistry', 'addStake', 2n * PAS);
    await call(
      dave,
      'computeProviderRegistry',
      'registerProvider',
      PAS,
      'https://dave.cpu',
      8,
      200,
    );
    await call(dave, 'computeProviderRegistry', 'setActive', 0n, false);
    await call(dave, 'computeProviderRegistry', 'setActive', 0n, true);
    // data NFTs: 1 granted then burned (grant survives), 2 approved, granted, revoked and transferred
    await call(bob, 'dataNftRegistry', 'mint', 0n, 'ipfs://dataset-1', 2, 1_000, true);
    await call(bob, 'dataNftRegistry', 'grantAccess', PAS, 1, C);
    await call(bob, 'dataNftRegistry', 'burn', 0n, 1);
    await call(bob, 'dataNftRegistry', 'mint', 0n, 'ipfs://dataset-2', 0, 0, true);
    await call(bob, 'dataNftRegistry', 'approve', 0n, 2, D);
    await call(bob, 'dataNftRegistry', 'grantAccess', 0n, 2, D);
    await call(bob, 'dataNftRegistry', 'grantAccess', 0n, 2, C);
    await call(bob, 'dataNftRegistry', 'revokeAccess', 0n, 2, D);
    await call(bob, 'dataNftRegistry', 'updateDataUri', 0n, 2, 'ipfs://dataset-2b');
    await call(bob, 'dataNftRegistry', 'updateAccessPrice', 0n, 2, 77);
    await call(bob, 'dataNftRegistry', 'transfer', 0n, 2, C);
    // phala: 1 links queue job 4, attested twice (overwrite) and processed; 2 has a payload that is no JSON
    await call(
      bob,
      'phalaJobProcessor',
      'submitConfidentialJob',
      0n,
      b64({ jobId: 4, model: 'm', data: 'd' }),
      bob.address,
    );
    await call(
      charlie,
      'phalaJobProcessor',
      'recordAttestation',
      0n,
      1,
      'sha256:first',
      'proof-1',
      '0xworker',
    );
    await call(charlie, 'phalaJobProcessor', 'markJobProcessed', 0n, 1);
    await call(
      dave,
      'phalaJobProcessor',
      'recordAttestation',
      0n,
      1,
      'sha256:forged',
      'proof-2',
      '0xother',
    );
    await call(bob, 'phalaJobProcessor', 'submitConfidentialJob', 0n, 'not-base64-json!', 'pk');
    // mev: 6 intents, batch 1 = 1..5 executed, batch 2 re-batches 2..6, batch 1 executed again
    for (let i = 1; i <= 6; i++) {
      await call(
        i % 2 === 0 ? bob : dave,
        'mevProtection',
        'submitIntent',
        0n,
        `enc-${i}`,
        'DOT',
        'USDT',
        100 * i,
      );
    }
    await call(charlie, 'mevProtection', 'createBatch', 0n, [1, 2, 3, 4, 5], 'route-a');
    await call(charlie, 'mevProtection', 'executeBatch', 0n, 1, 1_490, '1.01');
    await call(charlie, 'mevProtection', 'createBatch', 0n, [2, 3, 4, 5, 6, 6, 99], 'route-b');
    await call(dave, 'mevProtection', 'executeBatch', 0n, 1, 1_000, '0.99');
  }

  /** Every projected row equals its getter's dry-run result at `at` (the follower's cursor block). */
  async function expectMatchesGetters(repo: ProjectionRepository, at: string): Promise<void> {
    const reader = new ContractReader(reads, alice.address);
    const jobs = await reader.counter('aiJobQueue', 'get_job_counter', at);
    expect(jobs).toBe(4n);
    for (let id = 1n; id <= jobs; id++) {
      const row = await repo.getJob(id);
      expect(row && queueJobView(row)).toEqual(await reader.queueJob(id, at));
      const escrow = await repo.getEscrow(id);
      expect(escrow && escrowView(escrow)).toEqual(await reader.escrow(id, at));
    }
    const providers = (await repo.listProviders({ limit: 100 })).items;
    expect(providers.map((p) => p.provider).sort()).toEqual([h160(charlie), h160(dave)].sort());
    for (const provider of providers) {
      expect(providerView(provider)).toEqual(await reader.provider(provider.provider, at));
    }
    const supply = await reader.counter('dataNftRegistry', 'total_supply', at);
    expect(supply).toBe(2n);
    for (let id = 1n; id <= supply; id++) {
      const entry = await repo.getNftWithGrants(id);
      if (!entry) {
        throw new Error(`nft ${id} not projected`);
      }
      expect(nftView(entry.nft)).toEqual(await reader.nft(id, at));
      expect(entry.nft.approved).toEqual(await reader.approved(id, at));
      for (const account of [h160(alice), h160(bob), h160(charlie), h160(dave)]) {
        const grant = entry.grants.find((g) => g.grantee === account) ?? null;
        expect({ id, account, access: hasAccess(entry.nft, grant, account) }).toEqual({
          id,
          account,
          access: await reader.hasAccess(id, account, at),
        });
      }
    }
    const cids = await reader.counter('phalaJobProcessor', 'get_job_counter', at);
    expect(cids).toBe(2n);
    for (let id = 1n; id <= cids; id++) {
      const row = await repo.getConfidentialJob(id);
      if (!row) {
        throw new Error(`confidential job ${id} not projected`);
      }
      expect(confidentialJobView(row)).toEqual(await reader.confidentialJob(id, at));
      expect(attestationView(row)).toEqual(await reader.attestation(id, at));
    }
    const intents = await reader.counter('mevProtection', 'get_intent_counter', at);
    expect(intents).toBe(6n);
    for (let id = 1n; id <= intents; id++) {
      const row = await repo.getIntent(id);
      expect(row && intentView(row)).toEqual(await reader.intent(id, at));
    }
    const batches = await reader.counter('mevProtection', 'get_batch_counter', at);
    expect(batches).toBe(2n);
    for (let id = 1n; id <= batches; id++) {
      const row = await repo.getBatch(id);
      if (!row) {
        throw new Error(`batch ${id} not projected`);
      }
      expect(batchView(row)).toEqual({
        batch: await reader.batch(id, at),
        result: await reader.batchResult(id, at),
      });
    }
  }

  beforeAll(async () => {
    chain = await startDevnetApi();
    ({ db, database, storage } = await openTestStorage(dialect));
    [alice, bob, charlie, dave] = ['//Alice', '//Bob', '//Charlie', '//Dave'].map((uri) =>
      chain.keyring.addFromUri(uri),
    ) as [KeyringPair, KeyringPair, KeyringPair, KeyringPair];
    for (const pair of [alice, bob, charlie, dave]) {
      await mapAccount(pair);
    }
    reads = chainClientFor([chain.devnet.url]);
    await reads.start();
  }, 60_000);
  afterAll(async () => {
    await reads.stop();
    await database.close();
    await db.drop();
    await chain.close();
  });

  let cursorBlock: BlockRef;

  it('projects every contract so that each row equals its getter at the finalized head', async () => {
    const projector = new ContractProjector(reads, { origin: alice.address });
    const following = await startFollower([chain.devnet.url], storage, {}, projector);
    try {
      await driveStory();
      const best = (await chain.api.rpc.chain.getHeader()).number.toBigInt();
      await waitFor(
        async () => (await reads.getFinalizedHead()).number === best,
        20_000,
        'chain finality',
      );
      cursorBlock = await waitFor(
        async () => {
          const cursor = await storage.cursors.get('finalized');
          return cursor?.block.number === best && cursor.block;
        },
        30_000,
        'follower at the finalized head',
      );
    } finally {
      await following.stop();
    }
    expect(await storage.quarantine.count()).toBe(0);
    await expectMatchesGetters(storage.projections, cursorBlock.hash);

    // what only the events tell
    expect(await storage.projections.getJob(1n)).toMatchObject({
      status: 'Completed',
      resultHash: 'sha256:feedbeef',
      completedBy: h160(charlie),
    });
    expect(await storage.projections.getJob(2n)).toMatchObject({
      status: 'Cancelled',
      cancelCount: 2,
    });
    expect(await storage.projections.getEscrow(1n)).toMatchObject({
      owner: h160(dave),
      released: false,
    });
    expect((await storage.projections.getConfidentialJob(1n))?.queueJobId).toBe(4n);
    expect((await storage.projections.getConfidentialJob(1n))?.attestationCount).toBe(2);
    expect((await storage.projections.getConfidentialJob(2n))?.queueJobId).toBeNull();
    expect(
      (await storage.projections.findConfidentialJobsForQueueJob(4n)).map((j) => j.jobId),
    ).toEqual([1n]);
    expect((await storage.projections.getBatch(1n))?.executionCount).toBe(2);
    expect((await storage.projections.getNft(1n))?.isBurned).toBe(true);
    expect(
      (await storage.projections.listJobs({ limit: 10, provider: h160(charlie) })).items.map(
        (j) => j.id,
      ),
    ).toEqual([4n, 1n]);
  }, 180_000);

  it('projects history older than its reader account’s mapping (a new database, a new worker key)', async () => {
    // Ferdie maps only now, after every event of the story: a service started with a fresh
    // database and a fresh worker key reads blocks from before its key existed on-chain.
    const ferdie = chain.keyring.addFromUri('//Ferdie');
    await mapAccount(ferdie);
    const fresh = await openTestStorage(dialect);
    const projector = new ContractProjector(reads, { origin: ferdie.address });
    const following = await startFollower([chain.devnet.url], fresh.storage, {}, projector);
    try {
      await waitFor(
        async () =>
          ((await fresh.storage.cursors.get('finalized'))?.block.number ?? -1n) >=
          cursorBlock.number,
        60_000,
        'the follower past the story',
      );
      for (let id = 1n; id <= 4n; id++) {
        const [a, b] = [
          await fresh.storage.projections.getJob(id),
          await storage.projections.getJob(id),
        ];
        expect(a && queueJobView(a)).toEqual(b && queueJobView(b));
      }
      expect(await fresh.storage.projections.getEscrow(1n)).toMatchObject({ owner: h160(dave) });
    } finally {
      await following.stop();
      await fresh.database.close();
      await fresh.db.drop();
    }
  }, 120_000);

  it('seeds the enumerable contracts from their counters to the same rows on a fresh database', async () => {
    const fresh = await openTestStorage(dialect);
    try {
      const report = await seedFromCounters(
        reads,
        fresh.storage.projections,
        alice.address,
        cursorBlock,
      );
      expect(report).toMatchObject({
        jobs: 4,
        nfts: 1,
        confidentialJobs: 2,
        intents: 6,
        batches: 2,
      });
      const seeded = fresh.storage.projections;
      const projected = storage.projections;
      for (let id = 1n; id <= 4n; id++) {
        const [a, b] = [await seeded.getJob(id), await projected.getJob(id)];
        expect(a && queueJobView(a)).toEqual(b && queueJobView(b));
      }
      const [nftA, nftB] = [await seeded.getNft(2n), await projected.getNft(2n)];
      expect(nftA && { ...nftView(nftA), approved: nftA.approved }).toEqual(
        nftB && { ...nftView(nftB), approved: nftB.approved },
      );
      for (let id = 1n; id <= 2n; id++) {
        const [a, b] = [
          await seeded.getConfidentialJob(id),
          await projected.getConfidentialJob(id),
        ];
        expect(a && [confidentialJobView(a), attestationView(a), a.queueJobId]).toEqual(
          b && [confidentialJobView(b), attestationView(b), b.queueJobId],
        );
        const [ba, bb] = [await seeded.getBatch(id), await projected.getBatch(id)];
        expect(ba && batchView(ba)).toEqual(bb && batchView(bb));
      }
      for (let id = 1n; id <= 6n; id++) {
        const [a, b] = [await seeded.getIntent(id), await projected.getIntent(id)];
        expect(a && intentView(a)).toEqual(b && intentView(b));
      }
      await expect(
        seedFromCounters(reads, seeded, alice.address, cursorBlock),
      ).resolves.toMatchObject({ jobs: 0, intents: 0 });
    } finally {
      await fresh.database.close();
      await fresh.db.drop();
    }
  }, 60_000);
});
