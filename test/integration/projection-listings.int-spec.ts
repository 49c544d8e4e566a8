import { CompiledQuery, sql, type KyselyPlugin, type RootOperationNode } from 'kysely';
import type { ProjectedIntent, ProjectedJob } from '../../src/projections';
import { SqlStorage, type Database } from '../../src/storage';
import { listIntents, listJobs } from '../../src/storage/sql-projection-listings';
import { TEST_DIALECTS, useMigratedDatabase } from '../support/databases';

const OWNER = '0x9621dde636de098b43efb0fa9b61facfe328f99d';
const USER = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const at = (block: bigint) => ({ block, seq: 0 });

const job = (id: bigint): ProjectedJob => ({
  id,
  owner: OWNER,
  modelRef: 'ocr:pp-ocrv4',
  dataRef: 'data:1:y',
  budget: 10n,
  status: 'Registered',
  assignedProvider: null,
  deadline: 100,
  privacyRequired: false,
  resultHash: null,
  completedBy: null,
  cancelCount: 0,
  submittedBlock: 3n,
  updated: at(3n),
});

const intent = (intentId: bigint): ProjectedIntent => ({
  intentId,
  user: USER,
  encryptedIntent: 'e',
  tokenIn: 'DOT',
  tokenOut: 'USDT',
  minOutput: 1n,
  status: 'Pending',
  createdAt: 8n,
  batchId: null,
  submittedBlock: 6n,
  updated: at(6n),
});

/** The SQL and parameters of every query run through the returned Kysely. */
function capturing(database: Database) {
  const nodes: RootOperationNode[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      nodes.push(args.node);
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  const db = database.db.withPlugin(plugin);
  const compiled = () =>
    nodes.map((node) => database.db.getExecutor().compileQuery(node, { queryId: 'plan' }));
  return { db, compiled };
}

/**
 * The query's plan. On PostgreSQL with scans and sorts priced out: a handful of rows would rightly
 * be scanned and sorted, the question here is whether the index can serve the order at all.
 */
async function planOf(database: Database, query: CompiledQuery): Promise<string> {
  if (database.dialect === 'sqlite') {
    const rows = await database.db.executeQuery(
      CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
    );
    return JSON.stringify(rows.rows, (_, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
  }
  return database.db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    await sql`set local enable_sort = off`.execute(trx);
    const rows = await trx.executeQuery(
      CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
    );
    return JSON.stringify(rows.rows);
  });
}

describe.each(TEST_DIALECTS)('projection listings on %s', (dialect) => {
  const db = useMigratedDatabase(dialect);

  beforeAll(async () => {
    const projections = new SqlStorage(db.database).projections;
    // ids of several lengths, so text order and number order differ
    for (const id of [1n, 2n, 9n, 10n, 11n, 99n, 100n, 101n, 1000n]) {
      await projections.upsertJob(job(id));
      await projections.upsertIntent(intent(id));
    }
  });

  it('pages jobs and intents newest id first, as numbers, through the cursor', async () => {
    for (const list of [
      async (cursor?: string) => {
        const page = await listJobs(db.database.db, { limit: 4, cursor });
        return { ids: page.items.map((j) => j.id), next: page.nextCursor };
      },
      async (cursor?: string) => {
        const page = await listIntents(db.database.db, { limit: 4, cursor });
        return { ids: page.items.map((i) => i.intentId), next: page.nextCursor };
      },
    ]) {
      const first = await list();
      expect(first.ids).toEqual([1000n, 101n, 100n, 99n]);
      const second = await list(first.next!);
      expect(second.ids).toEqual([11n, 10n, 9n, 2n]);
      const last = await list(second.next!);
      expect(last).toEqual({ ids: [1n], next: null });
    }
  });

  it('reads a page through the (length(id), id) index instead of sorting the whole table', async () => {
    const { db: traced, compiled } = capturing(db.database);
    const first = await listJobs(traced, { limit: 2 });
    await listJobs(traced, { limit: 2, cursor: first.nextCursor! });
    await listIntents(traced, { limit: 2 });
    const plans = await Promise.all(compiled().map((query) => planOf(db.database, query)));
    expect(plans).toHaveLength(3);
    for (const plan of plans) {
      expect(plan).toMatch(/(queue_jobs|mev_intents)_id_order_idx/);
      expect(plan).not.toMatch(dialect === 'sqlite' ? /TEMP B-TREE/ : /Sort Key/);
    }
  });
});
