import { connect, type Socket } from 'node:net';
import type { Logger } from '../shared';
import { Secret } from '../shared/secret';
import { startApiServer, type ApiServer } from './api-server';
import { mintApiToken } from './auth';
import { FakeApiWorld, TEST_API_CONFIG } from './testing/fake-api-dependencies';
import { waitFor } from '../../test/support/wait-for';

const SECRET = new Secret('PAWCjnT9T7qIyaQWHtBA4NkgY1x-08IbH2WrjIHXCeM');
/** Generous: the server's timeouts are a second or less; this only bounds a broken server. */
const CLOSE_MS = 20_000;

/** A raw connection: what the server sent, and a promise of that text once it closed the socket. */
function open(server: ApiServer, send = ''): { socket: Socket; closed: Promise<string> } {
  const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (text += chunk));
  const closed = new Promise<string>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
  });
  if (send !== '') {
    socket.write(send);
  }
  return { socket, closed };
}

function statusLine(text: string): string {
  return text.split('\r\n')[0] ?? '';
}

class ListLogger implements Logger {
  readonly lines: string[] = [];
  debug = (msg: string) => void this.lines.push(msg);
  info = (msg: string) => void this.lines.push(msg);
  warn = (msg: string) => void this.lines.push(msg);
  error = (msg: string) => void this.lines.push(msg);
  child = () => this;
}

describe('slow clients are cut off', () => {
  let server: ApiServer;

  beforeAll(async () => {
    server = await startApiServer(new FakeApiWorld().deps(), {
      ...TEST_API_CONFIG,
      logLevel: 'error',
      jwtSecret: SECRET,
      connectionLimits: {
        headersTimeoutMs: 500,
        requestTimeoutMs: 1_000,
        keepAliveTimeoutMs: 5_000,
        maxConnections: 100,
      },
    });
  });
  afterAll(() => server.close());

  it(
    'answers 408 and closes a body that stops arriving, even one with a valid token',
    async () => {
      const token = mintApiToken(SECRET, {
        sub: 'ops',
        scopes: ['provider:write'],
        ttlSeconds: 60,
      });
      const { closed } = open(
        server,
        [
          'PATCH /provider HTTP/1.1',
          'host: 127.0.0.1',
          'content-type: application/json',
          'content-length: 60000',
          `authorization: Bearer ${token}`,
          '',
          '{',
        ].join('\r\n'),
      );
      expect(statusLine(await closed)).toBe('HTTP/1.1 408 Request Timeout');
    },
    CLOSE_MS,
  );

  it(
    'answers 408 and closes headers that stop arriving',
    async () => {
      const { closed } = open(server, 'GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: 1');
      expect(statusLine(await closed)).toBe('HTTP/1.1 408 Request Timeout');
    },
    CLOSE_MS,
  );

  it(
    'closes a connection that never sends a byte',
    async () => {
      const { closed } = open(server);
      await closed;
    },
    CLOSE_MS,
  );
});

describe('HTTP_MAX_CONNECTIONS', () => {
  const log = new ListLogger();
  let server: ApiServer;

  beforeAll(async () => {
    server = await startApiServer(new FakeApiWorld().deps({ log }), {
      ...TEST_API_CONFIG,
      logLevel: 'error',
      connectionLimits: {
        headersTimeoutMs: 60_000,
        requestTimeoutMs: 60_000,
        keepAliveTimeoutMs: 5_000,
        maxConnections: 4,
      },
    });
  });
  afterAll(() => server.close());

  function connections(): Promise<number> {
    return new Promise((resolve, reject) =>
      server.app
        .getHttpServer()
        .getConnections((err, count) => (err ? reject(err) : resolve(count))),
    );
  }

  it(
    'closes connections beyond the cap at once, logs it, and serves again once they are gone',
    async () => {
      const held = [open(server), open(server), open(server), open(server)];
      await waitFor(async () => (await connections()) === 4, CLOSE_MS, 'four connections');
      const extra = [open(server), open(server), open(server)];
      const answers = await Promise.all(extra.map((c) => c.closed));
      expect(answers).toEqual(['', '', '']);
      expect(await connections()).toBe(4);
      expect(log.lines).toContain('connection refused: HTTP_MAX_CONNECTIONS open');

      for (const { socket } of held) {
        socket.destroy();
      }
      await waitFor(async () => (await connections()) === 0, CLOSE_MS, 'no connections');
      const res = await fetch(`${server.url}/health`, { headers: { connection: 'close' } });
      expect(res.status).toBe(200);
    },
    CLOSE_MS,
  );
});
