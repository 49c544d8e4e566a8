import { Writable } from 'node:stream';
import type { ChainClient, EndpointState } from '../../chain/chain-client';
import { NOOP_LOGGER, type Page } from '../../shared';
import { CONTRACT_NAMES, PASEO_CONTRACT_ADDRESSES, type ContractName } from '../../contracts';
import type {
  ChainCursor,
  ChainEvent,
  ChainEventFilter,
  ListChainEventsQuery,
} from '../../chain/follower';
import type { ProjectionRepository } from '../../projections/projection-repository';
import type { ApiConfig, ApiDependencies } from '../api-options';

export const PASEO_ADDRESSES = Object.fromEntries(
  CONTRACT_NAMES.map((name) => {
    const a = PASEO_CONTRACT_ADDRESSES[name];
    return [name, a.pallet === 'revive' ? a.h160 : a.accountId];
  }),
) as Record<ContractName, string>;

const none = () => Promise.resolve(null);
const emptyPage = () => Promise.resolve({ items: [], nextCursor: null });

/** Read models with nothing projected yet. */
export const EMPTY_PROJECTIONS = {
  getJob: none,
  listJobs: emptyPage,
  getEscrow: none,
  getJobWithEscrow: none,
  getProvider: none,
  listProviders: emptyPage,
  getNft: none,
  getNftWithGrants: none,
  getGrant: none,
  listGrants: () => Promise.resolve([]),
  getConfidentialJob: none,
  findConfidentialJobsForQueueJob: () => Promise.resolve([]),
  getIntent: none,
  listIntents: emptyPage,
  getBatch: none,
} as unknown as ProjectionRepository;

export const TEST_API_CONFIG: ApiConfig = {
  host: '127.0.0.1',
  port: 0,
  rateLimitPerMinute: 1000,
  frontendOrigins: ['http://localhost:3001'],
  maxLagBlocks: 5,
  chainTimeoutMs: 500,
  logLevel: 'debug',
};

/** In-memory stand-ins for the store and chain client, with storage-compatible cursors. */
export class FakeApiWorld {
  events: ChainEvent[] = [];
  cursors: Partial<Record<'best' | 'finalized', ChainCursor>> = {};
  quarantined = 0;
  isDatabaseDown = false;
  finalizedHead = { number: 10n, hash: `0x${'aa'.repeat(32)}` };
  endpoints: EndpointState[] = [];
  logLines: Record<string, unknown>[] = [];

  deps(overrides: Partial<ApiDependencies> = {}): ApiDependencies {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the fakes below close over it
    const world = this;
    const guard = () => {
      if (world.isDatabaseDown) {
        throw new Error('database down');
      }
    };
    const chain: Pick<ChainClient, 'getFinalizedHead' | 'getEndpointStates' | 'dryRun'> = {
      getFinalizedHead: () => Promise.resolve(world.finalizedHead),
      getEndpointStates: () => world.endpoints,
      dryRun: () =>
        Promise.resolve({
          ok: false,
          error: 'AccountUnmapped',
          gasRequired: { refTime: 0n, proofSize: 0n },
        }),
    };
    return {
      store: {
        events: {
          listRecent: (q: ListChainEventsQuery): Promise<Page<ChainEvent>> => {
            guard();
            return Promise.resolve(world.list(q));
          },
          count: (f: ChainEventFilter = {}) => {
            guard();
            return Promise.resolve(world.events.filter((e) => matches(e, f)).length);
          },
        } as never,
        cursors: {
          get: (lane: 'best' | 'finalized') => {
            guard();
            return Promise.resolve(world.cursors[lane] ?? null);
          },
        } as never,
        quarantine: {
          count: () => {
            guard();
            return Promise.resolve(world.quarantined);
          },
        } as never,
        projections: EMPTY_PROJECTIONS,
      },
      chain,
      contracts: PASEO_ADDRESSES,
      readOrigin: null,
      log: NOOP_LOGGER,
      logStream: new Writable({
        write(chunk: Buffer, _enc, done) {
          for (const line of chunk.toString().split('\n').filter(Boolean)) {
            world.logLines.push(JSON.parse(line));
          }
          done();
        },
      }),
      ...overrides,
    };
  }

  private list(q: ListChainEventsQuery): Page<ChainEvent> {
    const sorted = this.events
      .filter((e) => matches(e, q))
      .sort((a, b) =>
        a.block.number === b.block.number
          ? b.eventIndex - a.eventIndex
          : a.block.number > b.block.number
            ? -1
            : 1,
      );
    let start = 0;
    if (q.cursor) {
      const [n, , i] = Buffer.from(q.cursor, 'base64url').toString().split(':');
      start = sorted.findIndex(
        (e) =>
          e.block.number < BigInt(n!) ||
          (e.block.number === BigInt(n!) && e.eventIndex < Number(i)),
      );
      start = start === -1 ? sorted.length : start;
    }
    const items = sorted.slice(start, start + q.limit);
    const last = items[items.length - 1];
    const hasMore = start + q.limit < sorted.length;
    return {
      items,
      nextCursor:
        hasMore && last
          ? Buffer.from(`${last.block.number}:${last.block.hash}:${last.eventIndex}`).toString(
              'base64url',
            )
          : null,
    };
  }
}

function matches(e: ChainEvent, f: ChainEventFilter): boolean {
  return (
    (f.contract === undefined || e.contract === f.contract) &&
    (f.eventName === undefined || e.eventName === f.eventName) &&
    (f.isFinal === undefined || e.isFinal === f.isFinal) &&
    (f.fromBlock === undefined || e.block.number >= f.fromBlock) &&
    (f.toBlock === undefined || e.block.number <= f.toBlock)
  );
}

export function newChainEvent(overrides: Partial<ChainEvent> = {}): ChainEvent {
  return {
    id: 'evt-1',
    block: { number: 5n, hash: `0x${'05'.repeat(32)}` },
    eventIndex: 1,
    extrinsicIndex: 1,
    isFinal: true,
    pallet: 'revive',
    contract: 'aiJobQueue',
    contractAddress: PASEO_ADDRESSES.aiJobQueue,
    eventName: 'JobSubmitted',
    topics: [`0x${'01'.repeat(32)}`],
    dataHex: '0x00',
    decoded: { jobId: '1', owner: `0x${'02'.repeat(20)}`, budget: '100000000000000000' },
    createdAt: new Date('2025-01-01T00:00:00Z'),
    ...overrides,
  };
}

export function newEndpoint(overrides: Partial<EndpointState> = {}): EndpointState {
  return {
    url: 'wss://rpc.example.org/secret-key',
    status: 'connected',
    isActive: true,
    isTrusted: true,
    distrustReason: null,
    score: 90,
    latencyMs: 3,
    bestNumber: 12n,
    finalizedNumber: 10n,
    headAgeMs: 100,
    consecutiveFailures: 0,
    stallCount: 0,
    lastError: null,
    ...overrides,
  };
}
