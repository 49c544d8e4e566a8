import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where the built dashboard's assets are served; `/` serves its index.html. */
export const DASHBOARD_ASSET_PREFIX = '/dashboard/';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/**
 * Everything comes from this origin (no request leaves it); the attestation verifier compiles its
 * WebAssembly, hence 'wasm-unsafe-eval'. Inline scripts and styles are refused.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
}

/**
 * The built dashboard beside the code: `dist/dashboard` seen from the compiled `dist/src/api`, or
 * from the sources (`src/api`, under tsx) once `npm run build` ran. Null when it is not built.
 */
export function locateDashboardBundle(): string | null {
  const candidates = [
    resolve(__dirname, '../../dashboard'),
    resolve(__dirname, '../../dist/dashboard'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the dashboard: `GET /` its index.html, `GET /dashboard/<file>` the other files of `dir`
 * (flat, read once into memory: a fixed set of routes, so no path ever reaches the file system).
 * Without a bundle, `/` answers 404 with how to build it.
 */
export function registerDashboard(fastify: FastifyInstance, dir: string | null): void {
  const assets = dir === null ? new Map<string, Asset>() : readAssets(dir);
  const index = assets.get('index.html');
  fastify.get('/', (request, reply) => {
    if (index === undefined) {
      return reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .send('The dashboard is not built: run `npm run build`, then restart the service.\n');
    }
    return send(request, reply, index);
  });
  for (const [name, asset] of assets) {
    if (name !== 'index.html') {
      fastify.get(`${DASHBOARD_ASSET_PREFIX}${name}`, (request, reply) =>
        send(request, reply, asset),
      );
    }
  }
}

function readAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(dir)) {
    return assets;
  }
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType === undefined || !/^[\w.-]+$/.test(name) || !statSync(path).isFile()) {
      continue;
    }
    const body = readFileSync(path);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    assets.set(name, { body, contentType, etag });
  }
  return assets;
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset): FastifyReply {
  void reply
    .header('content-security-policy', DASHBOARD_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache')
    .header('etag', asset.etag);
  if (request.headers['if-none-match'] === asset.etag) {
    return reply.code(304).send();
  }
  return reply.type(asset.contentType).send(asset.body);
}
