import { reuseFor, withTimeout, type Clock, type Logger } from '../shared';
import type { ChainView } from './ports';

/** One of the service's signing keys (worker, custody). */
export interface SignerRef {
  readonly role: string;
  /** SS58 or `0x` AccountId32. */
  readonly address: string;
}

export interface SignerBalance extends SignerRef {
  /** Free balance in planck; null when it could not be read (see `error`). */
  readonly free: bigint | null;
  readonly error: string | null;
}

export interface SignerBalanceConfig {
  readonly timeoutMs: number;
  /** A read is reused for this long, so scrapes and probes do not hammer the RPC endpoint. */
  readonly cacheMs: number;
}

/** Reads the free balance of each signer from the chain, in parallel, with a timeout; never throws. */
export class SignerBalanceReader {
  readonly read: () => Promise<SignerBalance[]>;

  constructor(
    private readonly chain: Pick<ChainView, 'getAccount'>,
    readonly signers: readonly SignerRef[],
    private readonly config: SignerBalanceConfig,
    clock: Clock,
    private readonly log: Logger,
  ) {
    this.read = reuseFor(
      config.cacheMs,
      () => clock.now().getTime(),
      () => Promise.all(this.signers.map((s) => this.readOne(s))),
    );
  }

  private async readOne(signer: SignerRef): Promise<SignerBalance> {
    const getAccount = this.chain.getAccount?.bind(this.chain);
    if (getAccount === undefined) {
      return { ...signer, free: null, error: 'the chain view cannot read accounts' };
    }
    try {
      const account = await withTimeout(
        getAccount(signer.address),
        this.config.timeoutMs,
        `balance of ${signer.role}`,
      );
      return { ...signer, free: account.free, error: null };
    } catch (err) {
      this.log.debug('signer balance unavailable', { role: signer.role, err });
      return { ...signer, free: null, error: err instanceof Error ? err.message : String(err) };
    }
  }
}
