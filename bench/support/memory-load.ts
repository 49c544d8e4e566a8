/** The memory bench's API load: GET /jobs/:id over random ids and GET /jobs pages, keep-alive. */
import { Agent, request } from 'node:http';
import type { BenchService } from './service-child';

function get(agent: Agent, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rssSamples: readonly number[];
  readonly pages: number;
}

/**
 * `total` requests from `concurrency` keep-alive connections, or fewer if `maxMs` passes first;
 * RSS sampled every 250 ms.
 */
export async function apiLoad(
  service: BenchService,
  jobs: number,
  total: number,
  concurrency: number,
  maxMs: number,
): Promise<LoadResult> {
  const deadline = Date.now() + maxMs;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const rssSamples: number[] = [];
  const sampler = setInterval(() => rssSamples.push(service.rssBytes()), 250);
  let next = 0;
  let pages = 0;
  let cursor: string | null = null;
  let done = 0;
  const worker = async () => {
    for (let index = next++; index < total && Date.now() < deadline; index = next++) {
      if (index % 10 === 9) {
        const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
        const res = await get(agent, `${service.url}/jobs?limit=50${query}`);
        if (res.status !== 200) {
          throw new Error(`GET /jobs answered ${res.status}: ${res.body.slice(0, 300)}`);
        }
        cursor = (JSON.parse(res.body) as { nextCursor: string | null }).nextCursor;
        pages++;
      } else {
        const id = 1 + Math.floor(Math.random() * jobs);
        const res = await get(agent, `${service.url}/jobs/${id}`);
        if (res.status !== 200) {
          throw new Error(`GET /jobs/${id} answered ${res.status}: ${res.body.slice(0, 300)}`);
        }
      }
      done++;
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    clearInterval(sampler);
    agent.destroy();
  }
  return { requests: done, seconds: (performance.now() - started) / 1000, rssSamples, pages };
}
