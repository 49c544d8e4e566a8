/**
 * The operator dashboard in headless Chromium (Debian's `chromium`, driven by playwright-core; no
 * browser download) against the API over a devnet, the follower and the job engine: one service,
 * one OCR job submitted while the page is open. Screenshots of every page at laptop and phone
 * widths go to test-artifacts/dashboard/ (git-ignored).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { defaultContractAddresses } from '../../devnet/devnet';
import { startApiServer, type ApiServer } from '../../src/api';
import { formatDataRef } from '../../src/references';
import { NOOP_LOGGER } from '../../src/shared';
import { SqlOperationsFigures, SqlProjectionTotals } from '../../src/storage';
import { buildDashboard } from '../../scripts/build-dashboard';
import { renderTextImage } from '../fixtures/text-image';
import { TEST_API_CONFIG } from '../support/api-config';
import { devRpc } from '../support/dev-rpc';
import { startEngineHarness, type EngineHarness } from '../support/job-engine-harness';
import { waitFor } from '../support/wait-for';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = resolve(__dirname, '../../test-artifacts/dashboard');
const TEXT = ['POLKAMESH 2026', 'Hello world 42'];
const PAS = 10_000_000_000n;
const UI_TIMEOUT_MS = 60_000;

/**
 * Runs in the page: marks the document (a reload would lose the mark) and records every
 * `job id:status` the jobs table shows, as the rows change.
 */
const RECORD_JOB_STATUSES = `(() => {
  window.pageLoadMarker = 1;
  window.seenStatuses = [];
  const record = () => {
    for (const row of document.querySelectorAll('tr[data-job-status]')) {
      const status = row.getAttribute('data-job-id') + ':' + row.getAttribute('data-job-status');
      if (!window.seenStatuses.includes(status)) {
        window.seenStatuses.push(status);
      }
    }
  };
  new MutationObserver(record).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-job-status'],
  });
  record();
})()`;

