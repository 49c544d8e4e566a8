import type { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ExtrinsicEra } from '@polkadot/types/interfaces';
import type { SignerPayloadJSON, Codec } from '@polkadot/types/types';
import { hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a, encodeAddress } from '@polkadot/util-crypto';
import type { Option } from '@polkadot/types-codec';
import type { ContractName } from '../../../contracts';
import { ContractAddressBook } from '../..';
import { NOOP_LOGGER, type Logger } from '../../../shared';
import type { Signer } from '../signer';
import type {
  ContractTxRequest,
  EraWindow,
  SignedTx,
  SubmitResult,
  TransactionSubmitter,
} from '../transaction-submitter';
import { classifySubmitError, describe } from './classify-submit-error';
import { connectApi } from './connect-api';

export interface PolkadotTransactionSubmitterConfig {
  /** WebSocket RPC URLs; Polkadot.js rotates through them on disconnects. */
  readonly endpoints: readonly string[];
  readonly contracts: Readonly<Partial<Record<ContractName, string>>>;
  /** Default 10 000. */
  readonly connectTimeoutMs?: number;
  /** Default 1 000. */
  readonly reconnectMs?: number;
  /** A request without an answer fails after this long; default 15 000 (the chain client's). */
  readonly requestTimeoutMs?: number;
}

/**
 * Requests in a row that got no answer before the submitter drops its connection and opens a new
 * one. An endpoint can stop answering on a socket it keeps open: a load balancer whose backend
 * died, or one frame that is not JSON (Polkadot.js parses it in ws's message listener; the throw
 * leaves ws's receiver stalled, so nothing on that socket is read again). Nothing closes such a
 * socket, so without this every later round would time out on it.
 */
const SILENT_ANSWERS_BEFORE_RECONNECT = 2;

/** MultiSignature variant index by scheme. */
const SIGNATURE_PREFIX = { ed25519: 0x00, sr25519: 0x01 } as const;

type Tx = SubmittableExtrinsic<'promise'>;

/** TransactionSubmitter over @polkadot/api: offline signing, raw JSON-RPC submission. */
export class PolkadotTransactionSubmitter implements TransactionSubmitter {
  private provider: WsProvider | undefined;
  private api: ApiPromise | undefined;
  private readonly book: ContractAddressBook;
  private silentAnswers = 0;
  private reconnecting: Promise<void> | null = null;
  /** How many times it reconnected: each new connection starts at the next endpoint. */
  private connections = 0;
  private stopped = false;

  constructor(
    private readonly config: PolkadotTransactionSubmitterConfig,
    private readonly log: Logger = NOOP_LOGGER,
  ) {
    this.book = new ContractAddressBook(config.contracts);
  }

  async start(): Promise<void> {
    this.stopped = false;
    const { api, provider } = await this.connect();
    this.api = api;
    this.provider = provider;
    this.log.info('transaction submitter connected', { endpoints: this.config.endpoints });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const api = this.api;
    this.api = undefined;
    this.provider = undefined;
    await api?.disconnect().catch(() => undefined);
    await this.reconnecting;
  }

  private connect(): Promise<{ api: ApiPromise; provider: WsProvider }> {
    const endpoints = this.config.endpoints;
    const first = this.connections++ % endpoints.length;
    return connectApi([...endpoints.slice(first), ...endpoints.slice(0, first)], {
      reconnectMs: this.config.reconnectMs ?? 1_000,
      timeoutMs: this.config.connectTimeoutMs ?? 10_000,
      requestTimeoutMs: this.config.requestTimeoutMs ?? 15_000,
    });
  }

  /** Runs a request; counts answers that never came, and reconnects after a few in a row. */
  private async answered<T>(request: () => Promise<T>): Promise<T> {
    try {
      const result = await request();
      this.silentAnswers = 0;
      return result;
    } catch (err) {
      if (isNoAnswer(err) && ++this.silentAnswers >= SILENT_ANSWERS_BEFORE_RECONNECT) {
        this.reconnecting ??= this.reconnect().finally(() => {
          this.reconnecting = null;
        });
      }
      throw err;
    }
  }

  private async reconnect(): Promise<void> {
    this.log.warn('transaction submitter: the endpoint stopped answering; reconnecting', {
      silentAnswers: this.silentAnswers,
    });
    let fresh: { api: ApiPromise; provider: WsProvider };
    try {
      fresh = await this.connect();
    } catch (err) {
      // keep the old connection; the next silent answers try again
      this.log.warn('transaction submitter: reconnect failed', { err });
      this.silentAnswers = 0;
      return;
    }
    if (this.stopped) {
      await fresh.api.disconnect().catch(() => undefined);
      return;
    }
    const old = this.api;
    this.api = fresh.api;
    this.provider = fresh.provider;
    this.silentAnswers = 0;
    this.log.info('transaction submitter reconnected');
    await old?.disconnect().catch(() => undefined);
  }

  async nextNonce(address: string): Promise<number> {
    return Number(await this.rpc<number | string>('system_accountNextIndex', [address]));
  }

  async nonceAt(address: string, blockHash: string): Promise<number> {
    const account = this.requireApi().query['system']?.['account'];
    if (account === undefined) {
      throw new Error('the runtime has no system.account storage');
    }
    // one storage read at `blockHash`, decoded with the current registry (the nonce leads
    // AccountInfo in every runtime), not `api.at(blockHash)`: that decorates a whole API per call
    const info = (await this.answered(() => account.at(blockHash, address))) as unknown as {
      nonce: { toNumber(): number };
    };
    return info.nonce.toNumber();
  }

