/**
 * Devnet signed-transaction throughput, read as ratios to the raw JSON-RPC round trip rate
 * measured in the same run.
 *
 *   npm run bench:devnet -- [--sequential 200] [--accounts 100] [--per-account 5]
 *                           [--presigned-per-account 10] [--connections 20] [--rpc-calls 2000]
 *                           [--max-seconds 180] [--inline] [--devnet-node-args="--cpu-prof …"]
 *                           [--quick]
 *
 * Loopback only: the devnet listens on 127.0.0.1 on a free port, in instant mode, in its own
 * process (`--inline`: in this one). A transfer counts only when it is in a block: with
 * System.ExtrinsicSuccess for the Polkadot.js clients; for the pre-signed phase, the recipient's
 * balance is checked afterwards to have grown by exactly the counted transfers.
 * Phases: raw `system_health` round trips (the baseline); Polkadot.js `signAndSend` from one
 * account, one transfer after another; from `--accounts` accounts at once over `--connections`
 * ApiPromise connections (each ~20 MB and ~0.3 s to set up); and the same accounts sending
 * pre-signed transfers over raw WebSockets (`author_submitAndWatchExtrinsic`, no decoding on the
 * client), which is the node's own rate.
 */
import { parseArgs } from 'node:util';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { commandLine, reportResult, runBench, type Figure } from './support/bench-result';
import { startBenchDevnet } from './support/devnet-child';
import { formatTable, perSecond, timed, type Measurement } from './support/measurement';
import {
  runPresignedLanes,
  presignTransfers,
  type PresignedTally,
} from './support/presigned-transfers';
import { RawRpcClient } from './support/raw-rpc-client';
import { fundAccounts, rpcRoundTrips } from './support/rpc-round-trips';
import { runTransferLanes, type TransferLane, type TransferTally } from './support/transfers';

const TX_TIMEOUT_MS = 30_000;
const ACCOUNT_FUNDS = 10_000_000_000_000n; // 1,000 PAS
const TRANSFER_AMOUNT = 1_000_000_000n;

interface BenchOptions {
  sequential: number;
  accounts: number;
  perAccount: number;
  presignedPerAccount: number;
  connections: number;
  rpcCalls: number;
  maxSeconds: number;
  inline: boolean;
  nodeArgs: string[];
}

