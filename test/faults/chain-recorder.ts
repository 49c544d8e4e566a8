import '@polkadot/api-augment/substrate';
import { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import { u8aToHex } from '@polkadot/util';
import { retryableWsProvider } from '../../src/chain';
import { withTimeout } from '../../src/shared';
import { waitFor } from '../support/wait-for';
import {
  CONTRACT_NAMES,
  CONTRACT_PALLET,
  PASEO_CONTRACT_ADDRESSES,
  decodeCall,
  decodeEvent,
  type ContractName,
} from '../../src/contracts';

/** One ContractEmitted of the six contracts in a finalized block, as the chain records it. */
export interface RecordedEvent {
  /** `<block hash>:<event index>`, the service's unique key too */
  readonly key: string;
  readonly block: number;
  readonly blockHash: string;
  readonly eventIndex: number;
  readonly extrinsicIndex: number | null;
  readonly contract: ContractName;
  /** null: the bytes do not decode with the contract's ABI */
  readonly name: string | null;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** One signed call of a contract message in a finalized block. */
export interface RecordedCall {
  readonly block: number;
  readonly extrinsicIndex: number;
  /** AccountId32 hex of the signer */
  readonly signer: string;
  readonly contract: ContractName;
  /** snake_case message, or null when the call data does not decode */
  readonly message: string | null;
  readonly args: Readonly<Record<string, unknown>>;
  readonly success: boolean;
  /** the contract events this extrinsic emitted */
  readonly events: readonly {
    readonly name: string;
    readonly fields: Readonly<Record<string, unknown>>;
  }[];
}

const ADDRESS_TO_CONTRACT = new Map<string, ContractName>(
  CONTRACT_NAMES.map((name) => {
    const entry = PASEO_CONTRACT_ADDRESSES[name];
    const address = entry.pallet === 'revive' ? entry.h160 : entry.accountId;
    return [`${CONTRACT_PALLET[name]}:${address.toLowerCase()}`, name];
  }),
);

/** How long catchUp may take to read up to the finalized head, retries included. */
const CATCH_UP_BOUND_MS = 60_000;
/** One block's reads; past it the read counts as failed and is retried (a call lost in a reconnect). */
const READ_BLOCK_BOUND_MS = 20_000;
/** Failed reads of one block in a row after which the recorder opens a new client. */
const FAILURES_BEFORE_NEW_CLIENT = 3;

/**
 * The judge's own record of the chain: it follows finalized heads on its own connection and reads
 * every finalized block, gap-free, as it is finalized (`system.events` and the block body), so the
 * record does not depend on the devnet keeping old states and never on the service.
 */
export class ChainRecorder {
  readonly events: RecordedEvent[] = [];
  readonly calls: RecordedCall[] = [];
  /** the next block number to read */
  private next = 0;
  private reading: Promise<void> = Promise.resolve();
  private stopped = false;
  private unsubscribe: (() => void) | undefined;
  lastError: string | null = null;
  /** each time a block kept failing and the recorder opened a new client: the block and its error */
  readonly newClients: string[] = [];

  private constructor(
    private client: ApiPromise,
    private readonly url: string,
  ) {}

  static async start(url: string): Promise<ChainRecorder> {
    const recorder = new ChainRecorder(await ChainRecorder.connect(url), url);
    await recorder.follow(recorder.client);
    return recorder;
  }

  /**
   * Retryable: Polkadot.js's call cache replayed a block read that failed in a dropped connection
   * to every retry (seed 4242, reduced run). A client that still answers one block with the same
   * error after that is replaced (catchUp).
   */
  private static connect(url: string): Promise<ApiPromise> {
    return ApiPromise.create({ provider: retryableWsProvider(url, 1000), noInitWarn: true });
  }

  get api(): ApiPromise {
    return this.client;
  }

  /** The highest block read so far. */
  get recordedTo(): number {
    return this.next - 1;
  }

  /** Reads every finalized block up to the chain's finalized head now; resolves when done. */
  async catchUp(): Promise<number> {
    // a read that failed (a dropped connection) stops readTo at that block: try again once the
    // connection is back, and never let the judge read a chain cut short without saying so
    const deadline = Date.now() + CATCH_UP_BOUND_MS;
    let failures = 0;
    for (;;) {
      await waitFor(() => this.api.isConnected, CATCH_UP_BOUND_MS, "the recorder's connection", 50);
      const head = await withTimeout(
        this.finalizedNumber(),
        READ_BLOCK_BOUND_MS,
        'the finalized head',
      );
      const from = this.next;
      await this.readTo(head);
      if (this.next > head) {
        return head;
      }
      const stuck = this.next === from;
      failures = stuck ? failures + 1 : 0;
      if (failures >= FAILURES_BEFORE_NEW_CLIENT) {
        failures = 0;
        await this.replaceClient();
      }
      if (Date.now() > deadline) {
        throw new Error(
          `the chain recorder could not read block #${this.next} (finalized head #${head}): ${this.lastError}`,
        );
      }
      if (stuck) {
        // retry backoff, not a synchronisation: the same block failed again
        await new Promise((retry) => setTimeout(retry, 250));
      }
    }
  }

  async finalizedNumber(): Promise<number> {
    const hash = await this.api.rpc.chain.getFinalizedHead();
    return (await this.api.rpc.chain.getHeader(hash)).number.toNumber();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.reading.catch(() => undefined);
    await this.api.disconnect();
  }

  private async replaceClient(): Promise<void> {
    const fresh = await withTimeout(
      ChainRecorder.connect(this.url),
      READ_BLOCK_BOUND_MS,
      'a new client',
    );
    const old = this.client;
    this.client = fresh;
    this.newClients.push(`block #${this.next}: ${this.lastError}`);
    await this.follow(fresh);
    await old.disconnect().catch(() => undefined);
  }

  private async follow(api: ApiPromise): Promise<void> {
    api.on('connected', () => void (api === this.client ? this.subscribe() : undefined));
    await this.subscribe();
  }

  private async subscribe(): Promise<void> {
    try {
      this.unsubscribe?.();
      this.unsubscribe = await this.api.rpc.chain.subscribeFinalizedHeads((header) => {
        void this.readTo(header.number.toNumber());
      });
    } catch (err) {
      this.lastError = (err as Error).message;
    }
  }

  /** Queued behind the read in flight, so blocks are read once and in order. */
  private readTo(target: number): Promise<void> {
    this.reading = this.reading.then(async () => {
      while (!this.stopped && this.next <= target) {
        try {
          await withTimeout(this.readBlock(this.next), READ_BLOCK_BOUND_MS, `block #${this.next}`);
          this.next++;
        } catch (err) {
          // a dropped connection: the next head (or catchUp) resumes from the same block
          this.lastError = (err as Error).message;
          return;
        }
      }
    });
    return this.reading;
  }

  private async readBlock(number: number): Promise<void> {
    const api = this.client;
    const hash = (await named(api.rpc.chain.getBlockHash(number), 'chain_getBlockHash')).toHex();
    const [records, signed] = await Promise.all([
      named(api.query.system.events.at(hash), 'system.events at the block'),
      named(api.rpc.chain.getBlock(hash), 'chain_getBlock'),
    ]);
    const outcome = new Map<number, boolean>();
    const emitted = new Map<number, RecordedCall['events'][number][]>();
    const events: RecordedEvent[] = [];
    records.forEach((record, eventIndex) => {
      const { event, phase } = record;
      const extrinsicIndex = phase.isApplyExtrinsic ? phase.asApplyExtrinsic.toNumber() : null;
      if (event.section === 'system' && extrinsicIndex !== null) {
        if (event.method === 'ExtrinsicSuccess') {
          outcome.set(extrinsicIndex, true);
        }
        if (event.method === 'ExtrinsicFailed') {
          outcome.set(extrinsicIndex, false);
        }
      }
      if (event.method !== 'ContractEmitted') {
        return;
      }
      const [contractField, dataField, topicsField] = event.data as unknown as Codec[];
      const contract = ADDRESS_TO_CONTRACT.get(
        `${event.section}:${u8aToHex(contractField!.toU8a()).toLowerCase()}`,
      );
      if (contract === undefined) {
        return;
      }
      const topics =
        event.section === 'revive'
          ? (topicsField as unknown as Codec[]).map((t) => t.toHex())
          : record.topics.map((t) => t.toHex());
      const decoded = decodeEvent(contract, u8aToHex((dataField as Codec).toU8a(true)), topics);
      const name = decoded.ok ? decoded.event.name : null;
      events.push({
        key: `${hash}:${eventIndex}`,
        block: number,
        blockHash: hash,
        eventIndex,
        extrinsicIndex,
        contract,
        name,
        fields: decoded.ok ? decoded.event.fields : {},
      });
      if (extrinsicIndex !== null && name !== null) {
        const list = emitted.get(extrinsicIndex) ?? [];
        list.push({ name, fields: decoded.ok ? decoded.event.fields : {} });
        emitted.set(extrinsicIndex, list);
      }
    });
    const calls: RecordedCall[] = [];
    signed.block.extrinsics.forEach((xt, extrinsicIndex) => {
      if (!xt.isSigned) {
        return;
      }
      const section = xt.method.section;
      if (xt.method.method !== 'call' || (section !== 'revive' && section !== 'contracts')) {
        return;
      }
      const [dest, , , , data] = xt.method.args;
      const destBytes = section === 'revive' ? dest!.toU8a() : dest!.toU8a().subarray(1);
      const contract = ADDRESS_TO_CONTRACT.get(`${section}:${u8aToHex(destBytes).toLowerCase()}`);
      if (contract === undefined) {
        return;
      }
      const decoded = decodeCall(contract, (data as Codec).toU8a(true));
      calls.push({
        block: number,
        extrinsicIndex,
        signer: u8aToHex(xt.signer.toU8a().subarray(-32)),
        contract,
        message: decoded?.message ?? null,
        args: decoded?.args ?? {},
        success: outcome.get(extrinsicIndex) ?? false,
        events: emitted.get(extrinsicIndex) ?? [],
      });
    });
    this.events.push(...events);
    this.calls.push(...calls);
  }
}

/** Which call failed, in the error the judge may end up printing. */
function named<T>(call: Promise<T>, what: string): Promise<T> {
  return call.catch((err: unknown) => {
    throw new Error(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  });
}
