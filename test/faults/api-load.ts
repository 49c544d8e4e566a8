import { pauseUnless } from './job-traffic';
import type { ServiceHttp } from './service-http';

/** Read routes a client or the dashboard uses; `:id` is a job the harness submitted. */
const ROUTES = [
  '/health',
  '/ready',
  '/status',
  '/stats',
  '/stats/pipeline?minutes=30',
  '/stats/money',
  '/metrics',
  '/contracts',
  '/events?limit=50',
  '/quarantine?limit=20',
  '/jobs?limit=20',
  '/jobs/:id',
  '/jobs/:id/status',
  '/jobs/:id/result',
  '/jobs/:id/timeline',
  '/jobs/:id/attestation',
  '/jobs/:id/settlement',
  '/jobs/:id/providers',
  '/api/jobs/:id',
  '/api/jobs/:id/attestation',
  '/api/jobs?owner=:owner',
  '/api/providers',
  '/api/data-nfts',
  '/api/phala/status',
  '/api/mev/savings',
  '/provider',
  '/confidential-key',
];

/** Requests a careless or hostile client sends: each must get a 4xx, never a 5xx. */
const MALFORMED = [
  '/jobs/not-a-number',
  '/jobs/340282366920938463463374607431768211456',
  '/jobs/-1/result',
  '/events?limit=-5',
  '/events?cursor=%00%ff',
  '/jobs?status=Exploded',
  '/jobs?cursor=@@@',
  '/api/jobs?owner=0xnothex',
  '/jobs/1/providers?estimatedSeconds=1e309',
  '/content/sha256:abc',
];

/**
 * Steady read load on every live instance (about `perSecond` requests a second in all), through
 * the counting client: its 5xx answers and any secret in a body end up in the report.
 */
export class ApiLoad {
  private stopped = true;
  private loop: Promise<void> = Promise.resolve();
  private turn = 0;

  constructor(
    private readonly http: ServiceHttp,
    private readonly urls: () => readonly string[],
    private readonly jobIds: () => readonly { id: bigint; owner: string }[],
    private readonly random: () => number,
    private readonly perSecond: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const began = Date.now();
      const urls = this.urls();
      if (urls.length > 0) {
        const url = urls[this.turn % urls.length]!;
        await this.http.get(url, this.nextPath());
      }
      this.turn++;
      await pauseUnless(() => this.stopped, 1000 / this.perSecond - (Date.now() - began));
    }
  }

  private nextPath(): string {
    if (this.turn % 10 === 9) {
      return MALFORMED[Math.floor(this.random() * MALFORMED.length)]!;
    }
    const jobs = this.jobIds();
    const route = ROUTES[Math.floor(this.random() * ROUTES.length)]!;
    const job = jobs[Math.floor(this.random() * jobs.length)] ?? {
      id: 1n,
      owner: '0x' + '0'.repeat(40),
    };
    return route.replace(':id', job.id.toString()).replace(':owner', job.owner);
  }
}