describe('the operator dashboard in a browser, on the devnet', () => {
  let harness: EngineHarness;
  let server: ApiServer;
  let context: BrowserContext;
  let page: Page;
  let bundleDir: string;
  let profileDir: string;
  let jobId: bigint;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'polkamesh-dashboard-'));
    profileDir = mkdtempSync(join(tmpdir(), 'polkamesh-chromium-'));
    await buildDashboard(bundleDir);
    harness = await startEngineHarness('sqlite', { SETTLEMENT_MODE: 'custodial' });
    server = await startApiServer(
      {
        store: harness.storage,
        chain: harness.client,
        contracts: defaultContractAddresses(),
        readOrigin: harness.services.worker.address,
        log: NOOP_LOGGER,
        logStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
        jobs: {
          work: harness.storage.work,
          contents: harness.services.contents,
          attestationPublicKey: harness.services.attestationKey,
          provider: harness.services.provider,
          signers: [
            { role: 'worker', address: harness.services.worker.address },
            { role: 'custody', address: harness.services.custody.address },
          ],
        },
        totals: new SqlProjectionTotals(harness.database),
        figures: new SqlOperationsFigures(harness.database),
      },
      { ...TEST_API_CONFIG, dashboardDir: bundleDir, signerMinBalancePlanck: PAS },
    );
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1280, height: 800 },
    });
    context.on('request', (request) => requests.push(request.url()));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') {
        consoleErrors.push(message.text());
      }
    });
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await harness?.close();
    rmSync(bundleDir, { recursive: true, force: true });
    rmSync(profileDir, { recursive: true, force: true });
  });

  it('shows the chain panel with the head advancing', async () => {
    await page.goto(`${server.url}/`);
    await page.getByTestId('live-state').filter({ hasText: 'live' }).waitFor();
    const head = page.getByTestId('best-head');
    // the instant devnet seals blocks only on demand: give the follower a first one to show
    await devRpc(harness.chain.devnet.url, 'dev_newBlock', [1]);
    await waitForText(head, (text) => /^\d+$/.test(text));
    const before = Number(await head.textContent());
    await devRpc(harness.chain.devnet.url, 'dev_newBlock', [2]);
    await waitForText(head, (text) => Number(text) >= before + 2);
  }, 120_000);

  it('lists a job submitted now and follows it through its states without a reload', async () => {
    await page.goto(`${server.url}/#/jobs`);
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    await page.evaluate(RECORD_JOB_STATUSES);
    const bob = await harness.wallet('//Bob');
    const submitted = await bob.submitJob({
      modelRef: 'ocr:pp-ocrv4',
      dataRef: formatDataRef({
        kind: 'data-url',
        mediaType: 'image/png',
        bytes: renderTextImage(TEXT),
      }),
      privacyRequired: false,
      budgetPlanck: PAS,
    });
    jobId = submitted.id;
    const row = page.locator(`tr[data-job-id="${jobId}"]`);
    await row.waitFor();
    await bob.assignProvider(jobId, harness.services.worker.h160);
    await page.locator(`tr[data-job-id="${jobId}"][data-job-status="Completed"]`).waitFor({
      timeout: 180_000,
    });
    const seen = await page.evaluate<string[]>('window.seenStatuses');
    const mine = seen.filter((s) => s.startsWith(`${jobId}:`)).map((s) => s.split(':')[1]);
    expect(mine[0]).toMatch(/^(Registered|Assigned)$/);
    expect(mine.at(-1)).toBe('Completed');
    expect(new Set(mine).size).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate('window.pageLoadMarker')).toBe(1); // the same document throughout
  }, 240_000);

  it("shows the job's timeline and result, and its attestation verifies in the browser", async () => {
    await harness.waitForWork(jobId, (w) => w.followUpDone, 150_000);
    await waitFor(
      async () => (await harness.storage.projections.getEscrow(jobId))?.released,
      30_000,
      'the release projected',
    );
    await page.locator(`a[href="#/jobs/${jobId}"]`).click();
    await page.getByRole('heading', { name: `Job #${jobId}` }).waitFor();
    await page.locator('tr[data-stage="completed"]').first().waitFor();
    await page.locator('tr[data-stage="succeeded"]').first().waitFor();
    const text = (await page.getByTestId('result-text').textContent()) ?? '';
    expect(text.split('\n').map((line) => line.replace(/\s+/g, ' ').trim())).toEqual(TEXT);
    await page.getByRole('button', { name: 'Verify in this browser' }).click();
    const verdict = page.getByTestId('verdict');
    await page.locator('[data-testid="verdict"][data-verdict="valid"]').waitFor();
    expect(await verdict.textContent()).toContain('equals the attestation recorded on-chain');
  }, 240_000);

  it('reports a tampered attestation as invalid', async () => {
    const pattern = `**/jobs/${jobId}/attestation`;
    await page.route(pattern, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { signed: { signature: string } };
      const signature = body.signed.signature;
      // one byte of the signature changed: still well-formed, no longer the key's signature
      const flipped = (parseInt(signature.slice(2, 4), 16) ^ 0x01).toString(16).padStart(2, '0');
      body.signed.signature = `0x${flipped}${signature.slice(4)}`;
      await route.fulfill({ response, json: body });
    });
    await page.reload();
    await page.getByRole('button', { name: 'Verify in this browser' }).click();
    await page.locator('[data-testid="verdict"][data-verdict="invalid"]').waitFor();
    expect(await page.getByTestId('verdict').textContent()).toContain('bad-signature');
    await page.unroute(pattern);
  });

  it('reads the figures the dashboard shows from real rows', async () => {
    const get = async (path: string) => {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      return (await res.json()) as Record<string, any>;
    };
    const deposited = await harness.storage.events.listRecent({
      contract: 'paymentEscrow',
      eventName: 'Deposited',
      limit: 10,
    });
    const deposit = deposited.items.find((e) => (e.decoded as any).jobId === jobId.toString());
    const money = await get('/stats/money');
    expect(money['settled']).toEqual({
      released: { count: 1, amount: (deposit!.decoded as any).amount },
      refunded: { count: 0, amount: '0' },
    });
    expect(money['flagged']).toEqual({ total: 0, items: [] });
    expect(money['signers'].map((s: any) => [s.role, s.isLow])).toEqual([
      ['worker', false],
      ['custody', false],
    ]);
    const pipeline = await get('/stats/pipeline?minutes=5');
    const work = (await harness.storage.work.get(jobId))!;
    const minute = (pipeline['minutes'] as any[]).find(
      (m) => Date.parse(m.start) === Math.floor(work.finishedAt!.getTime() / 60_000) * 60_000,
    );
    expect(minute.finished).toBe(1);
    expect(minute.latencyMs.result).toBeGreaterThan(0);
    expect((await get('/quarantine'))['items']).toEqual([]);
    expect((await get('/jobs?model=ocr'))['items'].map((j: any) => j.id)).toEqual([
      jobId.toString(),
    ]);
    expect((await get('/jobs?model=vad'))['items']).toEqual([]);
    const status = await get('/status');
    expect(status['lagSeconds']).toEqual(expect.any(Number));
  });

  it('plots throughput and stage latency with data points', async () => {
    await page.goto(`${server.url}/#/pipeline`);
    for (const plot of ['plot-throughput', 'plot-latency']) {
      await page.locator(`[data-testid="${plot}"]:not([data-nonzero="0"])`).waitFor();
      expect(await page.locator(`[data-testid="${plot}"] canvas`).count()).toBeGreaterThan(0);
    }
  });

  it('saves screenshots of every page at laptop and phone widths', async () => {
    const pages = ['chain', 'pipeline', 'jobs', `jobs/${jobId}`, 'money', 'mev', 'provider'];
    const shots: string[] = [];
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      for (const route of pages) {
        await page.goto(`${server.url}/#/${route}`);
        await page.locator('main section.panel').first().waitFor();
        await page.locator('main >> text=Loading…').first().waitFor({ state: 'detached' });
        const file = join(
          ARTIFACTS,
          `${route.replace('/', '-')}-${viewport.width}x${viewport.height}.png`,
        );
        await page.screenshot({ path: file, fullPage: true });
        shots.push(file);
      }
    }
    process.stdout.write(`dashboard screenshots: ${ARTIFACTS} (${shots.length} files)\n`);
    expect(shots).toHaveLength(14);
  }, 120_000);

  it('logged no console error and sent no request beyond 127.0.0.1', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    const leaving = requests.filter((url) => {
      const { protocol, hostname } = new URL(url);
      return ['http:', 'https:', 'ws:', 'wss:'].includes(protocol)
        ? hostname !== '127.0.0.1'
        : !['data:', 'blob:'].includes(protocol);
    });
    expect(leaving).toEqual([]);
  });
});

/** Waits until the locator's text passes `test` (Playwright polls; no sleeps). */
async function waitForText(
  locator: ReturnType<Page['getByTestId']>,
  test: (text: string) => boolean,
): Promise<void> {
  let last = '';
  await waitFor(
    async () => test((last = ((await locator.textContent()) ?? '').trim())),
    UI_TIMEOUT_MS / 2,
    'dashboard text',
    100,
  ).catch((err: unknown) => {
    throw new Error(`${String(err)}; the page shows "${last}"`);
  });
}