  async extrinsicHashes(blockHash: string): Promise<string[]> {
    const result = await this.rpc<{ block: { extrinsics: string[] } } | null>('chain_getBlock', [
      blockHash,
    ]);
    if (result === null) {
      throw new Error(`unknown block ${blockHash}`);
    }
    return result.block.extrinsics.map((xt) => blake2AsHex(hexToU8a(xt), 256));
  }

  async signContractCall(
    request: ContractTxRequest,
    signer: Signer,
    nonce: number,
    era: EraWindow,
  ): Promise<SignedTx> {
    return this.sign(this.contractCall(request), signer, nonce, era);
  }

  /** The unsigned call (`revive.call` or `contracts.call`) as hex, for someone else's wallet to sign. */
  contractCallHex(request: ContractTxRequest): string {
    return this.contractCall(request).method.toHex();
  }

  /** The SS58 account mapped to `h160` on pallet-revive; null when unmapped or no such pallet. */
  async originalAccount(h160: string): Promise<string | null> {
    const api = this.requireApi();
    const query = api.query['revive']?.['originalAccount'];
    if (query === undefined) {
      return null;
    }
    const original = (await this.answered(() => query(h160))) as Option<Codec>;
    return original.isSome
      ? encodeAddress(original.unwrap().toU8a(), api.registry.chainSS58)
      : null;
  }

  private contractCall(request: ContractTxRequest): Tx {
    const entry = this.book.get(request.contract);
    if (entry === undefined) {
      throw new Error(`no address configured for ${request.contract}`);
    }
    const gasLimit = this.requireApi().registry.createType('WeightV2', request.gasLimit);
    const data = u8aToHex(request.input);
    return entry.pallet === 'revive'
      ? this.txFn('revive', 'call')(
          entry.address,
          request.value,
          gasLimit,
          request.storageDepositLimit,
          data,
        )
      : this.txFn('contracts', 'call')(
          { Id: entry.address },
          request.value,
          gasLimit,
          request.storageDepositLimit,
          data,
        );
  }

  async signMapAccount(signer: Signer, nonce: number, era: EraWindow): Promise<SignedTx> {
    return this.sign(this.txFn('revive', 'mapAccount')(), signer, nonce, era);
  }

  async isMapped(signer: Signer): Promise<boolean> {
    const query = this.requireApi().query['revive']?.['originalAccount'];
    if (query === undefined) {
      return true; // no pallet-revive mapping on this runtime: nothing to map
    }
    const original = (await this.answered(() => query(signer.h160))) as unknown as {
      isSome: boolean;
    };
    return original.isSome;
  }

  async submit(bytes: string): Promise<SubmitResult> {
    try {
      const hash = await this.rpc<string>('author_submitExtrinsic', [bytes]);
      return { accepted: true, hash: hash.toLowerCase() };
    } catch (err) {
      const reason = classifySubmitError(err);
      if (reason === null) {
        throw err;
      }
      return { accepted: false, reason, message: describe(err) };
    }
  }

  private async sign(tx: Tx, signer: Signer, nonce: number, era: EraWindow): Promise<SignedTx> {
    const api = this.requireApi();
    const current = Number(era.birth.number);
    const eraCodec = api.registry.createType<ExtrinsicEra>('ExtrinsicEra', {
      current,
      period: era.period,
    });
    const registry = api.registry;
    const payloadSigner = {
      signPayload: (payload: SignerPayloadJSON) => {
        const raw = registry.createType('ExtrinsicPayload', payload, { version: payload.version });
        const bytes = raw.toU8a({ method: true });
        const message = bytes.length > 256 ? blake2AsU8a(bytes, 256) : bytes;
        const signature = u8aConcat([SIGNATURE_PREFIX[signer.scheme]], signer.sign(message));
        return Promise.resolve({ id: 1, signature: u8aToHex(signature) });
      },
    };
    await tx.signAsync(signer.address, {
      nonce,
      era: eraCodec,
      blockHash: era.birth.hash,
      signer: payloadSigner,
    });
    const mortal = eraCodec.asMortalEra;
    return {
      hash: tx.hash.toHex().toLowerCase(),
      bytes: tx.toHex().toLowerCase(),
      nonce,
      eraBirth: BigInt(mortal.birth(current)),
      eraDeath: BigInt(mortal.death(current)),
    };
  }

  private txFn(section: string, method: string): (...args: unknown[]) => Tx {
    const fn = this.requireApi().tx[section]?.[method];
    if (fn === undefined) {
      throw new Error(`the runtime has no ${section}.${method} call`);
    }
    return fn;
  }

  private rpc<T>(method: string, params: unknown[]): Promise<T> {
    const provider = this.provider;
    if (provider === undefined) {
      return Promise.reject(new Error('transaction submitter not started'));
    }
    return this.answered(() => provider.send<T>(method, params));
  }

  private requireApi(): ApiPromise {
    if (this.api === undefined) {
      throw new Error('transaction submitter not started');
    }
    return this.api;
  }
}

function isNoAnswer(err: unknown): boolean {
  return err instanceof Error && err.message.includes('No response received from RPC endpoint');
}
