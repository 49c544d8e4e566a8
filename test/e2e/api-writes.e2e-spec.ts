import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { defaultContractAddresses } from '../../devnet/devnet';
import { startApiServer, type ApiConfig, type ApiServer } from '../../src/api';
import { mintApiToken, type ApiScope } from '../../src/api/auth';
import type { PolkadotChainClient } from '../../src/chain/polkadot/polkadot-chain-client';
import { NOOP_LOGGER } from '../../src/shared';
import { computeContentDigest, type ContentDigest } from '../../src/content-store';
import { Secret } from '../../src/shared/secret';
import type { DialectName } from '../../src/storage';
import { formatDataRef } from '../../src/references';
import { externalDataModel } from '../fixtures/file-reach-models';
import { affineModel, neverEndingModel } from '../fixtures/onnx-models';
import { renderTextImage } from '../fixtures/text-image';
import { STORY_DIALECTS } from '../support/databases';
import { chainClientFor } from '../support/follower-harness';
import { startEngineHarness, type EngineHarness } from '../support/job-engine-harness';
import { waitFor } from '../support/wait-for';
import { TEST_API_CONFIG } from '../support/api-config';

const PAS = 10_000_000_000n;
const SECRET = new Secret('Emwxp25xFYDjJRlo8anFYvVPz2GX8MT9-BCGj-ndjZM');
const OTHER_SECRET = new Secret('KIs7VtFIHJQv2o9kXJIamCu-SMq-kD925Cl_xJGLNyk');

const API_CONFIG: ApiConfig = {
  ...TEST_API_CONFIG,
  logLevel: 'debug',
  jwtSecret: SECRET,
  maxUploadBytes: 4 * 1024 * 1024,
};

interface ErrorBody {
  error: { code: string; message: string; errorId: string; details?: Record<string, unknown> };
}

function expectError(res: { status: number; body: unknown }, status: number, code: string): void {
  expect(res.status).toBe(status);
  const body = res.body as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.errorId).toMatch(/^[0-9a-f-]{36}$/);
}

function token(scopes: ApiScope[], options: { sub?: string; ttl?: number; now?: Date } = {}) {
  return mintApiToken(
    SECRET,
    { sub: options.sub ?? 'e2e-operator', scopes, ttlSeconds: options.ttl ?? 600 },
    options.now,
  );
}

/** The API over the harness's storage and job services, as cli/run-service.ts wires it. */
class WriteApi {
  readonly logLines: string[] = [];
  server!: ApiServer;
  private client!: PolkadotChainClient;

  constructor(private readonly harness: EngineHarness) {}

  async start(config: Partial<ApiConfig> = {}): Promise<this> {
    this.client = chainClientFor([this.harness.chain.devnet.url]);
    await this.client.start();
    const lines = this.logLines;
    this.server = await startApiServer(
      {
        store: this.harness.storage,
        chain: this.client,
        contracts: defaultContractAddresses(),
        readOrigin: null,
        log: NOOP_LOGGER,
        jobs: {
          work: this.harness.storage.work,
          contents: this.harness.services.contents,
          operator: this.harness.services.operator,
          provider: this.harness.services.provider,
        },
        logStream: new Writable({
          write(chunk: Buffer, _enc, done) {
            lines.push(chunk.toString());
            done();
          },
        }),
      },
      { ...API_CONFIG, ...config },
    );
    return this;
  }

  async close(): Promise<void> {
    await this.server?.close();
    await this.client?.stop();
  }

