import type { ApiPromise } from '@polkadot/api';
import type { Option } from '@polkadot/types-codec';
import type { Codec } from '@polkadot/types/types';
import { encodeAddress } from '@polkadot/util-crypto';
import type { H160 } from '../../../contracts';
import type { PreparedExtrinsic, SettlementExtrinsics } from '../../../jobs/engine';
import type { ChainClient } from '../../chain-client';
import { judgeDryRun } from '../call-input';
import { connectApi } from './connect-api';

export interface PolkadotSettlementExtrinsicsConfig {
  readonly endpoints: readonly string[];
  /** payment_escrow's H160. */
  readonly escrowAddress: string;
  /** Added to the dry run's gas and storage deposit (as the transaction manager does). */
  readonly gasMarginPercent: number;
  /** Default 10 000. */
  readonly connectTimeoutMs?: number;
}

/**
 * Prepares payment_escrow calls for the depositor's wallet: dry run through the ChainClient as the
 * depositor, then `revive.call(dest, 0, gas_limit, storage_deposit_limit, data)` built with the
 * chain's own metadata. Never signs or submits.
 */
export class PolkadotSettlementExtrinsics implements SettlementExtrinsics {
  private api: ApiPromise | undefined;

  constructor(
    private readonly chain: Pick<ChainClient, 'dryRun'>,
    private readonly config: PolkadotSettlementExtrinsicsConfig,
  ) {}

  async start(): Promise<void> {
    const { api } = await connectApi(this.config.endpoints, {
      reconnectMs: 1_000,
      timeoutMs: this.config.connectTimeoutMs ?? 10_000,
    });
    this.api = api;
  }

  async stop(): Promise<void> {
    const api = this.api;
    this.api = undefined;
    await api?.disconnect().catch(() => undefined);
  }

  async substrateAccountOf(h160: H160): Promise<string | null> {
    const api = this.requireApi();
    const query = api.query['revive']?.['originalAccount'];
    if (query === undefined) {
      return null;
    }
    const original = (await query(h160)) as Option<Codec>;
    return original.isSome
      ? encodeAddress(original.unwrap().toU8a(), api.registry.chainSS58)
      : null;
  }

  async prepare(
    origin: string,
    call: { readonly message: string; readonly callData: string },
  ): Promise<PreparedExtrinsic> {
    const api = this.requireApi();
    const reviveCall = api.tx['revive']?.['call'];
    if (reviveCall === undefined) {
      return { ok: false, reason: 'the runtime has no revive.call' };
    }
    const result = await this.chain.dryRun({
      contract: 'paymentEscrow',
      origin,
      value: 0n,
      input: call.callData,
    });
    const verdict = judgeDryRun('paymentEscrow', call.message, result);
    if (!verdict.ok) {
      return { ok: false, reason: verdict.reason };
    }
    const margin = (n: bigint) => (n * BigInt(100 + this.config.gasMarginPercent)) / 100n;
    const gasLimit = {
      refTime: margin(verdict.gasRequired.refTime),
      proofSize: margin(verdict.gasRequired.proofSize),
    };
    const storageDepositLimit = margin(verdict.storageDeposit);
    const extrinsic = reviveCall(
      this.config.escrowAddress,
      0n,
      api.registry.createType('WeightV2', gasLimit),
      storageDepositLimit,
      call.callData,
    );
    return {
      ok: true,
      gasLimit,
      storageDepositLimit,
      method: 'revive.call',
      callHex: extrinsic.method.toHex(),
    };
  }

  private requireApi(): ApiPromise {
    if (this.api === undefined) {
      throw new Error('settlement extrinsics not started');
    }
    return this.api;
  }
}
