import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { defaultContractAddresses } from '../../devnet/devnet';
import { DEMO_RECEIPT_PNG_BASE64 } from '../../src/demo/demo-receipt-image';
import { UserWallet } from '../../src/demo';
import type { DialectName } from '../../src/storage';
import { cli, useCliService } from '../support/cli-service';
import { STORY_DIALECTS } from '../support/databases';
import { waitFor } from '../support/wait-for';

/**
 * `polkamesh submit-job` and `polkamesh status` against a running `polkamesh start`: a job that
 * completes, a job its owner cancels, and the status of the service that saw both. The other CLI
 * stories have their own files (`cli-*.e2e-spec.ts`), each with its own service, so that they run
 * in parallel workers.
 */
describe.each<DialectName>(STORY_DIALECTS)(
  'polkamesh CLI against a running service on %s',
  (dialect) => {
    const service = useCliService(dialect);

    it('submit-job --file --deposit --wait: the service completes the job and the result hash printed is the one it serves', async () => {
      const { receipt, httpUrl, devnetUrl, provider } = service;
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

    it('submit-job --wait reports a job its owner cancels, and exits 1', async () => {
      const { devnetUrl } = service;
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

    it('status summarises the ready service (exit 0), and --json carries the raw bodies', async () => {
      const { httpUrl, devnetUrl } = service;
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
  },
);
