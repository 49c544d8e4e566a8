import type { Readable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import type { OpenAPIObject } from '@nestjs/swagger';
import { defaultContractAddresses } from '../../devnet/devnet';
import { closeApp, createApiApp, type ApiConfig } from '../../src/api';
import { API_SCOPES, mintApiToken } from '../../src/api/auth';
import { NOOP_LOGGER } from '../../src/shared';
import type { PolkadotChainClient } from '../../src/chain/polkadot/polkadot-chain-client';
import { formatDataRef } from '../../src/references';
import { Secret } from '../../src/shared/secret';
import { affineModel } from '../fixtures/onnx-models';
import { chainClientFor } from '../support/follower-harness';
import { apiFuzzRuns } from '../support/fuzz-runs';
import { startEngineHarness, type EngineHarness } from '../support/job-engine-harness';

/** Cases per endpoint: 100 in `npm test`, 1,000 in `npm run test:fuzz`. */
const RUNS = apiFuzzRuns();
const PAS = 10_000_000_000n;
const SECRET = new Secret('Cj6O7WVd7rq8EEzld6F0NxGmwtQp2wK7EIRjpKsaanI');
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof HTTP_METHODS)[number];

interface Route {
  readonly method: Method;
  /** OpenAPI template: `/jobs/{id}`. */
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly string[];
  readonly isStream: boolean;
}

function routesOf(document: OpenAPIObject): Route[] {
  const routes: Route[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation === undefined) {
        continue;
      }
      const params = (operation.parameters ?? []) as { in: string; name: string }[];
      routes.push({
        method,
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        isStream: JSON.stringify(operation.responses ?? {}).includes('text/event-stream'),
      });
    }
  }
  return routes;
}

const PRINTABLE = [...Array(95).keys()].map((i) => String.fromCharCode(32 + i));
const headerText = fc.string({ unit: fc.constantFrom(...PRINTABLE), maxLength: 60 });
const anyText = fc.string({ maxLength: 40 });
const digits = fc.bigInt({ min: 0n, max: 2n ** 140n }).map(String);
const hex = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: n, maxLength: n });

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks).toString('utf8');
}

