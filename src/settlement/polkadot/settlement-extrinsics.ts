import { hexToU8a } from '@polkadot/util';
import type { H160 } from '../../contracts';
import type { ChainClient } from '../../chain';
import { judgeDryRun, withGasMargin, type PolkadotTransactionSubmitter } from '../../chain/tx';
import type { PreparedExtrinsic, SettlementExtrinsics } from '../settlement-extrinsics';

export interface PolkadotSettlementExtrinsicsConfig {
  /** Added to the dry run's gas and storage deposit (as the transaction manager does). */
  readonly gasMarginPercent: number;
}

/**
 * Prepares payment_escrow calls for the depositor's wallet: dry run through the ChainClient as the
 * depositor, then `revive.call(dest, 0, gas_limit, storage_deposit_limit, data)` built by the
 * transaction submitter with the chain's own metadata (over its connection). Never signs or submits.
 */
export class PolkadotSettlementExtrinsics implements SettlementExtrinsics {
  constructor(
    private readonly chain: Pick<ChainClient, 'dryRun'>,
    private readonly submitter: Pick<
      PolkadotTransactionSubmitter,
      'contractCallHex' | 'originalAccount'
    >,
    private readonly config: PolkadotSettlementExtrinsicsConfig,
  ) {}

  substrateAccountOf(h160: H160): Promise<string | null> {
    return this.submitter.originalAccount(h160);
  }

  async prepare(
    origin: string,
    call: { readonly message: string; readonly callData: string },
  ): Promise<PreparedExtrinsic> {
    const input = hexToU8a(call.callData);
    const result = await this.chain.dryRun({ contract: 'paymentEscrow', origin, value: 0n, input });
    const verdict = judgeDryRun('paymentEscrow', call.message, result);
    if (!verdict.ok) {
      return { ok: false, reason: verdict.reason };
    }
    const limits = withGasMargin(verdict, this.config.gasMarginPercent);
    try {
      const callHex = this.submitter.contractCallHex({
        contract: 'paymentEscrow',
        input,
        value: 0n,
        ...limits,
      });
      return { ok: true, ...limits, method: 'revive.call', callHex };
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
  }
}
