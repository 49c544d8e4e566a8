import { connect } from 'node:net';
import { Secret } from '../shared/secret';
import { startApiServer, type ApiServer } from './api-server';
import { mintApiToken, type ApiScope } from './auth';
import { FakeApiWorld, TEST_API_CONFIG } from './testing/fake-api-dependencies';

const SECRET = new Secret('7ZGJtxZbJIasNsUuQ9ichYFI7ygJsxl9cE2xgF9b-9g');
/** Every route that needs a token and takes a body (a JSON one, or any bytes for /content). */
const WRITES: readonly (readonly [method: string, path: string, scope: ApiScope])[] = [
  ['POST', '/content', 'content:write'],
  ['PATCH', '/provider', 'provider:write'],
  ['POST', '/jobs/1/retry', 'jobs:operate'],
  ['POST', '/jobs/1/cancel', 'jobs:operate'],
];

interface Answer {
  status: number;
  head: string;
}

function token(scopes: ApiScope[]): string {
  return mintApiToken(SECRET, { sub: 'spec', scopes, ttlSeconds: 600 });
}

/**
 * Announces a 60,000-byte body, sends 16 bytes of it and never more; resolves once the server has
 * closed the connection, with what it answered. A server that waits for the rest never resolves.
 */
function unfinishedBody(server: ApiServer, method: string, path: string, bearer?: string) {
  const { port } = new URL(server.url);
  return new Promise<Answer>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const head = text.split('\r\n\r\n')[0] ?? '';
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head });
    });
    socket.write(
      [
        `${method} ${path} HTTP/1.1`,
        'host: 127.0.0.1',
        'content-type: application/json',
        'content-length: 60000',
        ...(bearer === undefined ? [] : [`authorization: Bearer ${bearer}`]),
        '',
        '{"endpoint": "ht',
      ].join('\r\n'),
    );
  });
}

async function statusOf(
  server: ApiServer,
  method: string,
  path: string,
  bearer?: string,
  body = '{}',
) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
    },
    body,
  });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
}

describe('routes that need a token check it before they read the body', () => {
  let server: ApiServer;

  beforeAll(async () => {
    server = await startApiServer(new FakeApiWorld().deps(), {
      ...TEST_API_CONFIG,
      logLevel: 'error',
      jwtSecret: SECRET,
    });
  });
  afterAll(() => server.close());

  it.each(WRITES)(
    '%s %s: 401 to an unfinished body without a token, and the connection closed',
    async (method, path) => {
      const answer = await unfinishedBody(server, method, path);
      expect(answer.status).toBe(401);
      expect(answer.head).toMatch(/^www-authenticate: Bearer/im);
      expect(answer.head).toMatch(/^connection: close/im);
    },
    20_000,
  );

  it.each(WRITES)(
    '%s %s: 403 to an unfinished body whose token lacks the scope',
    async (method, path, scope) => {
      const other: ApiScope = scope === 'jobs:operate' ? 'content:read' : 'jobs:operate';
      const answer = await unfinishedBody(server, method, path, token([other]));
      expect(answer.status).toBe(403);
    },
    20_000,
  );
});

describe('API_RATE_LIMIT counts the requests the token check refuses, once each', () => {
  let server: ApiServer;

  beforeAll(async () => {
    server = await startApiServer(new FakeApiWorld().deps(), {
      ...TEST_API_CONFIG,
      logLevel: 'error',
      jwtSecret: SECRET,
      rateLimitPerMinute: 2,
    });
  });
  afterAll(() => server.close());

  it('answers 429 with Retry-After to the third upload without a token in a minute', async () => {
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(await statusOf(server, 'POST', '/content'));
    }
    expect(answers.map((a) => a.status)).toEqual([401, 401, 429]);
    expect(Number(answers[2]!.retryAfter)).toBeGreaterThan(0);
  });

  it('counts an authorized request once, not once per check', async () => {
    const ops = token(['provider:write']);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      // no provider profile in this world: 404 once authorized
      statuses.push((await statusOf(server, 'PATCH', '/provider', ops, '{"active":true}')).status);
    }
    expect(statuses).toEqual([404, 404, 429]);
  });
});
