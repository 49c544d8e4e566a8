/**
 * Devnet throughput, read as ratios to the raw JSON-RPC round trip rate measured in the same run.
 *
 *   npm run bench:devnet -- [--sequential 200] [--accounts 100] [--per-account 5]
 *                           [--connections 20] [--rpc-calls 2000] [--max-seconds 180]
 *
 * Loopback only: the devnet listens on 127.0.0.1 on a free port, in instant mode, in this process.
 * A transfer counts only when Polkadot.js reported it in a block with System.ExtrinsicSuccess.
 * `--accounts` distinct funded accounts send concurrently over `--connections` ApiPromise
 * connections (each connection costs ~20 MB and ~0.3 s to set up; up to 100).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { startDevnet } from '../devnet/devnet';
import { formatTable, timed, type Measurement } from './support/measurement';
import { fundAccounts, rpcRoundTrips } from './support/rpc-round-trips';
import { runTransferLanes, type TransferLane, type TransferTally } from './support/transfers';

const TX_TIMEOUT_MS = 30_000;
const ACCOUNT_FUNDS = 10_000_000_000_000n; // 1,000 PAS

interface BenchOptions {
  sequential: number;
  accounts: number;
  perAccount: number;
  connections: number;
  rpcCalls: number;
  maxSeconds: number;
}

function readOptions(): BenchOptions {
  const { values } = parseArgs({
    options: {
      sequential: { type: 'string', default: '200' },
      accounts: { type: 'string', default: '100' },
      'per-account': { type: 'string', default: '5' },
      connections: { type: 'string', default: '20' },
      'rpc-calls': { type: 'string', default: '2000' },
      'max-seconds': { type: 'string', default: '180' },
    },
  });
  const int = (raw: string, name: string, max: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new Error(`--${name} must be an integer from 1 to ${max}, got ${JSON.stringify(raw)}`);
    }
    return n;
  };
  const accounts = int(values.accounts, 'accounts', 500);
  return {
    sequential: int(values.sequential, 'sequential', 2_000),
    accounts,
    perAccount: int(values['per-account'], 'per-account', 100),
    connections: Math.min(accounts, int(values.connections, 'connections', 100)),
    rpcCalls: int(values['rpc-calls'], 'rpc-calls', 100_000),
    maxSeconds: int(values['max-seconds'], 'max-seconds', 600),
  };
}

async function connectApis(url: string, count: number): Promise<ApiPromise[]> {
  const first = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
  // Hand the fetched metadata to the other connections: they skip the download, not the decode.
  const key = `${first.genesisHash.toHex()}-${first.runtimeVersion.specVersion.toString()}`;
  const metadata = { [key]: first.runtimeMetadata.toHex() };
  const apis = [first];
  for (let i = 1; i < count; i++) {
    apis.push(
      await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true, metadata }),
    );
  }
  return apis;
}

function describeTally(label: string, tally: TransferTally | undefined): string {
  const parts = Object.entries(tally?.outcomes ?? {}).map(([outcome, n]) => `${outcome} ${n}`);
  return `  ${label}: ${parts.join(', ')}`;
}

async function main(): Promise<void> {
  const options = readOptions();
  const deadline = Date.now() + options.maxSeconds * 1000;
  const devnet = await startDevnet({ port: 0, host: '127.0.0.1', instant: true });
  const apis: ApiPromise[] = [];
  try {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const alice = keyring.addFromUri('//Alice');
    const ferdie = keyring.addFromUri('//Ferdie').address;
    const conns = options.connections;

    const rpcOne = await rpcRoundTrips(devnet.url, 'rpc, 1 conn', 1, options.rpcCalls, deadline);
    const perConn = Math.ceil(options.rpcCalls / conns);
    const rpcMany = await rpcRoundTrips(
      devnet.url,
      `rpc, ${conns} conns`,
      conns,
      perConn,
      deadline,
    );

    apis.push(...(await connectApis(devnet.url, conns)));
    const mainApi = apis[0];
    if (!mainApi) {
      throw new Error('no API connection');
    }
    let sequentialTally: TransferTally | undefined;
    const sequential = await timed('tx sequential, 1 account', deadline, async (isOpen) => {
      const lane = [{ api: mainApi, from: alice }];
      sequentialTally = await runTransferLanes(
        lane,
        options.sequential,
        ferdie,
        isOpen,
        TX_TIMEOUT_MS,
      );
      return sequentialTally;
    });

    const senders = Array.from({ length: options.accounts }, (_, i) =>
      keyring.addFromUri(`//bench//${i}`),
    );
    await fundAccounts(
      devnet.url,
      senders.map((s) => s.address),
      ACCOUNT_FUNDS,
    );
    const lanes: TransferLane[] = senders.map((from, i) => ({
      api: apis[i % conns] ?? mainApi,
      from,
    }));
    let concurrentTally: TransferTally | undefined;
    const concurrentLabel = `tx ${options.accounts} accounts × ${options.perAccount}, ${conns} conns`;
    const concurrent = await timed(concurrentLabel, deadline, async (isOpen) => {
      concurrentTally = await runTransferLanes(
        lanes,
        options.perAccount,
        ferdie,
        isOpen,
        TX_TIMEOUT_MS,
      );
      return concurrentTally;
    });

    const rows: { m: Measurement; baseline?: Measurement }[] = [
      { m: rpcOne },
      { m: rpcMany },
      { m: sequential, baseline: rpcOne },
      { m: concurrent, baseline: rpcMany },
      { m: concurrent, baseline: sequential },
    ];
    const cpus = os.cpus();
    const lines = [
      `devnet throughput: ${devnet.url}, instant mode, node ${process.version}, ` +
        `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`,
      'devnet and clients share this process; rpc = raw JSON-RPC system_health round trips',
      '',
      formatTable(rows),
      '',
      'transfer outcomes (ok = in-block + finalized-first):',
      describeTally('sequential', sequentialTally),
      describeTally('concurrent', concurrentTally),
      `best block #${devnet.node.best.number}; time cap ${options.maxSeconds} s`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
  } finally {
    await Promise.all(apis.map((api) => api.disconnect()));
    await devnet.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`devnet throughput bench failed: ${text}\n`);
    process.exit(1);
  },
);