  async request(
    method: string,
    path: string,
    init: { token?: string; body?: Uint8Array | string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token !== undefined) {
      headers['authorization'] = `Bearer ${init.token}`;
    }
    const res = await fetch(`${this.server.url}${path}`, {
      method,
      headers,
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = Buffer.from(bytes).toString('utf8');
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, headers: res.headers, bytes, body };
  }

  upload(bytes: Uint8Array, mediaType?: string, scopes: ApiScope[] = ['content:write']) {
    return this.request('POST', '/content', {
      token: token(scopes),
      body: bytes,
      headers: mediaType === undefined ? {} : { 'content-type': mediaType },
    });
  }
}

function tensorJson(name: string, dims: number[], data: number[]): Buffer {
  return Buffer.from(JSON.stringify({ inputs: { [name]: { dims, data, type: 'float32' } } }));
}

describe.each<DialectName>(STORY_DIALECTS)('API writes on %s', (dialect) => {
  describe('with custodial settlement, one job at a time', () => {
    let harness: EngineHarness;
    let api: WriteApi;
    // The service runs where its files are (./data, ./keystore.json): here a temporary directory
    // with a stand-in keystore, never a real key.
    const testCwd = mkdtempSync(join(tmpdir(), 'polkamesh-service-cwd-'));
    const keystore = Buffer.from(`{"stand-in":"${randomBytes(24).toString('hex')}"}`);
    const jestCwd = process.cwd();

    beforeAll(async () => {
      writeFileSync(join(testCwd, 'keystore.json'), keystore);
      process.chdir(testCwd);
      harness = await startEngineHarness(dialect, {
        SETTLEMENT_MODE: 'custodial',
        MAX_CONCURRENT_JOBS: '1',
        JOB_TIMEOUT: '120000',
      });
      api = await new WriteApi(harness).start();
    }, 120_000);

    afterAll(async () => {
      await api?.close();
      await harness?.close();
      process.chdir(jestCwd);
      rmSync(testCwd, { recursive: true, force: true });
    });

    const submit = (modelRef: string, dataRef: string) =>
      harness.submitToWorker(modelRef, dataRef, { budgetPlanck: PAS });

    it('answers 401 without a valid token and 403 without the scope, and never logs the token', async () => {
      const bytes = Buffer.from('auth probe');
      const none = await api.request('POST', '/content', { body: bytes });
      expectError(none, 401, 'UNAUTHORIZED');
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);

      const garbage = await api.request('POST', '/content', { token: 'not.a.jwt', body: bytes });
      expectError(garbage, 401, 'UNAUTHORIZED');
      const forged = mintApiToken(OTHER_SECRET, {
        sub: 'mallory',
        scopes: ['content:write'],
        ttlSeconds: 600,
      });
      expectError(
        await api.request('POST', '/content', { token: forged, body: bytes }),
        401,
        'UNAUTHORIZED',
      );

      const expired = token(['content:write'], { ttl: 60, now: new Date(Date.now() - 3_600_000) });
      const late = await api.request('POST', '/content', { token: expired, body: bytes });
      expectError(late, 401, 'UNAUTHORIZED');
      expect((late.body as ErrorBody).error.message).toMatch(/expired/);

      // HS256 with the right secret but no scopes claim is not a token of this API.
      const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
      const payload = Buffer.from(
        JSON.stringify({ sub: 'x', exp: Math.floor(Date.now() / 1000) + 60 }),
      ).toString('base64url');
      const sig = createHmac('sha256', SECRET.reveal())
        .update(`${header}.${payload}`)
        .digest('base64url');
      const noScopes = `${header}.${payload}.${sig}`;
      expectError(
        await api.request('POST', '/content', { token: noScopes, body: bytes }),
        401,
        'UNAUTHORIZED',
      );
      // alg none is refused whatever it claims
      const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
      expectError(
        await api.request('POST', '/content', { token: unsigned, body: bytes }),
        401,
        'UNAUTHORIZED',
      );

      const wrong = token(['jobs:operate']);
      const forbidden = await api.request('POST', '/content', { token: wrong, body: bytes });
      expectError(forbidden, 403, 'FORBIDDEN');
      expect((forbidden.body as ErrorBody).error.message).toMatch(/content:write/);
      expectError(
        await api.request('POST', '/jobs/1/cancel', { token: token(['content:write']) }),
        403,
        'FORBIDDEN',
      );
      expectError(await api.request('POST', '/jobs/1/retry'), 401, 'UNAUTHORIZED');
      expectError(
        await api.request('PATCH', '/provider', {
          body: '{}',
          headers: { 'content-type': 'application/json' },
        }),
        401,
        'UNAUTHORIZED',
      );
      expectError(await api.request('GET', `/content/${'ab'.repeat(32)}`), 401, 'UNAUTHORIZED');

      const good = await api.upload(bytes, 'text/plain');
      expect(good.status).toBe(201);

      const logged = api.logLines.join('');
      expect(logged).toContain('/content');
      for (const secret of [wrong, expired, forged, noScopes, SECRET.reveal()]) {
        expect(logged).not.toContain(secret);
      }
    });

    it('answers 400 in the error shape for bad parameters and 404 / 409 for jobs it cannot operate', async () => {
      const ops = token(['jobs:operate', 'content:read']);
      const badId = await api.request('POST', '/jobs/abc/cancel', { token: ops });
      expectError(badId, 400, 'VALIDATION_FAILED');
      expect(JSON.stringify((badId.body as ErrorBody).error.details)).toContain('id');
      expectError(
        await api.request('POST', `/jobs/${2n ** 128n}/retry`, { token: ops }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await api.request('GET', '/content/not-a-digest', { token: ops }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await api.request('GET', `/content/sha256:${'0'.repeat(64)}`, { token: ops }),
        404,
        'NOT_FOUND',
      );
      expectError(
        await api.request('POST', '/jobs/999999/cancel', { token: ops }),
        404,
        'NOT_FOUND',
      );
      expectError(await api.upload(new Uint8Array(0), 'text/plain'), 400, 'BAD_REQUEST');
      expectError(await api.upload(Buffer.from('x'), 'not a media type'), 400, 'VALIDATION_FAILED');
      const tooBig = await api.upload(
        new Uint8Array(4 * 1024 * 1024 + 1),
        'application/octet-stream',
      );
      expectError(tooBig, 413, 'PAYLOAD_TOO_LARGE');
      // The JSON routes keep their own 64 KiB limit.
      const bigJson = await api.request('PATCH', '/provider', {
        token: token(['provider:write']),
        body: JSON.stringify({ endpoint: 'x'.repeat(70 * 1024) }),
        headers: { 'content-type': 'application/json' },
      });
      expectError(bigJson, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('stores an uploaded image once, serves it back, and an OCR job reads it by its cas: ref', async () => {
      const image = renderTextImage(['UPLOADED 2026']);
      const first = await api.upload(image, 'image/png');
      expect(first.status).toBe(201);
      const digest = computeContentDigest(image);
      expect(first.body).toEqual({
        ref: `cas:${digest}`,
        digest,
        size: image.length,
        mediaType: 'image/png',
        modelRef: `onnx:${digest}`,
      });
      const again = await api.upload(image, 'application/octet-stream');
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ ref: `cas:${digest}`, mediaType: 'image/png' });

      const read = await api.request('GET', `/content/${digest}`, {
        token: token(['content:read']),
      });
      expect(read.status).toBe(200);
      expect(read.headers.get('content-type')).toBe('image/png');
      expect(read.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(read.bytes).equals(Buffer.from(image))).toBe(true);

      const jobId = await submit('ocr:pp-ocrv4', `cas:${digest}`);
      const work = await harness.waitForWork(jobId, (w) => w.state === 'succeeded', 120_000);
      expect(work.inputDigest).toBe(digest);
      const output = await harness.services.contents.get(
        work.result!.outputDigest as ContentDigest,
      );
      expect(Buffer.from(output!.bytes).toString('utf8').replace(/\s+/g, ' ').trim()).toBe(
        'UPLOADED 2026',
      );
    }, 180_000);

    it('runs an uploaded ONNX model as onnx:sha256:<digest> on an uploaded JSON input', async () => {
      const model = await api.upload(affineModel(), 'application/octet-stream');
      const input = await api.upload(tensorJson('x', [1, 2], [1, 1]), 'application/json');
      expect(model.status).toBe(201);
      expect(input.status).toBe(201);
      const { modelRef } = model.body as { modelRef: string };
      const { ref } = input.body as { ref: string };
      expect(modelRef).toBe(`onnx:${computeContentDigest(affineModel())}`);
      const jobId = await submit(modelRef, ref);
      const work = await harness.waitForWork(jobId, (w) => w.state === 'succeeded', 120_000);
      const output = await harness.services.contents.get(
        work.result!.outputDigest as ContentDigest,
      );
      expect(JSON.parse(Buffer.from(output!.bytes).toString('utf8'))).toMatchObject({
        outputs: { y: { dims: [1, 2], data: [4.5, 5] } },
      });
    }, 180_000);

    it("never runs a job's data as a model, nor an uploaded model whose tensor names a file; no byte of the file is served", async () => {
      // An ONNX model whose only tensor is "external data": the service's ./keystore.json.
      const model = externalDataModel('keystore.json', keystore.length);
      const digest = computeContentDigest(model);
      const noInputs = formatDataRef({
        kind: 'data-url',
        mediaType: 'application/json',
        bytes: Buffer.from('{"inputs":{}}'),
      });

      // 1. A job carries the model as its data: admitted, its input stored (as data only).
      const carrier = await submit(
        'ocr:pp-ocrv4',
        formatDataRef({ kind: 'data-url', mediaType: 'application/onnx', bytes: model }),
      );
      const carried = await harness.waitForWork(carrier, (w) => w.inputDigest !== null, 60_000);
      expect(carried.inputDigest).toBe(digest);
      expect((await harness.services.contents.stat(digest))?.isModel).toBe(false);

      // 2. A second job runs that digest as a model: refused at admission, never run.
      const runner = await submit(`onnx:${digest}`, noInputs);
      const refused = await harness.waitForWork(runner, (w) => w.state !== 'discovered', 60_000);
      expect(refused).toMatchObject({ state: 'rejected', attempts: 0, result: null });
      expect(refused.reason).toBe(
        `model-data-only: ${digest} was stored as job data, not as a model: an onnx: model must be uploaded with POST /content (scope content:write) or be a model trained by this service`,
      );

      // 3. Uploaded with content:write it is a model, and still refused for its external data.
      const upload = await api.upload(model, 'application/onnx');
      expect(upload.status).toBe(201);
      expect((await harness.services.contents.stat(digest))?.isModel).toBe(true);
      const uploaded = await submit(`onnx:${digest}`, noInputs);
      const refusedAgain = await harness.waitForWork(
        uploaded,
        (w) => w.state !== 'discovered',
        60_000,
      );
      expect(refusedAgain).toMatchObject({ state: 'rejected', attempts: 0, result: null });
      expect(refusedAgain.reason).toBe(
        'model-external-data: graph "leak" > initializer "secret" keeps its data outside the model (external data), which is not accepted: embed every tensor in the model',
      );

      // Nothing the API serves about these jobs holds the file, its bytes as numbers, or its size.
      await harness.waitForWork(carrier, (w) => w.followUpDone, 120_000);
      const responses: string[] = [];
      for (const jobId of [carrier, runner, uploaded]) {
        for (const path of [`/jobs/${jobId}/result`, `/jobs/${jobId}/timeline`]) {
          const res = await api.request('GET', path);
          expect(res.status).toBe(200);
          responses.push(Buffer.from(res.bytes).toString('latin1'));
        }
      }
      for (const jobId of [runner, uploaded]) {
        const stages = (await harness.storage.work.listEvents(jobId)).map((e) => e.stage);
        expect(stages).toContain('rejected');
        expect(stages).not.toContain('running');
      }
      expect(responses.join('\n')).toContain('model-data-only');
      for (const text of responses) {
        expect(text).not.toContain(keystore.toString('latin1'));
        expect(text).not.toContain(Array.from(keystore).join(','));
        expect(text).not.toMatch(/file_length|keystore\.json/);
      }
    }, 240_000);

    it('cancels a running and a queued job for the operator; both end cancelled and refunded', async () => {
      const model = await api.upload(neverEndingModel(), 'application/octet-stream');
      const input = await api.upload(
        tensorJson('x', [16], new Array(16).fill(1)),
        'application/json',
      );
      const { modelRef } = model.body as { modelRef: string };
      const { ref } = input.body as { ref: string };
      const running = await submit(modelRef, ref);
      await harness.waitForWork(running, (w) => w.state === 'running', 60_000);
      const queued = await submit(modelRef, ref);
      await harness.waitForWork(queued, (w) => w.state === 'queued', 60_000);
      expect(harness.services.engine.runningCount()).toBe(1);

      const ops = token(['jobs:operate'], { sub: 'alice' });
      for (const jobId of [queued, running]) {
        const res = await api.request('POST', `/jobs/${jobId}/cancel`, { token: ops });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          jobId: jobId.toString(),
          state: 'cancelled',
          reason: 'cancelled by operator alice',
        });
      }
      // The aborted attempt is not recorded as a failure or retried.
      await harness.waitForWork(
        running,
        () => harness.services.engine.runningCount() === 0,
        30_000,
      );
      for (const jobId of [queued, running]) {
        const work = await harness.waitForWork(jobId, (w) => w.followUpDone, 120_000);
        expect(work).toMatchObject({ state: 'cancelled', settlement: 'refunded' });
        expect(await harness.storage.projections.getEscrow(jobId)).toMatchObject({
          refunded: true,
          released: false,
          owner: harness.services.custody.h160,
        });
        const stages = (await harness.storage.work.listEvents(jobId)).map((e) => e.stage);
        const afterCancel = stages.slice(stages.indexOf('cancelled') + 1);
        expect(afterCancel).not.toContain('running');
        expect(afterCancel).not.toContain('retry-scheduled');
      }
      const stagesOfQueued = (await harness.storage.work.listEvents(queued)).map((e) => e.stage);
      expect(stagesOfQueued).not.toContain('running');

      const again = await api.request('POST', `/jobs/${running}/cancel`, { token: ops });
      expectError(again, 409, 'CONFLICT');
      // A cancelled job is not retried: only failed ones are.
      expectError(
        await api.request('POST', `/jobs/${running}/retry`, { token: ops }),
        409,
        'CONFLICT',
      );
    }, 300_000);

    it('shows the provider profile and changes it with provider:write', async () => {
      const view = await api.request('GET', '/provider');
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ provider: harness.services.worker.h160, desired: null });

      const write = token(['provider:write']);
      const patch = (body: unknown) =>
        api.request('PATCH', '/provider', {
          token: write,
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
      expectError(await patch({ hourlyRate: '1.5' }), 400, 'VALIDATION_FAILED');
      expectError(await patch({ endpoint: 'not a url' }), 400, 'VALIDATION_FAILED');
      expectError(await patch({ active: 'yes' }), 400, 'VALIDATION_FAILED');
      expectError(await patch({ stake: '1' }), 400, 'VALIDATION_FAILED');
      expectError(await patch({}), 400, 'VALIDATION_FAILED');
      // Valid JSON the provider port refuses: nothing to register without an endpoint.
      const unconfigured = await patch({ active: true });
      expectError(unconfigured, 400, 'BAD_REQUEST');
      expect((unconfigured.body as ErrorBody).error.message).toMatch(/endpoint/);

      const changed = await patch({ endpoint: 'https://provider.example/ai', hourlyRate: '5' });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        desired: { endpoint: 'https://provider.example/ai', hourlyRate: '5', active: true },
      });
      const onChain = await waitFor(
        async () => {
          const res = await api.request('GET', '/provider');
          const body = res.body as { onChain: { endpoint: string; hourlyRate: string } | null };
          return body.onChain?.hourlyRate === '5' ? body.onChain : null;
        },
        90_000,
        'the registry to show the new profile',
        250,
      );
      expect(onChain.endpoint).toBe('https://provider.example/ai');
    }, 120_000);

    it('serves Swagger UI at /docs and documents bearer auth on exactly the protected routes', async () => {
      const ui = await api.request('GET', '/docs');
      expect(ui.status).toBe(200);
      expect(ui.headers.get('content-type')).toMatch(/text\/html/);
      expect(String(ui.body)).toMatch(/swagger/i);
      const json = await api.request('GET', '/openapi.json');
      const alias = await api.request('GET', '/docs-json');
      expect(alias.body).toEqual(json.body);
      const doc = json.body as {
        paths: Record<string, Record<string, { security?: unknown[] }>>;
        components: { securitySchemes: Record<string, unknown> };
      };
      expect(doc.components.securitySchemes['bearer']).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({ name: `${method} ${path}`, op })),
      );
      const secured = operations.filter((o) => o.op.security !== undefined).map((o) => o.name);
      expect(secured).toEqual(
        expect.arrayContaining([
          'post /content',
          'get /content/{digest}',
          'post /jobs/{id}/retry',
          'post /jobs/{id}/cancel',
          'patch /provider',
        ]),
      );
      // Every mutating route, whoever adds it, needs a token.
      const mutating = operations.filter((o) => o.name.split(' ')[0] !== 'get');
      expect(mutating.filter((o) => o.op.security === undefined).map((o) => o.name)).toEqual([]);
    });

