/**
 * Backfill throughput: blocks/s and events/s of the chain follower catching up into SQLite and
 * PostgreSQL, against the same client's bare fetch + decode rate with no storage (the baseline),
 * in one run, on two chains: a sparse one (a few contract events among many empty blocks) and an
 * event-dense one (every block a `utility.batchAll` of `--calls-per-block` contract calls).
 *
 *   npm run bench:backfill -- [--blocks 2000] [--events 300] [--dense-blocks 400]
 *                             [--calls-per-block 50] [--batch 32] [--rounds 3] [--quick]
 *
 * PostgreSQL: TEST_POSTGRES_URL, else a throwaway local cluster (test/support/postgres-server.ts).
 * The follower runs without a projector (events and cursor only), as the service's follower
 * does before projections.
 */
import type { DialectName } from '../src/storage';
import { startDevnetApi } from '../test/support/devnet-api';
import { stopPostgresTestServer } from '../test/support/postgres-server';
import { buildDenseChain, buildSparseChain } from './support/backfill-chains';
import {
  blocksPerSecond,
  eventsPerSecond,
  formatRuns,
  measureBackfill,
  type BackfillRun,
} from './support/backfill-measure';
import {
  commandLine,
  isQuick,
  numberArg,
  reportResult,
  runBench,
  type Figure,
} from './support/bench-result';

const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

function figures(chain: string, runs: readonly BackfillRun[]): Figure[] {
  const bare = runs[0]!;
  return runs.flatMap((run, i) => {
    const base = (value: number) => (i === 0 ? undefined : { name: bare.mode, value });
    return [
      {
        name: `${chain}: ${run.mode}, blocks/s`,
        value: blocksPerSecond(run),
        unit: 'blocks/s',
        baseline: base(blocksPerSecond(bare)),
        better: 'higher' as const,
      },
      {
        name: `${chain}: ${run.mode}, events/s`,
        value: eventsPerSecond(run),
        unit: 'events/s',
        baseline: base(eventsPerSecond(bare)),
        better: 'higher' as const,
      },
    ];
  });
}

async function main(): Promise<void> {
  const quick = isQuick();
  const targetBlocks = numberArg('blocks', quick ? 200 : 2000);
  const eventTxs = numberArg('events', quick ? 20 : 300);
  const denseBlocks = numberArg('dense-blocks', quick ? 40 : 400);
  const callsPerBlock = numberArg('calls-per-block', 50);
  const batchSize = numberArg('batch', 32);
  const rounds = numberArg('rounds', quick ? 1 : 3);

  process.stdout.write(`sparse chain: ${eventTxs} intents over ${targetBlocks} blocks…\n`);
  const sparseChain = await startDevnetApi();
  let sparse: BackfillRun[];
  try {
    const head = await buildSparseChain(sparseChain, targetBlocks, eventTxs);
    sparse = await measureBackfill(sparseChain.devnet.url, head, batchSize, DIALECTS, rounds);
  } finally {
    await sparseChain.close();
  }
  process.stdout.write(`${formatRuns('sparse chain', sparse)}\n\n`);

  process.stdout.write(`dense chain: ${denseBlocks} blocks × ${callsPerBlock} contract calls…\n`);
  const denseChain = await startDevnetApi();
  let dense: BackfillRun[];
  try {
    const started = performance.now();
    const head = await buildDenseChain(denseChain, denseBlocks, callsPerBlock);
    const buildSeconds = (performance.now() - started) / 1000;
    process.stdout.write(`built ${head} blocks in ${buildSeconds.toFixed(1)} s\n`);
    dense = await measureBackfill(denseChain.devnet.url, head, batchSize, DIALECTS, rounds);
    const expected = denseBlocks * callsPerBlock;
    if (dense[0]!.events < expected) {
      throw new Error(
        `the dense chain holds ${dense[0]!.events} contract events, expected ${expected}`,
      );
    }
  } finally {
    await denseChain.close();
  }
  await stopPostgresTestServer();
  process.stdout.write(`${formatRuns('event-dense chain', dense)}\n`);
  const notes = [
    `sparse chain: ${sparse[0]!.blocks} blocks, ${sparse[0]!.events} contract events; ` +
      `event-dense chain: ${dense[0]!.blocks} blocks, ${dense[0]!.events} contract events ` +
      `(${callsPerBlock} per block, in one utility.batchAll each)`,
    `follower batch size ${batchSize}, no projector; devnet in this process; ` +
      'every run starts from an empty database and must store exactly the baseline’s events; ' +
      `${rounds} rounds (bare, SQLite, PostgreSQL each), the median of each mode`,
    'targets (issue 11): ≥ 0.9× bare on both databases; ≥ 1,000 blocks/s; ≥ 20,000 events/s on an event-dense chain',
  ];
  process.stdout.write(`${notes.join('\n')}\n`);
  reportResult({
    bench: 'backfill',
    title: 'Follower backfill (SQLite, PostgreSQL) against bare fetch + decode',
    command: commandLine('bench/backfill.bench.ts'),
    figures: [...figures('sparse', sparse), ...figures('event-dense', dense)],
    notes,
  });
}

runBench('backfill', main);
