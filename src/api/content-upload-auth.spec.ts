import { request, type IncomingMessage } from 'node:http';
import { Secret } from '../shared/secret';
import { startApiServer, type ApiServer } from './api-server';
import { mintApiToken } from './auth/api-tokens';
import { FakeApiWorld, TEST_API_CONFIG } from './testing/fake-api-dependencies';

const SECRET = new Secret('7ZGJtxZbJIasNsUuQ9ichYFI7ygJsxl9cE2xgF9b-9g');

/** Starts an upload that announces `length` bytes, sends 16 and never finishes the body. */
function unfinishedUpload(url: string, length: number, token?: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/content`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(length),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
    });
    req.on('response', (res) => {
      res.resume();
      req.destroy();
      resolve(res);
    });
    req.on('error', reject);
    req.write(Buffer.alloc(16));
  });
}

describe('POST /content authorizes before it reads the body', () => {
  let server: ApiServer;

  beforeAll(async () => {
    server = await startApiServer(new FakeApiWorld().deps(), {
      ...TEST_API_CONFIG,
      logLevel: 'error',
      jwtSecret: SECRET,
    });
  });
  afterAll(() => server.close());

  it('answers 401 to an unfinished upload without a token', async () => {
    const res = await unfinishedUpload(server.url, 1_000_000);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('answers 403 to an unfinished upload whose token lacks content:write', async () => {
    const token = mintApiToken(SECRET, { sub: 'ops', scopes: ['jobs:operate'], ttlSeconds: 60 });
    const res = await unfinishedUpload(server.url, 1_000_000, token);
    expect(res.statusCode).toBe(403);
  });
});
