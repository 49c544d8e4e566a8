import { docker } from './docker-cli';

export interface JobOnChain {
  /** `aiJobQueue.getJob(id)` dry-run as //Bob */
  job: { status?: string } | null;
  /** the job's JobCompleted/JobCancelled event, from `watchJobOutcome` */
  outcome: { status: string; resultHash: string | null; provider: string | null };
}

/**
 * The chain's own view of a job (the getter and the JobCompleted event, as the `npm start` e2e test
 * reads them), not the service's projection. It runs in `container`, with the image's own
 * @polkadot/api and dist/, because a devnet's port is reachable only inside the container's network.
 */
const READ_JOB_SCRIPT = `
const { ApiPromise, WsProvider } = require('@polkadot/api');
const { Keyring } = require('@polkadot/keyring');
const { cryptoWaitReady } = require('@polkadot/util-crypto');
const { defaultContractAddresses } = require('./dist/devnet/devnet');
const { UserWallet, watchJobOutcome } = require('./dist/src/demo');
(async () => {
  const api = await ApiPromise.create({ provider: new WsProvider(process.env.RPC_URL), noInitWarn: true });
  await cryptoWaitReady();
  const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
  const addresses = defaultContractAddresses();
  const id = BigInt(process.env.JOB_ID);
  const job = (await new UserWallet(api, bob, addresses).read('aiJobQueue', 'getJob', id)).toJSON();
  const outcome = await watchJobOutcome(api, addresses, id, { fromBlock: Number(process.env.FROM_BLOCK) });
  const plain = JSON.stringify({ job, outcome }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  process.stdout.write('\\nJOB_ON_CHAIN ' + plain + '\\n');
  await api.disconnect();
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
`;

export async function readJobOnChain(
  container: string,
  job: { id: string; submittedBlock: string | null },
  rpcUrl = 'ws://127.0.0.1:9944',
): Promise<JobOnChain> {
  const output = await docker(
    [
      'exec',
      '-i',
      '-e',
      `RPC_URL=${rpcUrl}`,
      '-e',
      `JOB_ID=${job.id}`,
      '-e',
      `FROM_BLOCK=${job.submittedBlock ?? '0'}`,
      container,
      'node',
      '-',
    ],
    { input: READ_JOB_SCRIPT, timeoutMs: 120_000 },
  );
  const line = /^JOB_ON_CHAIN (.*)$/m.exec(output)?.[1];
  if (line === undefined) {
    throw new Error(`no on-chain reading from ${container}:\n${output}`);
  }
  return JSON.parse(line) as JobOnChain;
}