describe('API fuzz: every documented route, random input, never a 5xx', () => {
  let harness: EngineHarness;
  let client: PolkadotChainClient;
  let app: NestFastifyApplication;
  let routes: Route[];
  const known: string[] = [];

  beforeAll(async () => {
    harness = await startEngineHarness('sqlite', { SETTLEMENT_MODE: 'custodial' });
    // Real rows behind the routes: a succeeded job, a rejected one, stored content.
    const bob = await harness.wallet('//Bob');
    const model = await harness.services.contents.put(affineModel(), 'application/octet-stream', {
      asModel: true,
    });
    const input = JSON.stringify({
      inputs: { x: { dims: [1, 2], data: [1, 1], type: 'float32' } },
    });
    const good = await bob.submitJob({
      modelRef: `onnx:${model}`,
      dataRef: formatDataRef({
        kind: 'data-url',
        mediaType: 'application/json',
        bytes: Buffer.from(input),
      }),
      privacyRequired: false,
      budgetPlanck: PAS,
    });
    const bad = await bob.submitJob({
      modelRef: 'no-such-model',
      dataRef: 'nothing',
      privacyRequired: false,
      budgetPlanck: PAS,
    });
    for (const job of [good, bad]) {
      await bob.assignProvider(job.id, harness.services.worker.h160);
    }
    await harness.waitForWork(good.id, (w) => w.followUpDone, 120_000);
    await harness.waitForWork(bad.id, (w) => w.state === 'rejected', 60_000);
    known.push(good.id.toString(), bad.id.toString(), model, model.slice(7), `cas:${model}`);

    client = chainClientFor([harness.chain.devnet.url]);
    await client.start();
    const config: ApiConfig = {
      host: '127.0.0.1',
      port: 0,
      rateLimitPerMinute: 100_000_000,
      frontendOrigins: ['http://localhost:3001'],
      maxLagBlocks: 5,
      chainTimeoutMs: 2_000,
      logLevel: 'error',
      jwtSecret: SECRET,
      maxUploadBytes: 64 * 1024,
    };
    app = await createApiApp(
      {
        store: harness.storage,
        chain: client,
        contracts: defaultContractAddresses(),
        readOrigin: (await harness.wallet('//Bob')).address,
        log: NOOP_LOGGER,
        jobs: {
          work: harness.storage.work,
          contents: harness.services.contents,
          operator: harness.services.operator,
          provider: harness.services.provider,
        },
      },
      config,
    );
    await app.getHttpAdapter().getInstance().ready();
    const doc = await app.inject({ method: 'GET', url: '/openapi.json' });
    routes = routesOf(doc.json<OpenAPIObject>());
  }, 240_000);

  afterAll(async () => {
    // closeApp, not app.close(): it ends the notification streams the fuzz opened first
    if (app !== undefined) {
      await closeApp(app);
    }
    await client?.stop();
    await harness?.close();
  });

  it(`answers ${RUNS} random requests per route with < 500, and every 4xx in the error shape`, async () => {
    // The document is the route list: a route added later is fuzzed without touching this test.
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'get /jobs/{id}',
        'post /content',
        'get /content/{digest}',
        'post /jobs/{id}/cancel',
        'post /jobs/{id}/retry',
        'patch /provider',
        'get /notifications',
      ]),
    );
    const now = Math.floor(Date.now() / 1000);
    const token = fc
      .record({
        scopes: fc.subarray([...API_SCOPES, 'admin', '']),
        sub: fc.oneof({ arbitrary: fc.constant('fuzz'), weight: 3 }, anyText),
        exp: fc.oneof(
          { arbitrary: fc.constant(now + 3600), weight: 3 },
          fc.integer({ min: 0, max: now + 10 }),
        ),
      })
      .map((c) =>
        c.exp > now && c.sub.length > 0 && c.sub.length <= 128
          ? mintApiToken(SECRET, { sub: c.sub, scopes: c.scopes, ttlSeconds: c.exp - now })
          : mintApiToken(SECRET, { sub: 'fuzz', scopes: c.scopes, ttlSeconds: 1 }, new Date(0)),
      );
    const authorization = fc.oneof(
      fc.constant(undefined),
      { arbitrary: token.map((t) => `Bearer ${t}`), weight: 4 },
      headerText.map((t) => `Bearer ${t}`),
      headerText,
    );
    const headers = fc.record(
      {
        authorization,
        'content-type': fc.oneof(
          fc.constantFrom(
            'application/json',
            'application/octet-stream',
            'text/plain',
            'image/png',
          ),
          headerText,
        ),
        'last-event-id': fc.oneof(
          headerText,
          fc.tuple(digits, digits, digits, digits).map((p) => p.join(':')),
        ),
        'x-request-id': headerText,
        accept: fc.constantFrom('application/json', 'text/event-stream', '*/*'),
      },
      { requiredKeys: [] },
    );
    const paramValue = fc.oneof(
      fc.constantFrom(...known, '0', '1', '-1', ''),
      digits,
      hex(64),
      hex(64).map((h) => `sha256:${h}`),
      anyText,
    );
    const queryValue = fc.oneof(
      digits,
      fc.integer({ min: -5, max: 2000 }).map(String),
      fc.constantFrom('true', 'false', 'Completed', 'Assigned', ...known),
      hex(40).map((h) => `0x${h}`),
      anyText,
    );
    const body = fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 2 },
      fc.json({ maxDepth: 3 }),
      fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
      fc
        .record(
          {
            endpoint: fc.oneof(fc.webUrl(), anyText),
            hourlyRate: fc.oneof(digits, anyText),
            active: fc.oneof(fc.boolean(), anyText),
          },
          { requiredKeys: [] },
        )
        .map((o) => JSON.stringify(o)),
    );

    const figures: string[] = [];
    for (const route of routes) {
      const request = fc.record({
        params: fc.tuple(...route.pathParams.map(() => paramValue)),
        query: fc.oneof(
          fc
            .tuple(
              fc.dictionary(fc.constantFrom(...route.queryParams, 'limit'), queryValue, {
                maxKeys: 4,
              }),
              fc.dictionary(anyText, anyText, { maxKeys: 2 }),
            )
            .map(([k, e]) => new URLSearchParams({ ...e, ...k }).toString()),
          fc.string({ maxLength: 60 }).map((raw) => encodeURI(raw).replace(/#/g, '')),
        ),
        headers,
        body: route.method === 'get' ? fc.constant(undefined) : body,
      });
      const statuses = new Map<number, number>();
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          let i = 0;
          const path = route.path.replace(/\{\w+\}/g, () => encodeURIComponent(r.params[i++]!));
          const url = r.query === '' ? path : `${path}?${r.query}`;
          const res = await app.inject({
            method: route.method.toUpperCase() as 'GET',
            url,
            headers: Object.fromEntries(
              Object.entries(r.headers).filter(([, v]) => v !== undefined),
            ) as Record<string, string>,
            ...(r.body === undefined ? {} : { payload: r.body }),
            ...(route.isStream ? { payloadAsStream: true } : {}),
          });
          const isError = res.statusCode >= 400;
          let text = '';
          if (route.isStream) {
            text = isError ? await readAll(res.stream()) : '';
            res.stream().destroy();
          } else {
            text = res.body;
          }
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          expect(res.statusCode).toBeLessThan(500);
          if (isError) {
            const error = (JSON.parse(text) as { error: Record<string, unknown> }).error;
            expect(typeof error['code']).toBe('string');
            expect(typeof error['message']).toBe('string');
            expect(error['errorId']).toMatch(/^[0-9a-f-]{36}$/);
          }
        }),
        { numRuns: RUNS },
      );
      figures.push(
        `${route.method.toUpperCase().padEnd(6)} ${route.path.padEnd(28)} ${RUNS} cases ${String(Date.now() - started).padStart(6)} ms  ${[
          ...statuses,
        ]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
      );
    }
    process.stdout.write(`API fuzz (${routes.length} routes):\n${figures.join('\n')}\n`);
  }, 3_600_000);
});
