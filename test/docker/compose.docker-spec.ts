import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { docker, dockerTierSettings, run, uniqueName, type RunResult } from './docker-cli';
import { readJobOnChain } from './job-on-chain';
import { waitForCompletedJob, waitForJobCompleted, type ListedJob } from './service-api';

/**
 * Both compose files as users run them, each as its own project with its own volumes, PostgreSQL
 * from POSTGRES_IMAGE and the service from the image the tier built (never rebuilt here):
 * - `docker compose up`: the service on PostgreSQL with its bundled devnet and demo traffic;
 * - `docker-compose -f docker-compose.prod.yml up -d` (the seed's command): NODE_ENV=production,
 *   following a chain over RPC_URL, here a devnet in another container (test/docker/prod-chain.compose.yml).
 */
const REPO = path.resolve(__dirname, '../..');
const { image, postgresImage } = dockerTierSettings();
/** `up --wait`: PostgreSQL's first start, the devnet, the service's healthcheck. */
const UP_S = 300;
const JOB_MS = 4 * 60_000;

/** A compose project: its command line (either spelling) with the files and the project name. */
class ComposeProject {
  readonly name = uniqueName('polkamesh-test');

  constructor(
    private readonly command: readonly string[],
    private readonly files: readonly string[],
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  run(args: readonly string[], timeoutMs = 60_000): Promise<RunResult> {
    const [file = 'docker', ...prefix] = this.command;
    const fileArgs = this.files.flatMap((f) => ['-f', f]);
    return run(file, [...prefix, ...fileArgs, '-p', this.name, ...args], {
      cwd: REPO,
      env: { ...process.env, ...this.env },
      timeoutMs,
    });
  }

  async ok(args: readonly string[], timeoutMs?: number): Promise<string> {
    const result = await this.run(args, timeoutMs);
    if (result.code !== 0) {
      const logs = await this.run(['logs', '--no-color', '--tail', '80']).catch(() => undefined);
      throw new Error(
        `${this.command.join(' ')} ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}` +
          `\n--- logs\n${logs?.stdout ?? ''}`,
      );
    }
    return result.stdout.trim();
  }

  up(): Promise<string> {
    return this.ok(
      ['up', '--detach', '--no-build', '--wait', '--wait-timeout', String(UP_S)],
      (UP_S + 60) * 1000,
    );
  }

  async down(): Promise<void> {
    await this.run(['down', '--volumes', '--remove-orphans', '--timeout', '40'], 120_000);
  }

  async container(service: string): Promise<string> {
    return this.ok(['ps', '--quiet', service]);
  }

  async baseUrl(service: string): Promise<string> {
    const mapping = await this.ok(['port', service, '3000']);
    const match = /^127\.0\.0\.1:(\d+)$/m.exec(mapping);
    if (!match?.[1]) {
      throw new Error(`${service}: port 3000 is not published on 127.0.0.1 only: ${mapping}`);
    }
    return `http://127.0.0.1:${match[1]}`;
  }

  /** The job's row as the service stored it in PostgreSQL. */
  async storedJob(id: string): Promise<string> {
    return this.ok([
      'exec',
      '-T',
      'postgres',
      'psql',
      '-U',
      'polkamesh',
      '-d',
      'polkamesh',
      '-tA',
      '-c',
      `select status || ' ' || result_hash from queue_jobs where job_id = '${BigInt(id)}'`,
    ]);
  }
}

const imageEnv = {
  POLKAMESH_IMAGE: image,
  POSTGRES_IMAGE: postgresImage,
  // a free port, on 127.0.0.1 only (the files' default bind address)
  POLKAMESH_PORT: '0',
};

async function expectCompletedEverywhere(
  project: ComposeProject,
  job: ListedJob,
  chainContainer: string,
): Promise<void> {
  expect(job).toMatchObject({ status: 'Completed' });
  expect(job.resultHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(job.completedBy).toBe(job.assignedProvider);
  expect(await project.storedJob(job.id)).toBe(`Completed ${job.resultHash}`);
  const onChain = await readJobOnChain(chainContainer, job);
  expect(onChain.job).toMatchObject({ status: 'Completed' });
  expect(onChain.outcome).toMatchObject({
    status: 'Completed',
    resultHash: job.resultHash,
    provider: job.completedBy,
  });
}

describe('`docker compose up`: the service on PostgreSQL with its bundled devnet', () => {
  const project = new ComposeProject(['docker', 'compose'], ['docker-compose.yml'], imageEnv);

  afterAll(() => project.down());

  it('is valid, with and without the devnet profile', async () => {
    expect((await project.run(['config', '--quiet'])).code).toBe(0);
    const withDevnet = await project.run(['--profile', 'devnet', 'config', '--services']);
    expect(withDevnet.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'devnet',
      'polkamesh',
      'postgres',
    ]);
  });

  it(
    'starts healthy and works a demo job to Completed in PostgreSQL and on-chain',
    async () => {
      await project.up();
      const baseUrl = await project.baseUrl('polkamesh');
      const job = await waitForCompletedJob(baseUrl, JOB_MS);
      await expectCompletedEverywhere(project, job, await project.container('polkamesh'));
    },
    (UP_S + 120) * 1000 + JOB_MS,
  );
});

describe('`docker-compose -f docker-compose.prod.yml up -d`: production, following a chain', () => {
  const project = new ComposeProject(
    ['docker-compose'],
    ['docker-compose.prod.yml', 'test/docker/prod-chain.compose.yml'],
    {
      ...imageEnv,
      RPC_URL: 'ws://devnet:9944',
      POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
      JWT_SECRET: randomBytes(24).toString('hex'),
    },
  );

  afterAll(() => project.down());

  it('is valid, and refuses to start without RPC_URL', async () => {
    const result = await project.run(['config', '--quiet'], 30_000);
    expect(result.code).toBe(0);
    const withoutRpc = new ComposeProject(['docker-compose'], ['docker-compose.prod.yml'], {
      ...imageEnv,
      POSTGRES_PASSWORD: 'x',
      RPC_URL: '',
    });
    const refused = await withoutRpc.run(['config', '--quiet'], 30_000);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/set RPC_URL/);
  });

  it(
    'follows the devnet in another container and works a job a user submits there',
    async () => {
      await project.up();
      const devnet = await project.container('devnet');
      // a user story on the chain, not in the service: job submitted, funded, assigned to //Charlie
      const story = await docker(
        [
          'exec',
          devnet,
          'node',
          'dist/cli/main.js',
          'demo',
          '--once',
          '--rpc',
          'ws://127.0.0.1:9944',
        ],
        { timeoutMs: 180_000 },
      );
      const id = /^job (\d+) submitted/m.exec(story)?.[1];
      expect(id).toBeDefined();
      const baseUrl = await project.baseUrl('polkamesh');
      const job = await waitForJobCompleted(baseUrl, id ?? '', JOB_MS);
      await expectCompletedEverywhere(project, job, devnet);
      expect(
        await docker(['exec', await project.container('polkamesh'), 'printenv', 'NODE_ENV']),
      ).toBe('production');
    },
    (UP_S + 300) * 1000 + JOB_MS,
  );
});
