import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContractPromise } from '@polkadot/api-contract';
import { defaultContractAddresses } from '../../devnet/devnet';
import { loadAbiJson } from '../../src/contracts';
import type { Database, SqlStorage } from '../../src/storage';
import type { TestDatabase } from '../support/databases';
import { startDevnetApi, sendTx, type DevnetApi } from '../support/devnet-api';
import { openTestStorage, startFollower } from '../support/follower-harness';
import { waitFor } from '../support/wait-for';

/** Submits `count` intents (one contract event each) and pads each with `pad` empty blocks. */
async function intents(chain: DevnetApi, count: number, pad: number, tag: string): Promise<void> {
  const eve = chain.keyring.addFromUri('//Eve');
  const mev = new ContractPromise(
    chain.api,
    loadAbiJson('mevProtection'),
    defaultContractAddresses().mevProtection,
  );
  const gasLimit = chain.api.registry.createType('WeightV2', { refTime: 1e11, proofSize: 1e6 });
  for (let i = 0; i < count; i++) {
    await sendTx(
      mev.tx['submitIntent']!(
        { gasLimit, storageDepositLimit: null },
        `${tag}-${i}`,
        'PAS',
        'USDT',
        1n,
      ),
      eve,
    );
    if (pad > 0) {
      await chain.api.rpc('dev_newBlock', pad);
    }
  }
}

/** Finalizes everything produced so far (finality normally trails by a timer) and returns its height. */
async function finalizeAll(chain: DevnetApi): Promise<bigint> {
  const best = (await chain.api.rpc.chain.getHeader()).number.toNumber();
  await chain.api.rpc('dev_finalize', best);
  return BigInt(best);
}

describe('chain follower under connection faults (SQLite file)', () => {
  let db: TestDatabase;
  let database: Database;
  let storage: SqlStorage;

  beforeEach(async () => {
    ({ db, database, storage } = await openTestStorage('sqlite'));
  });
  afterEach(async () => {
    await database.close();
    await db.drop();
  });

  it('recovers from dropped connections and a stall without missing a block', async () => {
    const chain = await startDevnetApi();
    await intents(chain, 10, 20, 'before');
    const following = await startFollower([chain.devnet.url], storage, { batchSize: 8 });
    // drops every connection, the test's own client too; it reconnects by itself
    await chain.api.rpc('dev_dropConnections');
    await waitFor(() => !chain.api.isConnected, 10_000, 'connections dropped');
    await waitFor(() => chain.api.isConnected, 20_000, 'test client reconnected');
    await chain.api.rpc('dev_stall', 300);
    await intents(chain, 5, 5, 'after');
    const target = await finalizeAll(chain);
    await waitFor(
      async () => ((await storage.cursors.get('finalized'))?.block.number ?? -1n) >= target,
      60_000,
      'catch-up after faults',
    );
    expect(await storage.events.count({ isFinal: true, eventName: 'IntentSubmitted' })).toBe(15);
    await following.stop();
    await chain.close();
  });

  it('fails over to a second endpoint on the same chain with no block missed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'follower-failover-'));
    const first = await startDevnetApi({ stateFile: path.join(dir, 'a.bin') });
    await intents(first, 20, 25, 'history');
    await first.close();
    fs.copyFileSync(path.join(dir, 'a.bin'), path.join(dir, 'b.bin'));
    const primary = await startDevnetApi({ stateFile: path.join(dir, 'a.bin') });
    const standby = await startDevnetApi({ stateFile: path.join(dir, 'b.bin') });
    expect(standby.api.genesisHash.toHex()).toBe(primary.api.genesisHash.toHex());

    const following = await startFollower([primary.devnet.url, standby.devnet.url], storage, {
      batchSize: 4,
    });
    await waitFor(
      async () => (await storage.cursors.get('finalized'))?.block.number ?? false,
      20_000,
      'first batch',
    );
    await primary.close();
    await intents(standby, 3, 0, 'standby');
    const target = await finalizeAll(standby);
    await waitFor(
      async () => ((await storage.cursors.get('finalized'))?.block.number ?? -1n) >= target,
      60_000,
      'catch-up on the standby',
    );
    expect(await storage.events.count({ isFinal: true, eventName: 'IntentSubmitted' })).toBe(23);
    const states = following.client.getEndpointStates();
    expect(states.find((s) => s.isActive)?.url).toBe(standby.devnet.url);
    await following.stop();
    await standby.close();
  });
});
