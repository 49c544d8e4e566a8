import { ContractPromise } from '@polkadot/api-contract';
import type { KeyringPair } from '@polkadot/keyring/types';
import { defaultContractAddresses } from '../../devnet/devnet';
import {
  h160FromAccountId,
  loadAbiJson,
  NATIVE_TO_ETH_RATIO,
  type ContractName,
} from '../../src/contracts';
import type { Database, DialectName, SqlStorage } from '../../src/storage';
import { STORY_DIALECTS, type TestDatabase } from '../support/databases';
import { startDevnetApi, sendTx, type DevnetApi } from '../support/devnet-api';
import { openTestStorage, startFollower } from '../support/follower-harness';
import { waitFor } from '../support/wait-for';

const GAS = { refTime: 100_000_000_000, proofSize: 1_000_000 };

describe.each<DialectName>(STORY_DIALECTS)('chain follower on %s', (dialect) => {
  let chain: DevnetApi;
  let db: TestDatabase;
  let database: Database;
  let storage: SqlStorage;
  let bob: KeyringPair;
  let emitted = 0;
  const addresses = defaultContractAddresses();
  const contract = (name: ContractName) =>
    new ContractPromise(chain.api, loadAbiJson(name), addresses[name]);
  const opts = (value = 0n) => ({
    gasLimit: chain.api.registry.createType('WeightV2', GAS),
    storageDepositLimit: null,
    value,
  });

  /** Sends a job submission and counts the contract events it caused. */
  async function submitJob(budget: bigint): Promise<void> {
    const head = (await chain.api.rpc.chain.getHeader()).number.toNumber();
    const outcome = await sendTx(
      contract('aiJobQueue').tx['submitJob']!(
        opts(budget),
        'ocr:pp-ocrv4',
        'data:,x',
        head + 10_000,
        false,
      ),
      bob,
    );
    expect(outcome.success).toBe(true);
    emitted += outcome.events.filter((r) => r.event.method === 'ContractEmitted').length;
  }

  beforeAll(async () => {
    chain = await startDevnetApi();
    ({ db, database, storage } = await openTestStorage(dialect));
    bob = chain.keyring.addFromUri('//Bob');
    await sendTx(chain.api.tx.revive.mapAccount(), bob);
  });
  afterAll(async () => {
    await database.close();
    await db.drop();
    await chain.close();
  });

  it('stores every contract event exactly once with its decoded fields', async () => {
    const following = await startFollower([chain.devnet.url], storage);
    await submitJob(3_000_000_000n);
    const payload = Buffer.from(JSON.stringify({ jobId: 1, model: 'm', data: 'd' })).toString(
      'base64',
    );
    const phala = await sendTx(
      contract('phalaJobProcessor').tx['submitConfidentialJob']!(opts(), payload, bob.address),
      bob,
    );
    emitted += phala.events.filter((r) => r.event.method === 'ContractEmitted').length;

    await waitFor(
      async () => (await storage.events.count({ isFinal: true })) === emitted,
      20_000,
      'final events',
    );
    const page = await storage.events.listRecent({
      limit: 10,
      contract: 'aiJobQueue',
      eventName: 'JobSubmitted',
    });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.decoded).toEqual({
      jobId: '1',
      owner: h160FromAccountId(bob.publicKey),
      budget: (3_000_000_000n * NATIVE_TO_ETH_RATIO).toString(),
    });
    expect(
      await storage.events.count({ contract: 'phalaJobProcessor', eventName: 'JobSubmitted' }),
    ).toBe(1);
    expect(await storage.quarantine.count()).toBe(0);
    await following.stop();
  });

  it('catches up after 500 blocks of downtime with nothing missing or doubled', async () => {
    for (let round = 0; round < 20; round++) {
      await submitJob(1_000_000_000n + BigInt(round));
      await chain.api.rpc('dev_newBlock', 24);
    }
    const head = (await chain.api.rpc.chain.getHeader()).number.toNumber();
    expect(head).toBeGreaterThan(500);
    await chain.api.rpc('dev_finalize', head);
    const following = await startFollower([chain.devnet.url], storage);
    await waitFor(
      async () =>
        (await storage.cursors.get('finalized'))?.block.number ===
        BigInt(chain.devnet.node.store.finalizedNumber),
      60_000,
      'catch-up',
    );
    expect(await storage.events.count({ isFinal: true })).toBe(emitted);
    expect(await storage.events.count({ contract: 'aiJobQueue', eventName: 'JobSubmitted' })).toBe(
      21,
    );
    await following.stop();
  });

  it('rolls tentative rows back on a reorg and never touches final rows', async () => {
    await chain.api.rpc('dev_setFinalityLag', 6);
    const following = await startFollower([chain.devnet.url], storage);
    const finalBefore = await storage.events.count({ isFinal: true });
    for (const depth of [1, 2, 3]) {
      await submitJob(5_000_000_000n);
      const tentative = await waitFor(
        async () =>
          (await storage.events.count({ isFinal: false })) > 0 &&
          storage.events.count({ isFinal: false }),
        20_000,
        'tentative row',
      );
      expect(tentative).toBe(1);
      emitted -= 1;
      await chain.api.rpc('dev_reorg', depth);
      await waitFor(
        async () => (await storage.events.count({ isFinal: false })) === 0,
        20_000,
        `rollback after reorg ${depth}`,
      );
      expect(await storage.events.count({ isFinal: true })).toBe(finalBefore);
    }
    await chain.api.rpc('dev_setFinalityLag', 0);
    await chain.api.rpc('dev_finalize', chain.devnet.node.best.number);
    await waitFor(
      async () =>
        (await storage.cursors.get('finalized'))?.block.number ===
        BigInt(chain.devnet.node.store.finalizedNumber),
      20_000,
      'finality',
    );
    expect(await storage.events.count()).toBe(emitted);
    await following.stop();
  });
});