    it('answers 429 past API_RATE_LIMIT, before the token is even looked at', async () => {
      const limited = await new WriteApi(harness).start({ rateLimitPerMinute: 2 });
      try {
        const statuses: number[] = [];
        let last: Awaited<ReturnType<WriteApi['request']>> | undefined;
        for (let i = 0; i < 3; i++) {
          last = await limited.request('POST', '/jobs/1/cancel');
          statuses.push(last.status);
        }
        expect(statuses).toEqual([401, 401, 429]);
        expectError(last!, 429, 'RATE_LIMITED');
      } finally {
        await limited.close();
      }
    });

    it('refuses every write with 401 when no JWT_SECRET is configured', async () => {
      const closed = await new WriteApi(harness).start({ jwtSecret: null });
      try {
        const res = await closed.upload(Buffer.from('x'), 'text/plain');
        expectError(res, 401, 'UNAUTHORIZED');
        expect((res.body as ErrorBody).error.message).toMatch(/writes are disabled/);
      } finally {
        await closed.close();
      }
    });
  });

  describe('with user-signed settlement and a short timeout', () => {
    let harness: EngineHarness;
    let api: WriteApi;

    beforeAll(async () => {
      harness = await startEngineHarness(dialect, { JOB_TIMEOUT: '1500', MAX_RETRIES: '0' });
      api = await new WriteApi(harness).start();
    }, 120_000);

    afterAll(async () => {
      await api?.close();
      await harness?.close();
    });

    it('retries a failed job for the operator: it runs again from its first attempt', async () => {
      const model = await api.upload(neverEndingModel(), 'application/octet-stream');
      const input = await api.upload(
        tensorJson('x', [16], new Array(16).fill(1)),
        'application/json',
      );
      const bob = await harness.wallet('//Bob');
      const job = await bob.submitJob({
        modelRef: (model.body as { modelRef: string }).modelRef,
        dataRef: (input.body as { ref: string }).ref,
        privacyRequired: false,
        budgetPlanck: PAS,
      });
      await bob.assignProvider(job.id, harness.services.worker.h160);
      const failed = await harness.waitForWork(job.id, (w) => w.state === 'failed', 90_000);
      expect(failed).toMatchObject({ attempts: 1 });
      expect(failed.reason).toMatch(/timeout/);

      const ops = token(['jobs:operate'], { sub: 'carol' });
      const res = await api.request('POST', `/jobs/${job.id}/retry`, { token: ops });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ jobId: job.id.toString(), state: 'queued', attempts: 0 });

      const again = await harness.waitForWork(
        job.id,
        (w) => w.state === 'failed' && w.finishedAt! > failed.finishedAt!,
        90_000,
      );
      expect(again.attempts).toBe(1);
      const events = await harness.storage.work.listEvents(job.id);
      const retry = events.findIndex((e) => e.stage === 'operator-retry');
      expect(retry).toBeGreaterThan(0);
      expect(events[retry]!.detail).toMatch(/^retried by operator carol; last failure: .*timeout/);
      expect(events.slice(retry).map((e) => e.stage)).toEqual(
        expect.arrayContaining(['running', 'failed']),
      );
      // A failed job has finished: there is nothing to cancel.
      expectError(
        await api.request('POST', `/jobs/${job.id}/cancel`, { token: ops }),
        409,
        'CONFLICT',
      );
    }, 240_000);
  });
});
