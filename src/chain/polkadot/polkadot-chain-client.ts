import type { ApiPromise } from '@polkadot/api';
import type { AccountInfo } from '@polkadot/types/interfaces';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { accountIdHex, toBytes } from '../../contracts';
import {
  ChainClientError,
  type AccountState,
  type BlockHeader,
  type ChainClient,
  type ContractCall,
  type DryRunResult,
  type EndpointState,
  type HeadKind,
  type HeadListener,
  type RawContractEvent,
  type Unsubscribe,
} from '../chain-client';
import { type BlockRef, NOOP_LOGGER, type Logger } from '../../shared';
import type { ChainClientConfig } from '../chain-client-config';
import { ContractAddressBook } from '../contract-address-book';
import { EndpointConnection, toBlockHeader, withTimeout } from './endpoint-connection';
import { EndpointSelector } from './endpoint-selector';
import { dryRunAt } from './dry-run-at';
import { extractContractEvents } from './extract-contract-events';
import { HeadRelay } from './head-relay';
import { parseDryRun, type ContractResultLike } from './parse-dry-run';

export interface PolkadotChainClientDeps {
  readonly log?: Logger;
  /** Milliseconds clock; Date.now by default. */
  readonly now?: () => number;
}

/**
 * ChainClient over @polkadot/api for a list of endpoints: reads go to the healthiest trusted
 * endpoint (see EndpointSelector), heads are relayed from it with gap filling, and a periodic
 * check detects stalls (resubscribe, then switch when another endpoint is healthier).
 */
export class PolkadotChainClient implements ChainClient {
  private readonly log: Logger;
  private readonly endpoints: EndpointConnection[];
  private readonly selector: EndpointSelector;
  private readonly book: ContractAddressBook;
  private readonly relays: Record<HeadKind, HeadRelay>;
  private readonly requestTimeoutMs: number;
  private readonly stallMs: number;
  private tickTimer: NodeJS.Timeout | undefined;
  private isStopped = false;
  private hasStarted = false;

  constructor(
    private readonly config: ChainClientConfig,
    deps: PolkadotChainClientDeps = {},
  ) {
    if (config.endpoints.length === 0) {
      throw new ChainClientError('unavailable', 'ChainClientConfig.endpoints is empty');
    }
    this.log = deps.log ?? NOOP_LOGGER;
    const now = deps.now ?? Date.now;
    this.book = new ContractAddressBook(config.contracts);
    this.requestTimeoutMs = config.requestTimeoutMs ?? 15_000;
    this.stallMs = Math.max(1, config.stallBlocks) * config.expectedBlockTimeMs;
    const maxGapFill = config.maxGapFill ?? 256;
    this.relays = {
      best: new HeadRelay('best', maxGapFill, this.log),
      finalized: new HeadRelay('finalized', maxGapFill, this.log),
    };
    const options = {
      reconnect: config.reconnect,
      connectTimeoutMs: config.connectTimeoutMs ?? 10_000,
      requestTimeoutMs: this.requestTimeoutMs,
      probeIntervalMs: config.probeIntervalMs ?? Math.max(1_000, config.expectedBlockTimeMs),
      metadataCache: {},
      now,
    };
    const events = {
      onHead: (endpoint: EndpointConnection, kind: HeadKind, head: BlockHeader) =>
        this.onHead(endpoint, kind, head),
      onStatus: () => this.reselect('endpoint status changed'),
    };
    this.endpoints = config.endpoints.map(
      (url) =>
        new EndpointConnection(url, options, events, this.log.child('chain:endpoint', { url })),
    );
    this.selector = new EndpointSelector(
      this.endpoints,
      {
        expectedGenesisHash: config.genesisHash?.toLowerCase() ?? null,
        maxFinalityLagBlocks: config.maxFinalityLagBlocks,
        stallMs: this.stallMs,
      },
      now,
      this.log,
      (endpoint) => this.resyncHeads(endpoint),
    );
  }

  async start(): Promise<void> {
    this.isStopped = false;
    await Promise.all(this.endpoints.map((endpoint) => endpoint.start()));
    this.hasStarted = true;
    this.reselect('started');
    const tickMs = Math.max(
      50,
      Math.min(this.config.expectedBlockTimeMs, Math.floor(this.stallMs / 4)),
    );
    this.tickTimer = setInterval(() => this.tick(), tickMs);
    try {
      await this.selector.waitForActive(this.config.startTimeoutMs ?? 30_000);
    } catch (err) {
      await this.stop();
      throw err;
    }
    this.log.info('chain client started', { active: this.selector.active?.url ?? null });
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    this.hasStarted = false;
    clearInterval(this.tickTimer);
    this.relays.best.clear();
    this.relays.finalized.clear();
    await Promise.all(this.endpoints.map((endpoint) => endpoint.stop()));
    this.selector.rejectWaiters(new ChainClientError('stopped', 'chain client stopped'));
  }

  getGenesisHash(): Promise<string> {
    return this.request('getGenesisHash', (api) =>
      Promise.resolve(api.genesisHash.toHex().toLowerCase()),
    );
  }

  getFinalizedHead(): Promise<BlockRef> {
    return this.request('getFinalizedHead', async (api) => {
      const hash = await api.rpc.chain.getFinalizedHead();
      return refOf(toBlockHeader(await api.rpc.chain.getHeader(hash)));
    });
  }

  getBestHead(): Promise<BlockRef> {
    return this.request('getBestHead', async (api) =>
      refOf(toBlockHeader(await api.rpc.chain.getHeader())),
    );
  }

