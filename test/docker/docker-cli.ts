import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { waitFor } from '../support/wait-for';

/**
 * The Docker CLI for the Docker tier (scripts/docker/test-tier.sh sets its variables): every call
 * bounded by a timeout, every failure with the command's stderr in the message.
 */
export interface DockerTierSettings {
  /** the image under test, built by the tier script */
  image: string;
  /** the PostgreSQL image for the compose stacks (official or local) */
  postgresImage: string;
  /** where the figures of the run go (image size, time to a completed job), one per line */
  reportFile: string | undefined;
}

export function dockerTierSettings(): DockerTierSettings {
  const image = process.env['POLKAMESH_TEST_IMAGE'];
  const postgresImage = process.env['POLKAMESH_TEST_POSTGRES_IMAGE'];
  if (!image || !postgresImage) {
    throw new Error(
      'the Docker tier runs through scripts/docker/test-tier.sh (npm run test:docker), which builds' +
        ' the image and sets POLKAMESH_TEST_IMAGE and POLKAMESH_TEST_POSTGRES_IMAGE',
    );
  }
  return { image, postgresImage, reportFile: process.env['POLKAMESH_DOCKER_REPORT'] };
}

export interface RunOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** written to the command's stdin */
  input?: string;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Runs a command; resolves with its exit code and output whatever the code (timeouts reject). */
export function run(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      [...args],
      { timeout, env: options.env, cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err && err.killed) {
          reject(new Error(`${file} ${args.join(' ')}: no answer within ${timeout} ms\n${stderr}`));
          return;
        }
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** `docker …`; rejects unless it exits 0. */
export async function docker(args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await run('docker', args, options);
  if (result.code !== 0) {
    throw new Error(
      `docker ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout.trim();
}

/** A name no other run uses, for containers, volumes and compose projects. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** The 127.0.0.1 port Docker published for a container's port. */
export async function publishedPort(container: string, port: number): Promise<number> {
  const mapping = await docker(['port', container, `${port}/tcp`]);
  const match = /^127\.0\.0\.1:(\d+)$/m.exec(mapping);
  if (!match?.[1]) {
    throw new Error(`${container}: port ${port} is not published on 127.0.0.1 only: ${mapping}`);
  }
  return Number(match[1]);
}

export async function inspect(container: string, format: string): Promise<string> {
  return docker(['inspect', '--format', format, container]);
}

/** Waits for Docker's own verdict of the image's HEALTHCHECK. */
export async function waitForHealthy(container: string, timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      const status = await inspect(container, '{{.State.Health.Status}}');
      if (status === 'unhealthy') {
        throw new Error(`${container} is unhealthy`);
      }
      return status === 'healthy';
    },
    timeoutMs,
    `${container}: healthcheck healthy`,
    1_000,
  );
}

/** The uids of every process in the container, read from its /proc as the container sees it. */
export async function processUids(container: string): Promise<number[]> {
  const script =
    "const fs = require('node:fs');" +
    "const uids = fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).flatMap((p) => {" +
    "  try { return [Number(/^Uid:\\s+(\\d+)/m.exec(fs.readFileSync('/proc/' + p + '/status', 'utf8'))[1])]; }" +
    '  catch { return []; } });' +
    'console.log(JSON.stringify(uids));';
  return JSON.parse(await docker(['exec', container, 'node', '-e', script])) as number[];
}

/** Appends `label: value` to the tier's report (printed by the tier script at the end). */
export async function report(
  file: string | undefined,
  label: string,
  value: string,
): Promise<void> {
  if (file) {
    const { appendFile } = await import('node:fs/promises');
    await appendFile(file, `${label}: ${value}\n`);
  }
}
