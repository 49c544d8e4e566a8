import { defaultContractAddresses } from '../../devnet/devnet';
import { startApiServer, type ApiConfig, type ApiServer } from '../../src/api';
import { NOOP_LOGGER } from '../../src/shared';
import type { PolkadotChainClient } from '../../src/chain/polkadot/polkadot-chain-client';
import { ContractGateway, UserWallet } from '../../src/demo';
import { ContractProjector } from '../../src/projections';
import type { Database, SqlStorage } from '../../src/storage';
import type { TestDatabase } from '../support/databases';
import { startDevnetApi, type DevnetApi } from '../support/devnet-api';
import { chainClientFor, openTestStorage, startFollower } from '../support/follower-harness';
import { waitFor } from '../support/wait-for';
import { TEST_API_CONFIG } from '../support/api-config';

const PAS = 10_000_000_000n;
const API_CONFIG: ApiConfig = {
  ...TEST_API_CONFIG,
  notifications: { pollMs: 100, heartbeatMs: 200 },
};

interface SseMessage {
  id: string | null;
  event: string;
  data: Record<string, unknown> | null;
  comment: string | null;
}

/** A minimal EventSource over fetch: collects every message and comment. */
function openStream(url: string, lastEventId?: string) {
  const messages: SseMessage[] = [];
  const abort = new AbortController();
  let isDone = false;
  const headers: Record<string, string> = lastEventId ? { 'last-event-id': lastEventId } : {};
  const reading = (async () => {
    const res = await fetch(url, { headers, signal: abort.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        messages.push(parse(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
      }
    }
  })()
    .catch((err: unknown) => {
      if (!abort.signal.aborted) {
        throw err;
      }
    })
    .finally(() => {
      isDone = true;
    });
  return {
    messages,
    reading,
    get isDone() {
      return isDone;
    },
    close: () => abort.abort(),
  };
}

function parse(block: string): SseMessage {
  const m: SseMessage = { id: null, event: 'message', data: null, comment: null };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      m.comment = line.slice(1).trim();
    } else if (line.startsWith('id: ')) {
      m.id = line.slice(4);
    } else if (line.startsWith('event: ')) {
      m.event = line.slice(7);
    } else if (line.startsWith('data: ')) {
      m.data = JSON.parse(line.slice(6)) as Record<string, unknown>;
    }
  }
  return m;
}

const finalEvents = (messages: SseMessage[]) =>
  messages.filter((m) => m.event === 'chain.event' && m.data?.['isFinal'] === true);
const positionOf = (m: SseMessage) => {
  const d = m.data as { block: { number: string }; eventIndex: number };
  return `${d.block.number}:${d.eventIndex}`;
};

describe('GET /notifications (server-sent events) over a devnet, the follower and SQLite', () => {
  let chain: DevnetApi;
  let db: TestDatabase;
  let database: Database;
  let storage: SqlStorage;
  let reads: PolkadotChainClient;
  let following: Awaited<ReturnType<typeof startFollower>>;
  let server: ApiServer;
  let bob: UserWallet;
  let jobId: bigint;
  const addresses = defaultContractAddresses();
  const deps = () => ({
    store: storage,
    chain: following.client,
    contracts: addresses,
    readOrigin: bob.address,
    log: NOOP_LOGGER,
  });

  beforeAll(async () => {
    chain = await startDevnetApi();
    ({ db, database, storage } = await openTestStorage('sqlite'));
    bob = new UserWallet(chain.api, chain.keyring.addFromUri('//Bob'), addresses);
    await bob.ensureMapped();
    reads = chainClientFor([chain.devnet.url]);
    await reads.start();
    const projector = new ContractProjector(reads, { origin: bob.address });
    following = await startFollower([chain.devnet.url], storage, {}, projector);
    server = await startApiServer(deps(), API_CONFIG);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await following?.stop();
    await reads?.stop();
    await database?.close();
    await db?.drop();
    await chain?.close();
  });

  it('streams a job story live and sends job.completed once its JobCompleted is final', async () => {
    const stream = openStream(`${server.url}/notifications`);
    try {
      await waitFor(() => stream.messages.length > 0, 10_000, 'the stream to open');
      const job = await bob.submitJob({
        modelRef: 'model:gpu:x',
        dataRef: 'data:1:x',
        privacyRequired: false,
        budgetPlanck: PAS,
      });
      jobId = job.id;
      await bob.assignProvider(jobId, bob.h160);
      const gateway = new ContractGateway(chain.api, addresses);
      const call = (message: string, ...args: unknown[]) =>
        gateway.call(
          bob.pair,
          { contract: 'aiJobQueue', message, args: [jobId, ...args] },
          'inBlock',
        );
      await call('markInProgress');
      await call('markCompleted', 'sha256:done');
      const completed = await waitFor(
        () => stream.messages.find((m) => m.event === 'job.completed'),
        30_000,
        'job.completed',
      );
      expect(completed.data).toEqual({
        jobId: jobId.toString(),
        provider: bob.h160,
        resultHash: 'sha256:done',
        block: { number: expect.stringMatching(/^\d+$/), hash: expect.stringMatching(/^0x/) },
      });
      const updates = stream.messages.filter((m) => m.event === 'job.updated');
      expect(updates.map((m) => m.data?.['eventName'])).toContain('JobSubmitted');
      expect(stream.messages.some((m) => m.comment === 'heartbeat')).toBe(true);
      const ids = finalEvents(stream.messages).map(positionOf);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      stream.close();
      await stream.reading;
    }
  }, 60_000);

  it('replays from 0:0:0:0 and resumes after a Last-Event-ID without duplicates or gaps', async () => {
    const total = await storage.events.count({ isFinal: true });
    expect(total).toBeGreaterThanOrEqual(4);
    const first = openStream(`${server.url}/notifications`, '0:0:0:0');
    await waitFor(() => finalEvents(first.messages).length >= total, 20_000, 'the full replay');
    first.close();
    await first.reading;
    const all = finalEvents(first.messages);
    expect(all.map(positionOf)).toEqual([...new Set(all.map(positionOf))]);
    expect(all).toHaveLength(total);
    expect(first.messages.filter((m) => m.event === 'job.completed')).toHaveLength(1);

    const k = Math.floor(total / 2);
    const resumeFrom = all[k - 1]!.id!;
    const second = openStream(`${server.url}/notifications`, resumeFrom);
    await waitFor(() => finalEvents(second.messages).length >= total - k, 20_000, 'the resume');
    second.close();
    await second.reading;
    expect(finalEvents(second.messages).map(positionOf)).toEqual(all.slice(k).map(positionOf));

    const bad = await fetch(`${server.url}/notifications`, { headers: { 'last-event-id': 'x' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'INVALID_CURSOR' } });
  }, 60_000);

  it('ends open streams when the server shuts down', async () => {
    const other = await startApiServer(deps(), API_CONFIG);
    const stream = openStream(`${other.url}/notifications`);
    await waitFor(() => stream.messages.length > 0, 10_000, 'the stream to open');
    await other.close();
    await waitFor(() => stream.isDone, 10_000, 'the stream to end');
    await stream.reading;
  }, 30_000);
});
