import { InvalidArgumentError } from 'commander';
import type { FetchLike, HealthView, ReadyView, StatusView } from './service-snapshot';
import { parseServiceUrl, runStatus } from './status-command';
import { formatStatusSummary } from './status-summary';

const STATUS: StatusView = {
  chain: { finalizedHead: { number: '41', hash: '0x49' } },
  cursors: {
    best: { number: '43', hash: '0xc0' },
    finalized: { number: '41', hash: '0x4908a1e97a61c3fb', updatedAt: '2026-11-27T10:55:16.690Z' },
  },
  lagBlocks: 0,
  database: { isReachable: true },
  endpoints: [
    {
      endpoint: 'ws://127.0.0.1:9944',
      status: 'connected',
      isActive: true,
      isTrusted: true,
      score: 100,
      latencyMs: 1,
    },
  ],
  events: { total: 19, final: 18, tentative: 1 },
  quarantined: 0,
};
const HEALTH: HealthView = {
  status: 'ok',
  uptime: 3725,
  performance: { totalJobs: 3, successRate: '66.7%', avgProcessingTime: '4.0s' },
};
const READY: ReadyView = { status: 'ready', reasons: [], lagBlocks: 0, maxLagBlocks: 50 };
const NOT_READY: ReadyView = {
  status: 'not_ready',
  reasons: [{ code: 'FINALITY_LAG', message: 'the finalized cursor trails by 80 blocks' }],
  lagBlocks: 80,
  maxLagBlocks: 50,
};

