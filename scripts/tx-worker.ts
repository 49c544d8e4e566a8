/**
 * A transaction-manager process for the crash test (test/e2e/tx-manager-crash.e2e-spec.ts): runs
 * the manager over DATABASE_URL against RPC_URL with WORKER_SEED as the `worker` key until killed.
 * Prints `ready` on stdout once started, then `submitted <idempotency key>` for each transaction it
 * sends (the crash story kills it after a few of those); SIGTERM stops it gracefully.
 *
 *   DATABASE_URL=sqlite:/tmp/x.db RPC_URL=ws://127.0.0.1:9944 WORKER_SEED=//Charlie npx tsx scripts/tx-worker.ts
 */
import { loadConfig } from '../src/config';
import { PolkadotChainClient } from '../src/chain';
import { PinoLogger } from '../src/logging';
import { NOOP_LOGGER, Secret, SYSTEM_CLOCK } from '../src/shared';
import { KeyringSigner, PolkadotTransactionSubmitter, SignerSet, TxManager } from '../src/chain/tx';
import { migrateToLatest, openDatabase, SqlStorage } from '../src/storage';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`${name} is required`);
  }
  return value;
}

function numberFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : Number(raw);
}

async function main(): Promise<void> {
  const rpcUrl = required('RPC_URL');
  const seed = Secret.fromOptional(process.env['WORKER_SEED']);
  if (seed === null) {
    throw new Error('WORKER_SEED is required');
  }
  const log =
    process.env['TX_WORKER_LOG'] === '1'
      ? PinoLogger.create('tx-worker', { level: 'info', format: 'json' })
      : NOOP_LOGGER;
  const database = await openDatabase(required('DATABASE_URL'));
  await migrateToLatest(database);
  const storage = new SqlStorage(database);
  // the devnet deploys the contracts at the defaults' addresses (PolkaMesh's Paseo deployment)
  const config = loadConfig({});
  const contracts = config.chain.contracts;
  const chain = new PolkadotChainClient({
    endpoints: [rpcUrl],
    expectedBlockTimeMs: 200,
    stallBlocks: 25,
    maxFinalityLagBlocks: 1000,
    reconnect: { minMs: 50, maxMs: 500 },
    contracts,
  });
  const submitter = new PolkadotTransactionSubmitter({ endpoints: [rpcUrl], contracts }, log);
  const signer = await KeyringSigner.fromUri(seed);
  await chain.start();
  await submitter.start();
  const manager = new TxManager(
    {
      actions: storage.actions,
      chain,
      submitter,
      signers: new SignerSet({ worker: signer }),
      clock: SYSTEM_CLOCK,
      log,
      listener: {
        onSubmitted: (idempotencyKey) => process.stdout.write(`submitted ${idempotencyKey}\n`),
      },
    },
    {
      ...config.tx,
      leaseMs: numberFrom('TX_LEASE_MS', 2_000),
      pollIntervalMs: numberFrom('TX_POLL_MS', 100),
      maxInFlight: numberFrom('TX_MAX_IN_FLIGHT', 32),
      maxAttempts: numberFrom('TX_MAX_ATTEMPTS', 40),
      retry: { baseMs: 200, maxMs: 2_000 },
      resendAfterMs: numberFrom('TX_RESEND_MS', 1_000),
    },
  );
  await manager.start();
  process.stdout.write('ready\n');
  const shutdown = async () => {
    await manager.stop();
    await submitter.stop();
    await chain.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  process.stderr.write(
    `tx-worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
