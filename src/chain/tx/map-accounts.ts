import type { Logger } from '../../shared';
import type { Signer } from './signer';
import type { TransactionSubmitter } from './transaction-submitter';
import type { TxSender } from './tx-sender';

export interface MapAccountsOptions {
  readonly eraPeriod: number;
  readonly timeoutMs: number;
  readonly pollMs: number;
}

/**
 * Maps each key for pallet-revive (`revive.map_account`) unless `revive.originalAccount(h160)`
 * already holds it, and waits until the mapping is visible. Idempotent: a repeated mapping after a
 * crash only fails on-chain with AccountAlreadyMapped.
 */
export async function mapAccounts(
  signers: readonly Signer[],
  sender: TxSender,
  submitter: TransactionSubmitter,
  log: Logger,
  options: MapAccountsOptions,
): Promise<void> {
  for (const signer of signers) {
    if (await submitter.isMapped(signer)) {
      continue;
    }
    log.info('mapping key for pallet-revive', { signer: signer.address, h160: signer.h160 });
    const outcome = await sender.send(
      signer,
      (nonce, birth) =>
        submitter.signMapAccount(signer, nonce, { birth, period: options.eraPeriod }),
      () => Promise.resolve(),
    );
    const deadline = Date.now() + options.timeoutMs;
    let resentAt = Date.now();
    while (!(await submitter.isMapped(signer))) {
      if (Date.now() > deadline) {
        throw new Error(`revive.map_account for ${signer.address} did not land in time`);
      }
      if (Date.now() - resentAt > 2_000) {
        resentAt = Date.now();
        await submitter.submit(outcome.tx.bytes).catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
    log.info('key mapped for pallet-revive', { signer: signer.address, h160: signer.h160 });
  }
}
