import { loadConfig } from '../config';
import { startApiServer, type ApiServer } from './api-server';
import { FakeApiWorld, TEST_API_CONFIG } from './testing/fake-api-dependencies';

const ORIGINS = loadConfig({}).http.frontendOrigins;

/** A browser's preflight for an authenticated JSON PATCH. */
function preflight(server: ApiServer, origin: string, method = 'PATCH') {
  return fetch(`${server.url}/provider`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization,content-type',
    },
  });
}

describe('CORS', () => {
  let server: ApiServer;

  beforeAll(async () => {
    server = await startApiServer(new FakeApiWorld().deps(), {
      ...TEST_API_CONFIG,
      logLevel: 'error',
      frontendOrigins: ORIGINS,
    });
  });
  afterAll(() => server.close());

  it('defaults FRONTEND_URL to the frontend on localhost and on 127.0.0.1', () => {
    expect(ORIGINS).toEqual(['http://localhost:3001', 'http://127.0.0.1:3001']);
  });

  it.each(ORIGINS)('lets %s PATCH with a bearer token and a JSON body', async (origin) => {
    const res = await preflight(server, origin);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const methods = res.headers.get('access-control-allow-methods')?.split(/,\s*/) ?? [];
    expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH']));
    const headers = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    expect(headers.split(/,\s*/)).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-polkamesh-owner-signature']),
    );
  });

  it('gives another origin no CORS grant', async () => {
    for (const origin of [
      'http://evil.example',
      'http://localhost:3002',
      'https://localhost:3001',
    ]) {
      const res = await preflight(server, origin);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const get = await fetch(`${server.url}/health`, { headers: { origin } });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
    }
    const allowed = await fetch(`${server.url}/health`, { headers: { origin: ORIGINS[1]! } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGINS[1]);
  });
});