  getBlockRef(number: bigint): Promise<BlockRef | null> {
    return this.request('getBlockRef', async (api) => {
      if (number < 0n) {
        return null;
      }
      const hash = await api.rpc.chain.getBlockHash(number);
      return hash.isEmpty ? null : { number, hash: hash.toHex().toLowerCase() };
    });
  }

  getHeader(hash: string): Promise<BlockHeader> {
    return this.request('getHeader', async (api) => {
      const header = toBlockHeader(await api.rpc.chain.getHeader(hash));
      return { ...header, hash: hash.toLowerCase() };
    });
  }

  getContractEvents(block: BlockRef): Promise<RawContractEvent[]> {
    return this.request('getContractEvents', async (api) => {
      // the block's own registry (right across runtime upgrades) without decorating a whole api.at()
      const { registry } = await api.getBlockRegistry(hexToU8a(block.hash));
      const key = storageQuery(api.query, 'system', 'events').key();
      const raw = await api.rpc.state.getStorage.raw(key, block.hash);
      const records = registry.createType('Vec<EventRecord>', raw);
      return extractContractEvents(records, block, this.book);
    });
  }

  subscribeHeads(kind: HeadKind, onHead: HeadListener): Unsubscribe {
    const unsubscribe = this.relays[kind].subscribe(onHead);
    const active = this.selector.active;
    const current = kind === 'best' ? active?.best : active?.finalized;
    if (active && current) {
      void this.relays[kind].push(current, active);
    }
    return unsubscribe;
  }

  dryRun(call: ContractCall): Promise<DryRunResult> {
    const entry = this.book.get(call.contract);
    if (entry === undefined) {
      return Promise.reject(
        new ChainClientError('unknown-contract', `no address configured for ${call.contract}`),
      );
    }
    const origin = accountIdHex(call.origin);
    const input = u8aToHex(toBytes(call.input, 'input'));
    return this.request('dryRun', async (api) => {
      if (call.at !== undefined) {
        return dryRunAt(api, entry.pallet, call.at, origin, entry.address, call.value, input);
      }
      const runtime = entry.pallet === 'revive' ? api.call['reviveApi'] : api.call['contractsApi'];
      const method = runtime?.['call'];
      if (method === undefined) {
        throw new ChainClientError('unavailable', `the runtime has no ${entry.pallet} call API`);
      }
      const result = await method(origin, entry.address, call.value, null, null, input);
      return parseDryRun(result as unknown as ContractResultLike, api.registry);
    });
  }

  getAccount(address: string): Promise<AccountState> {
    const accountId = accountIdHex(address);
    return this.request('getAccount', async (api) => {
      const query = storageQuery(api.query, 'system', 'account');
      const info = (await query(accountId)) as unknown as AccountInfo;
      return { free: info.data.free.toBigInt(), nonce: info.nonce.toNumber() };
    });
  }

  getEndpointStates(): EndpointState[] {
    return this.selector.states();
  }

  private onHead(endpoint: EndpointConnection, kind: HeadKind, head: BlockHeader): void {
    if (this.isStopped) {
      return;
    }
    if (kind === 'finalized' && endpoint.isConnected) {
      this.reselect('finalized head');
    }
    if (endpoint === this.selector.active) {
      void this.relays[kind].push(head, endpoint);
    }
  }

  private reselect(reason: string): void {
    // no choice before every endpoint's first attempt settled: finality must be comparable
    if (!this.isStopped && this.hasStarted) {
      this.selector.reselect(reason);
    }
  }

  /** After a switch: re-announce the new endpoint's heads (gap-filled by the relays). */
  private resyncHeads(endpoint: EndpointConnection): void {
    for (const kind of ['finalized', 'best'] as const) {
      const head = kind === 'best' ? endpoint.best : endpoint.finalized;
      if (head) {
        void this.relays[kind].push(head, endpoint);
      }
    }
  }

  private tick(): void {
    for (const endpoint of this.endpoints) {
      this.selector.checkStall(endpoint);
    }
    this.reselect('periodic check');
  }

  /** Runs `fn` on the active endpoint; a transport failure is retried once on the next one. */
  private async request<T>(what: string, fn: (api: ApiPromise) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (this.isStopped) {
        throw new ChainClientError('stopped', `${what}: chain client stopped`);
      }
      const endpoint = await this.selector.waitForActive(this.requestTimeoutMs);
      try {
        return await withTimeout(fn(endpoint.requireApi()), this.requestTimeoutMs, what);
      } catch (err) {
        const isTransport = !endpoint.isConnected || isTransportError(err);
        if (!isTransport || attempt >= 1) {
          throw isTransport
            ? new ChainClientError('unavailable', `${what} failed`, { cause: err })
            : err;
        }
        this.log.warn('chain read failed; retrying on the next endpoint', {
          what,
          url: endpoint.url,
          err,
        });
        endpoint.reconnect(`${what} failed`, err);
      }
    }
  }
}

type StorageQueries = ApiPromise['query'];

function storageQuery(query: StorageQueries, section: string, method: string) {
  const fn = query[section]?.[method];
  if (fn === undefined) {
    throw new ChainClientError('unavailable', `the runtime has no ${section}.${method} storage`);
  }
  return fn;
}

function refOf(header: BlockHeader): BlockRef {
  return { number: header.number, hash: header.hash };
}

function isTransportError(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /disconnected|not connected|timed out|No response received|WebSocket/i.test(message);
}
