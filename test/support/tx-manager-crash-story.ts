import type { Database, DialectName, SqlStorage } from '../../src/storage';
import type { TestDatabase } from './databases';
import { startDevnetApi, type DevnetApi } from './devnet-api';
import { chainClientFor, openTestStorage } from './follower-harness';
import { countIntentsByPayload, intentAction } from './tx-harness';
import { seededRandom } from '../../src/shared/seeded-random';
import { TxWorkerProcess } from './tx-worker-process';
import { waitFor } from './wait-for';

const ACTIONS = 200;
const SEED = Number(process.env['TX_CRASH_SEED'] ?? 20251127);

/**
 * The transaction manager's crash story on one database: 200 actions, the worker process killed
 * with SIGKILL at random points, every effect on-chain exactly once. One test file per database
 * (`tx-manager-crash-*.e2e-spec.ts`), so that both run in parallel Jest workers.
 */
export function describeTxManagerCrash(dialect: DialectName): void {
  jest.setTimeout(240_000);

  describe(`transaction manager killed with SIGKILL on ${dialect}`, () => {
    let chain: DevnetApi;
    let db: TestDatabase;
    let database: Database;
    let storage: SqlStorage;
    let worker: TxWorkerProcess | undefined;

    beforeAll(async () => {
      chain = await startDevnetApi();
      ({ db, database, storage } = await openTestStorage(dialect));
    });

    afterAll(async () => {
      await worker?.kill();
      await database?.close();
      await db?.drop();
      await chain?.close();
    });

    /**
     * Actions whose transaction was signed and recorded, or that are done (`progress`), and those
     * finalized: one aggregate query.
     */
    async function tally(): Promise<{ progress: number; finalized: number }> {
      const counts = await storage.actions.countByStatus();
      return {
        progress: counts.submitted + counts.included + counts.finalized,
        finalized: counts.finalized,
      };
    }

    async function finalizedCount(): Promise<number> {
      return (await tally()).finalized;
    }

    it(`puts each of ${ACTIONS} effects on-chain exactly once despite random kills`, async () => {
      const keys = Array.from({ length: ACTIONS }, (_, i) => `crash:${dialect}:${i}`);
      for (const [i, key] of keys.entries()) {
        await storage.actions.enqueue(intentAction(key, BigInt(i + 1)));
      }
      const env = {
        DATABASE_URL: db.url,
        RPC_URL: chain.devnet.url,
        WORKER_SEED: '//Dave',
        TX_LEASE_MS: '1500',
      };
      const random = seededRandom(SEED + (dialect === 'sqlite' ? 0 : 1));
      const plannedKills = 8 + Math.floor(random() * 8);
      let kills = 0;
      // bounded by count: at most 15 kills, each waiting at most 30 s for progress
      while (kills < plannedKills) {
        worker = await TxWorkerProcess.start(env);
        await worker.ready(30_000);
        // at most 15 kills × 12 new transactions < 200 actions: every planned kill happens mid-run;
        // the worker is killed from its output handler the moment it reports the k-th one sent
        const current = worker;
        current.killAfterSubmitted(1 + Math.floor(random() * 12));
        let probes = 0;
        await waitFor(
          async () =>
            current.hasExited ||
            // every action already recorded: this worker has nothing new to send; kill it anyway
            (++probes % 5 === 0 && (await tally()).progress === ACTIONS),
          30_000,
          'worker progress before the kill',
          20,
        );
        if (current.hasFailed) {
          throw new Error(`the tx-worker failed on its own:\n${current.tail}`);
        }
        await current.kill();
        kills += 1;
        if ((await finalizedCount()) === ACTIONS) {
          break;
        }
      }
      worker = await TxWorkerProcess.start(env);
      await worker.ready(30_000);
      await waitFor(
        async () => (await finalizedCount()) === ACTIONS,
        90_000,
        `all ${ACTIONS} actions finalized (${kills} kills)`,
        100,
      );
      await worker.stop();

      expect(kills).toBeGreaterThanOrEqual(Math.min(8, plannedKills));
      const done = await storage.actions.listByStatus(['finalized'], 1000);
      const recovered = done.filter((a) => a.attempts > 1).length;
      process.stdout.write(
        `crash test (${dialect}): ${kills} kills, ${recovered} actions re-claimed after a kill\n`,
      );
      expect(recovered).toBeGreaterThan(0);
      const failed = await storage.actions.listByStatus(['failed', 'pending', 'claimed'], 1000);
      expect(failed).toEqual([]);

      const client = chainClientFor([chain.devnet.url]);
      await client.start();
      try {
        const counts = await countIntentsByPayload(
          client,
          chain.keyring.addFromUri('//Dave').address,
        );
        const wrong = keys
          .filter((key) => counts.get(key) !== 1)
          .map((key) => [key, counts.get(key) ?? 0]);
        expect(wrong).toEqual([]);
        expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(ACTIONS);
      } finally {
        await client.stop();
      }
    });
  });
}