/** A service answering from fixed bodies; a path missing from `routes` answers 404. */
function fakeService(routes: Record<string, { code: number; body: unknown }>): {
  fetch: FetchLike;
  urls: string[];
} {
  const urls: string[] = [];
  return {
    urls,
    fetch: (url) => {
      urls.push(url);
      const route = routes[new URL(url).pathname] ?? { code: 404, body: { error: {} } };
      return Promise.resolve(
        new Response(JSON.stringify(route.body), {
          status: route.code,
          headers: { 'content-type': 'application/json' },
        }),
      );
    },
  };
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { write: (t: string) => out.push(t), writeError: (t: string) => err.push(t) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

const OPTIONS = { url: 'http://127.0.0.1:3000', timeout: 1000 };

describe('runStatus', () => {
  it('prints a summary of a ready service and exits 0', async () => {
    const service = fakeService({
      '/status': { code: 200, body: STATUS },
      '/health': { code: 200, body: HEALTH },
      '/ready': { code: 200, body: READY },
    });
    const { io, out } = capture();
    expect(await runStatus(OPTIONS, io, service.fetch)).toBe(0);
    expect(service.urls.sort()).toEqual([
      'http://127.0.0.1:3000/health',
      'http://127.0.0.1:3000/ready',
      'http://127.0.0.1:3000/stats',
      'http://127.0.0.1:3000/status',
    ]);
    expect(out()).toBe(
      [
        'service   http://127.0.0.1:3000: ok, ready',
        'uptime    1h 2m 5s',
        'chain     finalized head #41; cursor #41 (0x4908a1e9…); best cursor #43',
        'lag       0 blocks (ready while ≤ 50)',
        'database  reachable',
        'rpc       ws://127.0.0.1:9944 connected (active, score 100, 1 ms)',
        'jobs      3 submitted, success rate 66.7%, 4.0s from submission to completion',
        'events    19 stored (18 final, 1 tentative), 0 quarantined',
        '',
      ].join('\n'),
    );
  });

  it('exits 1 and names the reasons when /ready answers 503', async () => {
    const service = fakeService({
      '/status': { code: 200, body: { ...STATUS, lagBlocks: 80 } },
      '/health': { code: 200, body: { ...HEALTH, status: 'degraded' } },
      '/ready': { code: 503, body: NOT_READY },
    });
    const { io, out } = capture();
    expect(await runStatus(OPTIONS, io, service.fetch)).toBe(1);
    expect(out()).toContain(
      'degraded, NOT READY: FINALITY_LAG (the finalized cursor trails by 80 blocks)',
    );
    expect(out()).toContain('lag       80 blocks (ready while ≤ 50)');
  });

  it('prints the raw bodies as one JSON object with --json, /stats included when present', async () => {
    const stats = { jobs: { byStatus: { Registered: 1, Completed: 4 } } };
    const service = fakeService({
      '/status': { code: 200, body: STATUS },
      '/health': { code: 200, body: HEALTH },
      '/ready': { code: 200, body: READY },
      '/stats': { code: 200, body: stats },
    });
    const { io, out } = capture();
    expect(await runStatus({ ...OPTIONS, json: true }, io, service.fetch)).toBe(0);
    expect(JSON.parse(out())).toEqual({
      url: 'http://127.0.0.1:3000',
      status: STATUS,
      health: HEALTH,
      ready: READY,
      stats,
    });
  });

  it('exits 2 with the reason when the service cannot be reached', async () => {
    const refused: FetchLike = () =>
      Promise.reject(
        new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:3000') }),
      );
    const { io, out, err } = capture();
    expect(await runStatus(OPTIONS, io, refused)).toBe(2);
    expect(out()).toBe('');
    expect(err()).toMatch(/cannot reach http:\/\/127\.0\.0\.1:3000\/\w+: connect ECONNREFUSED/);
  });

  it('exits 2 when something else answers (a 404 for /status, or no JSON)', async () => {
    const notOurs = fakeService({ '/health': { code: 200, body: HEALTH } });
    const first = capture();
    expect(await runStatus(OPTIONS, first.io, notOurs.fetch)).toBe(2);
    expect(first.err()).toMatch(/answered HTTP 404/);

    const html: FetchLike = () => Promise.resolve(new Response('<html>', { status: 200 }));
    const second = capture();
    expect(await runStatus(OPTIONS, second.io, html)).toBe(2);
    expect(second.err()).toMatch(/did not answer JSON/);
  });
});

describe('formatStatusSummary', () => {
  const snapshot = { url: 'http://x', status: STATUS, health: HEALTH, ready: READY, stats: null };

  it('takes jobs by state from /stats when it has a map of counts', () => {
    const text = formatStatusSummary({
      ...snapshot,
      stats: { jobs: { byStatus: { Assigned: 1, Completed: 4 } }, events: 3 },
    });
    expect(text).toContain('jobs      Assigned 1, Completed 4\n');
    expect(text).toContain('stats     jobs, events (see --json)\n');
  });

  it('flags an untrusted endpoint, an unreachable database and a missing cursor', () => {
    const text = formatStatusSummary({
      ...snapshot,
      status: {
        ...STATUS,
        cursors: { best: null, finalized: null },
        lagBlocks: null,
        database: { isReachable: false },
        endpoints: [
          { ...STATUS.endpoints[0]!, isActive: false, isTrusted: false, latencyMs: null },
        ],
        events: null,
      },
      health: { status: 'ok', uptime: 59 },
    });
    expect(text).toContain('cursor none yet; best cursor none yet');
    expect(text).toContain('lag       unknown');
    expect(text).toContain('database  UNREACHABLE');
    expect(text).toContain('connected (untrusted, score 100)');
    expect(text).toContain('jobs      unknown (database unreachable)');
    expect(text).toContain('uptime    59s');
    expect(text).not.toContain('events');
  });
});

describe('parseServiceUrl', () => {
  it('accepts http(s) base URLs without a trailing slash', () => {
    expect(parseServiceUrl('http://127.0.0.1:3000/')).toBe('http://127.0.0.1:3000');
    expect(parseServiceUrl('https://api.example/polkamesh')).toBe('https://api.example/polkamesh');
  });

  it.each(['', 'localhost:3000', 'ws://127.0.0.1:3000', 'http://x/?a=1'])('refuses %j', (raw) => {
    expect(() => parseServiceUrl(raw)).toThrow(InvalidArgumentError);
  });
});
