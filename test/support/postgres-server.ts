import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const SCRIPT = resolve(__dirname, '../../scripts/pg-test-server.sh');

let serverUrl: Promise<string> | undefined;

/**
 * Where the throwaway cluster lives: one per OS user in os.tmpdir(), shared by every Jest worker
 * and reused by later runs (`scripts/pg-test-server.sh stop` removes it).
 */
export function postgresTestDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return join(tmpdir(), `polkamesh-pg-test-${uid}`);
}

/**
 * URL of a PostgreSQL server for integration tests: TEST_POSTGRES_URL when set (CI service),
 * otherwise the cluster of scripts/pg-test-server.sh, started on first use (the script locks, so
 * parallel workers share one). Needs the PostgreSQL server binaries (`apt-get install -y postgresql`).
 */
export function startPostgresTestServer(): Promise<string> {
  const fromEnv = process.env['TEST_POSTGRES_URL'];
  if (fromEnv !== undefined && fromEnv !== '') {
    return Promise.resolve(fromEnv);
  }
  serverUrl ??= runScript('start').catch((error: unknown) => {
    serverUrl = undefined;
    throw error;
  });
  return serverUrl;
}

/** Stops and deletes the throwaway cluster (no-op with TEST_POSTGRES_URL). */
export async function stopPostgresTestServer(): Promise<void> {
  serverUrl = undefined;
  await runScript('stop');
}

async function runScript(command: 'start' | 'stop'): Promise<string> {
  try {
    const { stdout } = await execFileAsync('bash', [SCRIPT, command], {
      env: { ...process.env, PG_TEST_DIR: postgresTestDir() },
      timeout: 240_000,
    });
    const url = stdout.trim().split('\n').pop() ?? '';
    if (command === 'start' && !/^postgres(ql)?:\/\//.test(url)) {
      throw new Error(`pg-test-server.sh printed no URL: ${stdout}`);
    }
    return url;
  } catch (error) {
    const stderr =
      typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : '';
    throw new Error(`cannot ${command} the PostgreSQL test server (${SCRIPT}):\n${stderr}`, {
      cause: error,
    });
  }
}
