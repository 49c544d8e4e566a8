import { loadConfig } from '../../src/config';
import { defaultContractAddresses } from '../../devnet/devnet';
import type { PolkadotChainClient } from '../../src/chain';
import { PinoLogger } from '../../src/logging';
import { NOOP_LOGGER, type Logger, SYSTEM_CLOCK } from '../../src/shared';
import {
  PolkadotTransactionSubmitter,
  SignerSet,
  TxManager,
  type Signer,
  type TxManagerConfig,
  type TxManagerListener,
  type ChainAction,
  type NewChainAction,
} from '../../src/chain/tx';
import { decodeReturn, encodeCall } from '../../src/contracts';
import type { SqlStorage } from '../../src/storage';
import { chainClientFor } from './follower-harness';
import { waitFor } from './wait-for';

/** Fast settings for the instant-mode devnet (one block per extrinsic, finality ~200 ms later). */
export const TEST_TX_CONFIG: TxManagerConfig = {
  ...loadConfig({}).tx,
  leaseMs: 2_000,
  pollIntervalMs: 100,
  maxInFlight: 32,
  maxAttempts: 5,
  retry: { baseMs: 200, maxMs: 1_000 },
  resendAfterMs: 1_000,
  mapAccountTimeoutMs: 20_000,
};

/** Records every listener call, for assertions. */
export class RecordingListener implements TxManagerListener {
  readonly resent: string[] = [];
  readonly alerts: { key: string; reason: string }[] = [];
  readonly rescheduled: { key: string; reason: string }[] = [];

  onResent(key: string): void {
    this.resent.push(key);
  }

  onAlert(key: string, reason: string): void {
    this.alerts.push({ key, reason });
  }

  onRescheduled(key: string, reason: string): void {
    this.rescheduled.push({ key, reason });
  }
}

export interface RunningTxManager {
  manager: TxManager;
  client: PolkadotChainClient;
  submitter: PolkadotTransactionSubmitter;
  stop(): Promise<void>;
}

export async function startTxManager(
  url: string,
  storage: Pick<SqlStorage, 'actions'>,
  signers: Record<string, Signer>,
  options: { config?: Partial<TxManagerConfig>; listener?: TxManagerListener; log?: Logger } = {},
): Promise<RunningTxManager> {
  const client = chainClientFor([url]);
  await client.start();
  const submitter = new PolkadotTransactionSubmitter({
    endpoints: [url],
    contracts: defaultContractAddresses(),
  });
  await submitter.start();
  const manager = new TxManager(
    {
      actions: storage.actions,
      chain: client,
      submitter,
      signers: new SignerSet(signers),
      clock: SYSTEM_CLOCK,
      log:
        options.log ??
        (process.env['TX_DEBUG']
          ? PinoLogger.create('tx', { level: 'debug', format: 'json' })
          : NOOP_LOGGER),
      listener: options.listener,
    },
    { ...TEST_TX_CONFIG, ...options.config },
  );
  await manager.start();
  return {
    manager,
    client,
    submitter,
    stop: async () => {
      await manager.stop();
      await submitter.stop();
      await client.stop();
    },
  };
}

/** Waits until every key's action is finalized or failed; returns them by key. */
export async function waitForSettled(
  storage: SqlStorage,
  keys: readonly string[],
  timeoutMs: number,
): Promise<Map<string, ChainAction>> {
  return waitFor(
    async () => {
      const actions = await Promise.all(keys.map((key) => storage.actions.findByKey(key)));
      const settled = actions.every((a) => a?.status === 'finalized' || a?.status === 'failed');
      return settled && new Map(actions.map((a) => [a!.idempotencyKey, a!]));
    },
    timeoutMs,
    `${keys.length} actions settled`,
    50,
  );
}

export function intentAction(key: string, minOutput = 1n): NewChainAction {
  return {
    idempotencyKey: key,
    contract: 'mevProtection',
    message: 'submit_intent',
    args: { encryptedIntent: key, tokenIn: 'DOT', tokenOut: 'USDC', minOutput },
    signerRole: 'worker',
  };
}

/** Dry-runs a getter and returns its decoded Ok value. */
export async function readContract(
  client: PolkadotChainClient,
  origin: string,
  contract: Parameters<typeof encodeCall>[0],
  message: string,
  args: Record<string, unknown> = {},
): Promise<unknown> {
  const result = await client.dryRun({
    contract,
    origin,
    value: 0n,
    input: encodeCall(contract, message, args),
  });
  if (!result.ok) {
    throw new Error(`${contract}.${message} dry run failed: ${result.error}`);
  }
  const decoded = decodeReturn(contract, message, result.data);
  if (!decoded.ok) {
    throw new Error(`${contract}.${message}: ${decoded.error}`);
  }
  return decoded.value;
}

/** On-chain truth: how many intents carry each `encrypted_intent` (scans 1..get_intent_counter). */
export async function countIntentsByPayload(
  client: PolkadotChainClient,
  origin: string,
): Promise<Map<string, number>> {
  const counter = (await readContract(
    client,
    origin,
    'mevProtection',
    'get_intent_counter',
  )) as bigint;
  const counts = new Map<string, number>();
  for (let id = 1n; id <= counter; id++) {
    const intent = (await readContract(client, origin, 'mevProtection', 'get_intent', {
      intentId: id,
    })) as { encryptedIntent: string } | null;
    if (intent !== null) {
      counts.set(intent.encryptedIntent, (counts.get(intent.encryptedIntent) ?? 0) + 1);
    }
  }
  return counts;
}
