import {
  docker,
  dockerTierSettings,
  inspect,
  processUids,
  publishedPort,
  report,
  uniqueName,
  waitForHealthy,
} from './docker-cli';
import { readJobOnChain } from './job-on-chain';
import { getJson, waitForCompletedJob, waitForHealth, type ListedJob } from './service-api';

/**
 * The image as a user runs it: `docker run` with no configuration starts the bundled devnet, the
 * service on SQLite and demo traffic inside the container, like `npm start`; the data lives in the
 * /app/data volume. The tier script built the image (scripts/docker/test-tier.sh).
 */
const { image, reportFile } = dockerTierSettings();
/** The container's start: devnet genesis and contract deployment, then the service. */
const START_MS = 4 * 60_000;
/** From the service running to a demo job Completed: the `npm start` test allows a minute on the
 * host; a container on a loaded CI runner gets more. */
const DEMO_JOB_MS = 4 * 60_000;
/** The service's default SHUTDOWN_DRAIN_MS, in seconds: `docker stop`'s grace period here. */
const DRAIN_S = 30;

describe('the image, run with no configuration (`docker run`)', () => {
  const volume = uniqueName('polkamesh-test-data');
  const containers: string[] = [];
  let completed: ListedJob;

  /** `docker run -d`, the API published on a free 127.0.0.1 port, the data in `volume`. */
  async function runContainer(): Promise<{ name: string; baseUrl: string }> {
    const name = uniqueName('polkamesh-test');
    containers.push(name);
    await docker([
      'run',
      '-d',
      '--name',
      name,
      '-p',
      '127.0.0.1::3000',
      '-v',
      `${volume}:/app/data`,
      image,
    ]);
    return { name, baseUrl: `http://127.0.0.1:${await publishedPort(name, 3000)}` };
  }

  afterAll(async () => {
    for (const name of containers) {
      await docker(['rm', '--force', '--volumes', name]).catch(() => undefined);
    }
    await docker(['volume', 'rm', '--force', volume]).catch(() => undefined);
  });

  it('carries no compilers, no dev dependencies and no native binaries of other platforms', async () => {
    const bytes = Number(await docker(['image', 'inspect', '--format', '{{.Size}}', image]));
    await report(reportFile, `image size (${image})`, `${(bytes / 1e6).toFixed(0)} MB`);
    const found = await docker(
      [
        'run',
        '--rm',
        '--entrypoint',
        'sh',
        image,
        '-c',
        'for t in gcc g++ cc make python3; do command -v "$t" || true; done;' +
          ' for m in typescript jest eslint @swc/core tsx; do [ -e "node_modules/$m" ] && echo "$m"; done;' +
          ' cd node_modules/onnxruntime-node/bin && echo napi-v*/*/*',
      ],
      { timeoutMs: 60_000 },
    );
    // no compiler and no dev dependency printed; onnxruntime's binaries for this system only
    expect(found.split('\n')).toEqual([`napi-v6/linux/${process.arch}`]);
  });

  describe('the first start', () => {
    let name: string;
    let baseUrl: string;

    it(
      'answers /health and works a demo job to Completed, on-chain, as `npm start` does',
      async () => {
        const startedAt = Date.now();
        ({ name, baseUrl } = await runContainer());
        await waitForHealth(baseUrl, START_MS);
        completed = await waitForCompletedJob(baseUrl, DEMO_JOB_MS);
        await report(
          reportFile,
          '`docker run` to a demo job Completed',
          `${((Date.now() - startedAt) / 1000).toFixed(0)} s`,
        );
        expect(completed).toMatchObject({ status: 'Completed', modelRef: 'ocr:pp-ocrv4' });
        // the OCR model ran in the container (onnxruntime-node): its output's digest is the result
        expect(completed.resultHash).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(completed.completedBy).toBe(completed.assignedProvider);

        const onChain = await readJobOnChain(name, completed);
        expect(onChain.job).toMatchObject({ status: 'Completed' });
        expect(onChain.outcome).toMatchObject({
          status: 'Completed',
          resultHash: completed.resultHash,
          provider: completed.completedBy,
        });
        const status = await getJson<{ quarantined: number }>(`${baseUrl}/status`);
        expect(status.quarantined).toBe(0);
      },
      START_MS + DEMO_JOB_MS + 3 * 60_000,
    );

    it('runs as a non-root user', async () => {
      expect(await inspect(name, '{{.Config.User}}')).toBe('node');
      const uids = await processUids(name);
      expect(uids.length).toBeGreaterThan(0);
      expect(uids.filter((uid) => uid === 0)).toEqual([]);
    });

    it(
      'turns healthy by its HEALTHCHECK',
      async () => {
        // interval 15 s, start period 60 s: the first passing check marks it healthy
        await waitForHealthy(name, 3 * 60_000);
      },
      4 * 60_000,
    );

    it(
      '`docker stop` drains and exits 0 within the drain time',
      async () => {
        // SIGTERM via tini; Docker sends SIGKILL (exit 137) once DRAIN_S have passed
        await docker(['stop', '--time', String(DRAIN_S), name], {
          timeoutMs: (DRAIN_S + 30) * 1000,
        });
        expect(await inspect(name, '{{.State.ExitCode}} {{.State.OOMKilled}}')).toBe('0 false');
        const logs = await docker(['logs', name]);
        expect(logs).toMatch(
          new RegExp(
            `\\nSIGTERM: stopping\\ndraining up to ${DRAIN_S * 1000} ms[^]*\\nstopped\\n?$`,
          ),
        );
      },
      (DRAIN_S + 60) * 1000,
    );
  });

  it(
    'keeps the database and the devnet state in its volume across a restart',
    async () => {
      // the SQLite file in the volume, read before any service starts again
      const row = await docker([
        'run',
        '--rm',
        '-v',
        `${volume}:/app/data`,
        '--entrypoint',
        'node',
        image,
        '-e',
        "const db = new (require('better-sqlite3'))('data/polkamesh.db', { readonly: true });" +
          "console.log(JSON.stringify(db.prepare('select status, result_hash from queue_jobs where job_id = ?').get(process.argv[1])));",
        completed.id,
      ]);
      expect(JSON.parse(row)).toEqual({ status: 'Completed', result_hash: completed.resultHash });

      const { name, baseUrl } = await runContainer();
      await waitForHealth(baseUrl, START_MS);
      const again = await getJson<ListedJob>(`${baseUrl}/jobs/${completed.id}`);
      expect(again).toMatchObject({
        id: completed.id,
        status: 'Completed',
        resultHash: completed.resultHash,
        completedBy: completed.completedBy,
      });
      // …and the chain from the devnet's state file: the same job, still Completed on-chain
      expect(await docker(['logs', name])).toMatch(
        /devnet running at .*state: \.\/data\/devnet-state\.bin/,
      );
      const onChain = await readJobOnChain(name, completed);
      expect(onChain.job).toMatchObject({ status: 'Completed' });
      expect(onChain.outcome.resultHash).toBe(completed.resultHash);
    },
    START_MS + 3 * 60_000,
  );
});
