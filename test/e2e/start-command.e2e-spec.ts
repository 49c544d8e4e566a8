import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { defaultContractAddresses } from '../../devnet/devnet';
import { h160FromAccountId, type ContractName } from '../../src/contracts';
import { toPlain, UserWallet, watchJobOutcome } from '../../src/demo';
import {
  checkFrontendAttestation,
  checkFrontendDataNfts,
  checkFrontendProviders,
  checkSeedHealth,
  mergePhalaStatusLikeThePage,
} from '../support/client-contracts';
import { waitFor } from '../support/wait-for';

/**
 * The acceptances "a test starts the service exactly as `npm start` does, with no configuration and
 * no network, and sees a demo job complete on-chain within a minute" and "`npm start` alone gives
 * providers, data NFTs, a confidential job and MEV intents on the chain within two minutes" (in
 * the shapes the web frontend reads), and the attestation is there once a job shows Completed.
 *
 * It runs the real `npm start` script (prestart: `npm run build`, then `node dist/cli/main.js
 * start`) in a temp copy of what the build reads, with `node_modules` linked in, so the build
 * writes its own `dist/` and the service its default `./data/` there, never in the checkout. The
 * environment is empty apart from PATH, HOME (npm's cache and logs, in the temp dir) and port 0
 * for the devnet and the API, so parallel runs cannot collide on 9944/3000.
 */
const REPO = path.resolve(__dirname, '../..');
/**
 * What `npm run build` reads: the package, both tsconfigs, tsconfig.build.json's `include`, and
 * the dashboard's sources and build script.
 */
const BUILD_INPUTS = [
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'src',
  'devnet',
  'cli',
  'abis',
  'web',
  'scripts',
];
/** The build (SWC over the service, esbuild over the dashboard) plus the start; slow on a loaded CI runner. */
const BUILD_AND_START_MS = 5 * 60_000;
/** The acceptance's own bound, counted from the moment the service says it is running. */
const DEMO_JOB_COMPLETED_MS = 60_000;
/** Providers, data NFTs, a confidential job and MEV intents on the chain and in /api/*: the full story. */
const FRONTEND_DATA_MS = 120_000;
/** How long the test watches one more demo job until it is Completed. */
const ATTESTATION_WATCH_MS = 60_000;
/** The demo's story: Charlie's 2 PAS an hour, Dave's NFT at 0.5 PAS an access (in planck). */
const STORY = { pricePerHour: '20000000000', pricePerAccess: '5000000000', intents: 5 } as const;

interface CompletedJob {
  id: string;
  status: string;
  modelRef: string;
  resultHash: string | null;
  completedBy: string | null;
  assignedProvider: string | null;
  submittedBlock: string | null;
}

