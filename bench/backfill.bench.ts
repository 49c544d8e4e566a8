/**
 * Backfill throughput: blocks/s and events/s of the chain follower catching up into SQLite and
 * PostgreSQL, against the same client's bare fetch + decode rate with no storage (the baseline),
 * all in one run on one devnet. Usage: npm run bench:backfill [-- --blocks 2000 --events 300]
 */
import { ContractPromise } from '@polkadot/api-contract';
import { defaultContractAddresses } from '../devnet/devnet';
import { ChainFollower } from '../src/chain/follower/chain-follower';
import { decodeBlockEvents } from '../src/chain/follower/decode-block-events';
import { NOOP_LOGGER } from '../src/shared';
import { loadAbiJson } from '../src/contracts';
import { createTestDatabase } from '../test/support/databases';
// test/support helpers are reused on purpose: the bench must drive the same real parts as the tests
import { startDevnetApi, sendTx } from '../test/support/devnet-api';
import { chainClientFor, FOLLOWER_DEFAULTS } from '../test/support/follower-harness';
import { migrateToLatest, SqlStorage, type DialectName } from '../src/storage';

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
  const targetBlocks = arg('blocks', 2000);
  const eventTxs = arg('events', 300);
  const batchSize = arg('batch', 32);
  const chain = await startDevnetApi();
  const eve = chain.keyring.addFromUri('//Eve');
  const mev = new ContractPromise(
    chain.api,
    loadAbiJson('mevProtection'),
    defaultContractAddresses().mevProtection,
  );
  const gasLimit = chain.api.registry.createType('WeightV2', { refTime: 1e11, proofSize: 1e6 });
  process.stdout.write(`preparing ${eventTxs} intents over ${targetBlocks} blocks…\n`);
  const pad = Math.max(0, Math.floor((targetBlocks - eventTxs) / eventTxs));
  for (let i = 0; i < eventTxs; i++) {
    await sendTx(
      mev.tx['submitIntent']!(
        { gasLimit, storageDepositLimit: null },
        `intent-${i}`,
        'PAS',
        'USDT',
        BigInt(i + 1),
      ),
      eve,
    );
    if (pad > 0) {
      await chain.api.rpc('dev_newBlock', pad);
    }
  }
  await chain.api.rpc('dev_newBlock', 1);
  await chain.api.rpc('dev_finalize', chain.devnet.node.best.number);
  const head = BigInt(chain.devnet.node.store.finalizedNumber);
  const blocks = Number(head) + 1;

  const client = chainClientFor([chain.devnet.url]);
  await client.start();
  let started = performance.now();
  let events = 0;
  for (let next = 0n; next <= head; next += BigInt(batchSize)) {
    const numbers = Array.from(
      { length: Math.min(batchSize, Number(head - next) + 1) },
      (_, i) => next + BigInt(i),
    );
    const refs = await Promise.all(numbers.map((n) => client.getBlockRef(n)));
    const raws = await Promise.all(refs.map((ref) => client.getContractEvents(ref!)));
    events += raws.reduce((sum, raw) => sum + decodeBlockEvents(raw, true).events.length, 0);
  }
  const bare = { seconds: (performance.now() - started) / 1000, events };
  const rows: string[][] = [
    ['mode', 'blocks', 'events', 'seconds', 'blocks/s', 'events/s', 'vs bare'],
  ];
  const line = (mode: string, seconds: number, n: number) => [
    mode,
    String(blocks),
    String(n),
    seconds.toFixed(2),
    (blocks / seconds).toFixed(0),
    (n / seconds).toFixed(0),
    (bare.seconds / seconds).toFixed(2),
  ];
  rows.push(line('bare fetch+decode', bare.seconds, bare.events));

  for (const dialect of ['sqlite', 'postgres'] as DialectName[]) {
    const db = await createTestDatabase(dialect);
    const database = await db.open();
    await migrateToLatest(database);
    const storage = new SqlStorage(database);
    const follower = new ChainFollower(
      client,
      storage,
      null,
      { ...FOLLOWER_DEFAULTS, batchSize, followBest: false },
      NOOP_LOGGER,
    );
    started = performance.now();
    await follower.syncOnce();
    const seconds = (performance.now() - started) / 1000;
    rows.push(line(`follower → ${dialect}`, seconds, await storage.events.count()));
    await database.close();
    await db.drop();
  }
  await client.stop();
  await chain.close();
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows) {
    process.stdout.write(`${row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}\n`);
  }
  process.stdout.write(
    `batch size ${batchSize}; "vs bare" = bare seconds / mode seconds (1.00 = storage costs nothing)\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