function readOptions(): BenchOptions {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      sequential: { type: 'string' },
      accounts: { type: 'string', default: '100' },
      'per-account': { type: 'string' },
      'presigned-per-account': { type: 'string' },
      connections: { type: 'string', default: '20' },
      'rpc-calls': { type: 'string', default: '2000' },
      'max-seconds': { type: 'string', default: '180' },
      inline: { type: 'boolean', default: false },
      'devnet-node-args': { type: 'string', default: '' },
    },
  });
  const int = (raw: string, name: string, max: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new Error(`--${name} must be an integer from 1 to ${max}, got ${JSON.stringify(raw)}`);
    }
    return n;
  };
  const quick = values.quick;
  const accounts = int(values.accounts, 'accounts', 500);
  return {
    sequential: int(values.sequential ?? (quick ? '20' : '200'), 'sequential', 2_000),
    accounts,
    perAccount: int(values['per-account'] ?? (quick ? '1' : '5'), 'per-account', 100),
    presignedPerAccount: int(
      values['presigned-per-account'] ?? (quick ? '2' : '10'),
      'presigned-per-account',
      1_000,
    ),
    connections: Math.min(accounts, int(values.connections, 'connections', 100)),
    rpcCalls: int(values['rpc-calls'], 'rpc-calls', 100_000),
    maxSeconds: int(values['max-seconds'], 'max-seconds', 600),
    inline: values.inline,
    nodeArgs: values['devnet-node-args'].split(' ').filter((a) => a.length > 0),
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

function describeTally(label: string, tally: TransferTally | PresignedTally | undefined): string {
  const parts = Object.entries(tally?.outcomes ?? {}).map(([outcome, n]) => `${outcome} ${n}`);
  return `${label}: ${parts.join(', ')}`;
}

async function freeBalance(api: ApiPromise, address: string): Promise<bigint> {
  const account = (await api.query['system']['account'](address)) as unknown as {
    data: { free: { toBigInt(): bigint } };
  };
  return account.data.free.toBigInt();
}

async function main(): Promise<void> {
  const options = readOptions();
  const deadline = Date.now() + options.maxSeconds * 1000;
  const devnet = await startBenchDevnet({
    instant: true,
    inline: options.inline,
    nodeArgs: options.nodeArgs,
  });
  const apis: ApiPromise[] = [];
  const raws: RawRpcClient[] = [];
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
    const mainApi = apis[0]!;
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

    const presigned = await presignTransfers(
      mainApi,
      senders,
      options.presignedPerAccount,
      ferdie,
      TRANSFER_AMOUNT,
    );
    raws.push(
      ...(await Promise.all(senders.slice(0, conns).map(() => RawRpcClient.connect(devnet.url)))),
    );
    const ferdieBefore = await freeBalance(mainApi, ferdie);
    let presignedTally: PresignedTally | undefined;
    const presignedLabel = `tx pre-signed ${options.accounts} × ${options.presignedPerAccount}, ${conns} raw conns`;
    const raw = await timed(presignedLabel, deadline, async (isOpen) => {
      presignedTally = await runPresignedLanes(raws, presigned, isOpen, TX_TIMEOUT_MS);
      return presignedTally;
    });
    const received = (await freeBalance(mainApi, ferdie)) - ferdieBefore;
    const expected = BigInt(raw.ok) * TRANSFER_AMOUNT;
    if (received !== expected) {
      throw new Error(
        `the recipient received ${received} planck, expected ${expected} for ${raw.ok} transfers`,
      );
    }
    const info = (await raws[0]!.call('dev_info')) as { best: { number: number } };

    const rows: { m: Measurement; baseline?: Measurement }[] = [
      { m: rpcOne },
      { m: rpcMany },
      { m: sequential, baseline: rpcOne },
      { m: concurrent, baseline: rpcMany },
      { m: raw, baseline: rpcMany },
      { m: raw, baseline: concurrent },
    ];
    const notes = [
      `devnet in ${devnet.where}, instant mode; clients: Polkadot.js ApiPromise (signAndSend, ` +
        'waits for InBlock) and bare WebSockets; rpc = raw JSON-RPC system_health round trips',
      `transfer outcomes (ok = in-block + finalized-first): ${describeTally('sequential', sequentialTally)}; ` +
        `${describeTally('concurrent', concurrentTally)}; ${describeTally('pre-signed', presignedTally)}`,
      `pre-signed transfers checked: the recipient's balance grew by exactly ${raw.ok} × ${TRANSFER_AMOUNT} planck`,
      `best block #${info.best.number}; time cap ${options.maxSeconds} s` +
        `${[rpcOne, rpcMany, sequential, concurrent, raw].some((m) => m.capped) ? ' (reached)' : ''}`,
      'target (issue 11): ≥ 500 tx/s from 100 accounts',
    ];
    process.stdout.write(`${formatTable(rows)}\n\n${notes.join('\n')}\n`);

    const rpcFigure = (m: Measurement) => ({ name: m.label, value: perSecond(m), unit: 'req/s' });
    const txFigure = (m: Measurement, base: Measurement): Figure => ({
      name: m.label,
      value: perSecond(m),
      unit: 'tx/s',
      baseline: { name: base.label, value: perSecond(base), unit: 'req/s' },
      better: 'higher',
    });
    reportResult({
      bench: 'devnet-throughput',
      title: 'Devnet signed-transaction throughput',
      command: commandLine('bench/devnet-throughput.bench.ts'),
      figures: [
        rpcFigure(rpcOne),
        rpcFigure(rpcMany),
        txFigure(sequential, rpcOne),
        txFigure(concurrent, rpcMany),
        txFigure(raw, rpcMany),
      ],
      notes,
    });
  } finally {
    await Promise.all(raws.map((c) => c.close()));
    await Promise.all(apis.map((api) => api.disconnect()));
    await devnet.stop();
  }
}

runBench('devnet throughput', main);