describe('`npm start` with no configuration, offline', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'polkamesh-npm-start-'));
  let child: ChildProcess;
  let output = '';
  let exitCode: number | null | undefined;
  let api: ApiPromise | undefined;

  beforeAll(() => {
    for (const entry of BUILD_INPUTS) {
      fs.cpSync(path.join(REPO, entry), path.join(work, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(work, 'node_modules'), 'dir');
    fs.mkdirSync(path.join(work, 'home'));
    child = spawn('npm', ['start'], {
      cwd: work,
      env: {
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`,
        HOME: path.join(work, 'home'),
        DEVNET_PORT: '0',
        PORT: '0',
      },
      // its own process group, so Ctrl+C can be sent to npm and the service together
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => (exitCode = code));
  });

  afterAll(async () => {
    await api?.disconnect();
    if (child.pid !== undefined) {
      const exited =
        exitCode === undefined && new Promise((resolve) => child.once('exit', resolve));
      try {
        // the service too, should npm have exited without it
        process.kill(-processGroup(child), 'SIGKILL');
      } catch {
        // the group is gone already
      }
      await exited;
    }
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** Resolves once the service says it runs; fails at once, with the output, if npm exits first. */
  async function waitForServiceRunning(): Promise<void> {
    let state: true | string;
    try {
      state = await waitFor(
        () =>
          output.includes('polkamesh service running') ||
          (exitCode !== undefined && `exited with ${exitCode}`),
        BUILD_AND_START_MS,
        'npm start: the build, then "polkamesh service running"',
        50,
      );
    } catch (err) {
      state = err instanceof Error ? err.message : String(err);
    }
    if (state !== true) {
      throw new Error(`npm start: ${state}; output:\n${output}`);
    }
  }

  it(
    'builds, starts the devnet and the service, and a demo job reaches Completed on-chain within a minute',
    async () => {
      await waitForServiceRunning();
      const readyAt = Date.now();
      const httpUrl = /HTTP API at (http:\/\/\S+)/.exec(output)?.[1];
      const devnetUrl = /devnet running at (ws:\/\/\S+)/.exec(output)?.[1];
      expect(httpUrl).toBeDefined();
      expect(devnetUrl).toBeDefined();

      const job = await waitFor(
        async () => {
          const response = await fetch(`${httpUrl}/jobs?status=Completed`);
          const page = (await response.json()) as { items: CompletedJob[] };
          return page.items.at(-1);
        },
        DEMO_JOB_COMPLETED_MS - (Date.now() - readyAt),
        'a demo job Completed in GET /jobs within a minute of the service running',
        250,
      );
      expect(job).toMatchObject({ status: 'Completed', modelRef: 'ocr:pp-ocrv4' });
      expect(job.resultHash).toMatch(/^sha256:[0-9a-f]{64}$/);
      // the service worked it as the demo's provider (//Charlie), the one the demo assigned
      expect(job.completedBy).toBe(job.assignedProvider);

      // The chain itself, not the service's projection: the getter and the JobCompleted event.
      api = await ApiPromise.create({ provider: new WsProvider(devnetUrl), noInitWarn: true });
      await cryptoWaitReady();
      const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
      const addresses = defaultContractAddresses();
      const onChain = (
        await new UserWallet(api, bob, addresses).read('aiJobQueue', 'getJob', BigInt(job.id))
      ).toJSON();
      expect(onChain).toMatchObject({ status: 'Completed' });
      const outcome = await watchJobOutcome(api, addresses, BigInt(job.id), {
        fromBlock: Number(job.submittedBlock ?? 0),
      });
      expect(outcome).toMatchObject({
        status: 'Completed',
        resultHash: job.resultHash,
        provider: job.completedBy,
      });

      // The full story at start: every page of the web frontend has the service's data, on the
      // chain (getters) and in the shapes the frontend reads, within two minutes.
      const getJson = async (route: string) => (await fetch(`${httpUrl}${route}`)).json() as any;
      const left = () => FRONTEND_DATA_MS - (Date.now() - readyAt);
      const providers = await waitFor(
        async () => {
          const body = await getJson('/api/providers');
          return body.providers?.length > 0 && body;
        },
        left(),
        'a provider in /api/providers',
        250,
      );
      checkFrontendProviders(providers);
      expect(providers.providers).toContainEqual(
        expect.objectContaining({
          address: job.assignedProvider,
          pricePerHour: STORY.pricePerHour,
          available: true,
        }),
      );
      const nfts = await waitFor(
        async () => {
          const body = await getJson('/api/data-nfts');
          return (
            body.dataNfts?.some((d: { subscriberCount: number }) => d.subscriberCount > 0) && body
          );
        },
        left(),
        'a data NFT with a grant in /api/data-nfts',
        250,
      );
      checkFrontendDataNfts(nfts);
      expect(nfts.dataNfts[0]).toMatchObject({
        pricePerAccess: STORY.pricePerAccess,
        privacyLevel: 'Private',
        subscriberCount: 1,
      });
      const phala = await waitFor(
        async () => {
          const body = await getJson('/api/phala/status');
          return body.data?.jobsSubmitted > 0 && body;
        },
        left(),
        'a confidential job in /api/phala/status',
        250,
      );
      expect(mergePhalaStatusLikeThePage(phala)['jobsSubmitted']).toBeGreaterThan(0);
      await waitFor(
        async () => (await getJson('/stats')).mev?.intents >= STORY.intents,
        left(),
        'the MEV intents in /stats',
        250,
      );
      const health = await waitFor(
        async () => {
          const body = await getJson('/health');
          return Object.values(body.contracts).every((state) => state === 'active') && body;
        },
        left(),
        'every contract active in /health',
        250,
      );
      checkSeedHealth(health);
      expect(health.performance.successRate).toMatch(/%$/);

      // The chain itself, not the service's projection: the story's records by their getters.
      const reader = new UserWallet(api, bob, addresses);
      const read = async (contract: ContractName, message: string, ...args: unknown[]) =>
        toPlain(await reader.read(contract, message, ...args));
      expect(
        await read('computeProviderRegistry', 'getProvider', job.assignedProvider),
      ).toMatchObject({
        isActive: true,
      });
      const tokenId = BigInt(nfts.dataNfts[0].tokenId);
      expect(
        await read('dataNftRegistry', 'hasAccess', tokenId, h160FromAccountId(bob.publicKey)),
      ).toBe(true);
      expect(await read('phalaJobProcessor', 'getJobCounter')).toBeGreaterThan(0n);
      expect(await read('mevProtection', 'getIntentCounter')).toBeGreaterThanOrEqual(
        BigInt(STORY.intents),
      );

      // The frontend asks for the attestation once, as soon as it sees Completed: whoever sees a
      // job Completed finds its attestation, because the service records it in an earlier block.
      const attestation = await getJson(`/api/jobs/${job.id}/attestation`);
      checkFrontendAttestation(attestation);
      expect(attestation.data.result_hash).toBe(job.resultHash);
      const blockOf = async (route: string, id: string | number) => {
        const page = await getJson(route);
        const event = page.items.find(
          (e: { decoded: { jobId: string } }) => String(e.decoded.jobId) === String(id),
        );
        return BigInt(event.block.number);
      };
      const attestedAt = await blockOf(
        '/events?contract=phalaJobProcessor&eventName=AttestationRecorded&limit=1000',
        attestation.data.job_id,
      );
      const completedAt = await blockOf(
        '/events?contract=aiJobQueue&eventName=JobCompleted&limit=1000',
        job.id,
      );
      expect(attestedAt).toBeLessThan(completedAt);
      await expectAttestationWhenCompletedIsSeen(getJson, ATTESTATION_WATCH_MS);

      const status = (await (await fetch(`${httpUrl}/status`)).json()) as { quarantined: number };
      expect(status.quarantined).toBe(0);

      // The dashboard the build made, served at / and named in the banner; stdout is no terminal,
      // so the log lines are JSON (LOG_FORMAT=auto).
      expect(output).toContain(`dashboard at ${httpUrl}/\n`);
      const index = await fetch(`${httpUrl}/`);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('/dashboard/app.js');
      const app = await fetch(`${httpUrl}/dashboard/app.js`);
      expect(app.status).toBe(200);
      expect(app.headers.get('content-type')).toContain('javascript');
      // one line format for every logger (ADR 0018): `{"level":"info","time":…,"name":…,…,"msg":…}`
      expect(output).toMatch(/^\{"level":"info","time":"[^"]+","name":"polkamesh"/m);

      // Ctrl+C: the whole process group gets SIGINT, as in a terminal.
      await api.disconnect();
      api = undefined;
      // 'close': npm and the service, which shares its stdout, have both exited
      const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
        child.once('close', (code, signal) => resolve([code, signal])),
      );
      process.kill(-processGroup(child), 'SIGINT');
      const [code, signal] = await closed;
      // npm re-raises the SIGINT it got once its script has exited; the service itself stops cleanly
      expect(code === 0 || signal === 'SIGINT').toBe(true);
      expect(output).toMatch(/\nSIGINT: .*\n[^]*\nstopped\n$/);
      // the defaults: SQLite and the devnet state under ./data of the working directory
      expect(fs.existsSync(path.join(work, 'data', 'polkamesh.db'))).toBe(true);
      expect(fs.existsSync(path.join(work, 'data', 'devnet-state.bin'))).toBe(true);
    },
    BUILD_AND_START_MS + FRONTEND_DATA_MS + ATTESTATION_WATCH_MS + 60_000,
  );
});

/**
 * Watches a job that is not Completed yet as the frontend's JobStatusMonitor does (polling
 * /api/jobs/:id), and at the first answer that says Completed asks for the attestation once.
 */
async function expectAttestationWhenCompletedIsSeen(
  getJson: (route: string) => Promise<any>,
  timeoutMs: number,
): Promise<void> {
  const pending = await waitFor(
    async () => {
      const list = await getJson('/api/jobs?limit=20');
      return list.jobs.find((j: { status: string }) =>
        ['Assigned', 'InProgress'].includes(j.status),
      );
    },
    timeoutMs,
    'a demo job not Completed yet',
    250,
  );
  const seen = await waitFor(
    async () => {
      const body = await getJson(`/api/jobs/${pending.jobId}`);
      return body.data?.status === 'Completed' && body;
    },
    timeoutMs,
    `job ${pending.jobId} Completed in /api/jobs/:id`,
    // the frontend polls every 3 s; faster, but within API_RATE_LIMIT (100 a minute per route)
    1_000,
  );
  const attestation = await getJson(`/api/jobs/${pending.jobId}/attestation`);
  expect(attestation).toMatchObject({ success: true, data: { result_hash: seen.data.resultHash } });
  expect(seen.data.attestation).toMatchObject({ result_hash: seen.data.resultHash });
}

/** The detached child leads its own process group, whose id is its pid. */
function processGroup(child: ChildProcess): number {
  if (child.pid === undefined || child.pid <= 1) {
    throw new Error('npm start has no process id');
  }
  return child.pid;
}
