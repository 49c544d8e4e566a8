import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { defaultContractAddresses } from '../../devnet/devnet';
import { DEMO_RECEIPT_PNG_BASE64 } from '../../src/demo/demo-receipt-image';
import { UserWallet } from '../../src/demo';
import type { DialectName } from '../../src/storage';
import { createTestDatabase, STORY_DIALECTS, type TestDatabase } from '../support/databases';
import { closedPort } from '../support/loopback-ports';
import { waitFor } from '../support/wait-for';

const REPO = path.resolve(__dirname, '../..');
const TSX_CLI = require.resolve('tsx/cli');
const CHILD_ENV = { PATH: process.env['PATH'] };
const JWT_SECRET = 'xzsln7ihgbBvD9XdwZz6HHArfBeZCOv8KiaeeXZFPm0';

interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `polkamesh <args>` as a child process, from the sources (as `npx tsx cli/main.ts`). */
function cli(args: string[], env: NodeJS.ProcessEnv = CHILD_ENV, stdin?: string): CliRun {
  const child = spawn(process.execPath, [TSX_CLI, 'cli/main.ts', ...args], {
    cwd: REPO,
    env,
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  child.stdin?.end(stdin);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close', not 'exit': only then has all of its output been read
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

describe.each<DialectName>(STORY_DIALECTS)(
  'polkamesh CLI against a running service on %s',
  (dialect) => {
    let dir: string;
    let receipt: string;
    let db: TestDatabase;
    let service: CliRun;
    let httpUrl: string;
    let devnetUrl: string;
    let provider: string;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'polkamesh-cli-'));
      receipt = path.join(dir, 'receipt.png');
      fs.writeFileSync(receipt, Buffer.from(DEMO_RECEIPT_PNG_BASE64, 'base64'));
      db = await createTestDatabase(dialect);
      service = cli(['start'], {
        ...CHILD_ENV,
        DATABASE_URL: db.url,
        DEVNET_STATE_FILE: path.join(dir, 'devnet.bin'),
        CONTENT_STORE_DIR: path.join(dir, 'content'),
        DEVNET_PORT: '0',
        PORT: '0',
        DEMO_TRAFFIC: 'false',
        JWT_SECRET,
      });
      let exitCode: number | null | undefined;
      void service.exited.then((code) => (exitCode = code));
      const running = await waitFor(
        () =>
          service.stdout().includes('polkamesh service running') ||
          (exitCode !== undefined && `exited with ${exitCode}`),
        90_000,
        'the service to start',
        50,
      );
      if (running !== true) {
        throw new Error(`service ${running}:\n${service.stdout()}${service.stderr()}`);
      }
      const out = service.stdout();
      httpUrl = /HTTP API at (http:\/\/\S+)/.exec(out)?.[1] ?? '';
      devnetUrl = /devnet running at (ws:\/\/\S+)/.exec(out)?.[1] ?? '';
      provider = /job engine running as provider (0x[0-9a-f]{40})/.exec(out)?.[1] ?? '';
      expect([httpUrl, devnetUrl, provider].every((value) => value !== '')).toBe(true);
    }, 120_000);

    afterAll(async () => {
      if (service !== undefined && service.child.exitCode === null) {
        service.child.kill('SIGINT');
        await service.exited;
      }
      await db?.drop();
      if (dir !== undefined) {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('submit-job --file --deposit --wait: the service completes the job and the result hash printed is the one it serves', async () => {
      const run = cli([
        'submit-job',
        '--rpc',
        devnetUrl,
        '--model',
        'ocr:pp-ocrv4',
        '--file',
        receipt,
        '--budget',
        '0.1',
        '--provider',
        provider,
        '--deposit',
        '--wait',
      ]);
      expect({ code: await run.exited, stderr: run.stderr() }).toEqual({ code: 0, stderr: '' });
      const out = run.stdout();
      const [, id, owner] =
        /^job (\d+) submitted in block 0x[0-9a-f]{64} \(owner (0x[0-9a-f]{40}), budget 0\.1 PAS\)$/m.exec(
          out,
        ) ?? [];
      expect(out).toContain(`job ${id}: deposited 0.1 PAS in escrow for provider ${provider}\n`);
      expect(out).toContain(`job ${id}: assigned to provider ${provider}\n`);
      const [, resultHash] =
        new RegExp(
          `^job ${id} completed in block #\\d+ by ${provider}: result (sha256:[0-9a-f]{64})$`,
          'm',
        ).exec(out) ?? [];
      expect(resultHash).toBeDefined();

      const job = await waitFor(
        async () => {
          const body = (await (await fetch(`${httpUrl}/jobs/${id}`)).json()) as Record<
            string,
            unknown
          >;
          return body['status'] === 'Completed' && body;
        },
        30_000,
        `GET /jobs/${id} Completed`,
      );
      expect(job).toMatchObject({
        id,
        owner,
        status: 'Completed',
        modelRef: 'ocr:pp-ocrv4',
        dataRef: `data:image/png;base64,${DEMO_RECEIPT_PNG_BASE64}`,
        // 0.1 PAS = 10^9 planck, × 10^8 contract units per planck
        budget: '100000000000000000',
        resultHash,
        completedBy: provider,
        escrow: { owner, provider, amount: '100000000000000000', released: false, refunded: false },
      });
    }, 120_000);

    it('submit-job --private (key on stdin) seals the references to the service key, and --wait reads the result back as the owner', async () => {
      const run = cli(
        [
          'submit-job',
          '--rpc',
          devnetUrl,
          '--service',
          httpUrl,
          '--model',
          'ocr:pp-ocrv4',
          '--file',
          receipt,
          '--budget',
          '0.1',
          '--provider',
          provider,
          '--deposit',
          '--private',
          '--wait',
          '--seed-file',
          '-',
        ],
        CHILD_ENV,
        '//Eve\n',
      );
      expect({ code: await run.exited, stderr: run.stderr() }).toEqual({ code: 0, stderr: '' });
      const out = run.stdout();
      const [, id, owner] =
        /^job (\d+) submitted in block \S+ \(owner (0x[0-9a-f]{40})/m.exec(out) ?? [];
      const cid = new RegExp(
        `^job ${id}: references sealed to the service key \\(pmenc1\\) in confidential job (\\d+)$`,
        'm',
      ).exec(out)?.[1];
      expect(out).toMatch(
        new RegExp(`^job ${id} completed in block #\\d+ by ${provider}: result sha256:`, 'm'),
      );
      const printed = new RegExp(`^job ${id} output \\(text\\):\\n([^]*)$`, 'm').exec(out)?.[1];

      // The same output an operator reads with jobs:read-private; anonymous callers get none of it
      const token = cli(['token', '--scopes', 'jobs:read-private'], { ...CHILD_ENV, JWT_SECRET });
      expect(await token.exited).toBe(0);
      const operator = { authorization: `Bearer ${token.stdout().trim()}` };
      const result = (await (
        await fetch(`${httpUrl}/jobs/${id}/result`, { headers: operator })
      ).json()) as {
        result: { output: { kind: string; text: string } };
      };
      expect(result.result.output.kind).toBe('text');
      expect(printed).toBe(`${result.result.output.text}\n`);
      expect((await fetch(`${httpUrl}/jobs/${id}/result`)).status).toBe(401);

      // On-chain: the queue holds placeholders, the payload is a pmenc1 envelope (not base64 JSON)
      const api = await ApiPromise.create({
        provider: new WsProvider(devnetUrl),
        noInitWarn: true,
      });
      try {
        await cryptoWaitReady();
        const eve = new UserWallet(
          api,
          new Keyring({ type: 'sr25519' }).addFromUri('//Eve'),
          defaultContractAddresses(),
        );
        expect(eve.h160).toBe(owner);
        const queued = (await eve.read('aiJobQueue', 'getJob', BigInt(id!))).toJSON();
        expect(queued).toMatchObject({
          modelRef: 'confidential',
          dataRef: 'confidential',
          privacyRequired: true,
        });
        const twin = (await eve.read('phalaJobProcessor', 'getJob', BigInt(cid!))).toJSON() as {
          encryptedPayload: string;
        };
        expect(twin.encryptedPayload).toMatch(/^pmenc1:[A-Za-z0-9_-]+$/);
        expect(Buffer.from(twin.encryptedPayload, 'base64').toString('utf8')).not.toContain(
          'jobId',
        );
      } finally {
        await api.disconnect();
      }
    }, 120_000);

    it('submit-job --wait reports a job its owner cancels, and exits 1', async () => {
      const run = cli([
        'submit-job',
        '--rpc',
        devnetUrl,
        '--model',
        'ocr:pp-ocrv4',
        '--data',
        'nft:1',
        '--budget',
        '0.01',
        '--wait',
      ]);
      const id = await waitFor(
        () => /job (\d+): waiting for a provider to be assigned/.exec(run.stdout())?.[1],
        60_000,
        'the CLI to wait for an unassigned job',
      );
      await cryptoWaitReady();
      const api = await ApiPromise.create({
        provider: new WsProvider(devnetUrl),
        noInitWarn: true,
      });
      try {
        const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
        await new UserWallet(api, bob, defaultContractAddresses()).cancelJob(BigInt(id));
      } finally {
        await api.disconnect();
      }
      expect(await run.exited).toBe(1);
      expect(run.stdout()).toMatch(new RegExp(`^job ${id} cancelled in block #\\d+$`, 'm'));
      expect(run.stderr()).toBe(`polkamesh: job ${id} was cancelled\n`);
    }, 120_000);

    it('submit-job --file uploads a file over 64 KiB to the content store with a token from POLKAMESH_TOKEN, and refuses without', async () => {
      const big = path.join(dir, 'rows.csv');
      const bytes = Buffer.from('a,b\n'.repeat(20_000));
      fs.writeFileSync(big, bytes);
      const args = ['submit-job', '--rpc', devnetUrl, '--model', 'train:tabular-classification'];
      const refused = cli([...args, '--file', big, '--budget', '0.01']);
      expect(await refused.exited).toBe(1);
      expect(refused.stderr()).toMatch(/rows\.csv is 80000 bytes; .*--token/);

      const token = cli(['token', '--scopes', 'content:write'], { ...CHILD_ENV, JWT_SECRET });
      expect(await token.exited).toBe(0);
      const upload = cli([...args, '--file', big, '--budget', '0.01', '--service', httpUrl], {
        ...CHILD_ENV,
        POLKAMESH_TOKEN: token.stdout().trim(),
      });
      expect({ code: await upload.exited, stderr: upload.stderr() }).toEqual({
        code: 0,
        stderr: '',
      });
      const ref = `cas:sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      expect(upload.stdout()).toContain(`uploaded ${big} as ${ref}\n`);
      const id = /^job (\d+) submitted/m.exec(upload.stdout())?.[1];
      const job = await waitFor(
        async () => {
          const response = await fetch(`${httpUrl}/jobs/${id}`);
          return response.status === 200 && ((await response.json()) as { dataRef: string });
        },
        30_000,
        `GET /jobs/${id}`,
      );
      expect(job.dataRef).toBe(ref);
    }, 120_000);

    it('status summarises the ready service (exit 0), and --json carries the raw bodies', async () => {
      await waitFor(
        async () => (await fetch(`${httpUrl}/ready`)).status === 200,
        30_000,
        '/ready 200',
      );
      const summary = cli(['status', '--url', httpUrl]);
      expect(await summary.exited).toBe(0);
      expect(summary.stdout()).toMatch(
        new RegExp(`^service   ${httpUrl}: (ok|degraded), ready$`, 'm'),
      );
      expect(summary.stdout()).toMatch(/^database {2}reachable$/m);
      expect(summary.stdout()).toContain(`rpc       ${devnetUrl} connected (active`);
      expect(summary.stdout()).toMatch(/^lag {7}\d+ blocks \(ready while ≤ 50\)$/m);

      const json = cli(['status', '--url', httpUrl, '--json']);
      expect(await json.exited).toBe(0);
      const snapshot = JSON.parse(json.stdout()) as {
        url: string;
        ready: { status: string };
        status: {
          cursors: { finalized: { number: string } | null };
          endpoints: { endpoint: string }[];
        };
        health: { performance: { totalJobs: number; successRate: string } };
        stats: { queuePerformance: { completedJobs: number; cancelledJobs: number } };
      };
      expect(snapshot.url).toBe(httpUrl);
      expect(snapshot.ready.status).toBe('ready');
      expect(snapshot.status.endpoints.map((e) => e.endpoint)).toEqual([devnetUrl]);
      expect(Number(snapshot.status.cursors.finalized?.number)).toBeGreaterThan(0);
      // the job of the first test completed, the one of the second was cancelled
      expect(snapshot.stats.queuePerformance.completedJobs).toBeGreaterThanOrEqual(1);
      expect(snapshot.stats.queuePerformance.cancelledJobs).toBeGreaterThanOrEqual(1);
      expect(snapshot.health.performance.totalJobs).toBeGreaterThanOrEqual(2);
      expect(snapshot.health.performance.successRate).toMatch(/^\d+\.\d%$/);
    }, 60_000);

    it('status exits 2 when nothing answers; submit-job exits 1 with a clear error when the RPC is unreachable', async () => {
      const port = await closedPort();
      const status = cli(['status', '--url', `http://127.0.0.1:${port}`]);
      expect(await status.exited).toBe(2);
      expect(status.stderr()).toMatch(
        new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port}/\\w+: connect ECONNREFUSED`),
      );

      const submit = cli([
        'submit-job',
        '--rpc',
        `ws://127.0.0.1:${port}`,
        '--model',
        'ocr:pp-ocrv4',
        '--data',
        'nft:1',
        '--budget',
        '1',
      ]);
      expect(await submit.exited).toBe(1);
      expect(submit.stderr()).toBe(
        `polkamesh: cannot reach the chain at ws://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
      );
    }, 60_000);
  },
);
