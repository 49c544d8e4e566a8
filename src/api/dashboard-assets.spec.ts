import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { DASHBOARD_CSP, registerDashboard } from './dashboard-assets';

describe('the dashboard assets', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dashboard-assets-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1);');
    writeFileSync(join(dir, 'app.css'), 'body{}');
    writeFileSync(join(dir, 'notes.txt'), 'not served');
    app = Fastify();
    registerDashboard(app, dir);
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / with a same-origin content security policy', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<title>t</title>');
    expect(res.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("connect-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves the bundle files under /dashboard/ with their types, and a 304 for a known etag', async () => {
    const js = await app.inject({ url: '/dashboard/app.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log(1);');
    const again = await app.inject({
      url: '/dashboard/app.js',
      headers: { 'if-none-match': String(js.headers['etag']) },
    });
    expect(again.statusCode).toBe(304);
    expect((await app.inject({ url: '/dashboard/app.css' })).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );
  });

  it('serves nothing else: unknown types, other paths and traversal attempts are 404', async () => {
    for (const url of [
      '/dashboard/notes.txt',
      '/dashboard/missing.js',
      '/dashboard/../package.json',
      '/dashboard/%2e%2e/package.json',
      '/dashboard/index.html/..',
    ]) {
      expect((await app.inject({ url })).statusCode).toBe(404);
    }
  });

  it('says how to build the dashboard when there is none', async () => {
    const bare = Fastify();
    registerDashboard(bare, null);
    const res = await bare.inject({ url: '/' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('npm run build');
    await bare.close();
  });
});
