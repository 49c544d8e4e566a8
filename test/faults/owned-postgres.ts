import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { REPO_ROOT } from './processes';

const execFileAsync = promisify(execFile);
const SCRIPT = join(REPO_ROOT, 'scripts/pg-test-server.sh');

/**
 * A PostgreSQL cluster the harness owns (scripts/pg-test-server.sh in a directory of its own, never
 * the shared TEST_POSTGRES_URL server), so it may restart it under the service.
 */
export class OwnedPostgres {
  private constructor(
    readonly dir: string,
    /** superuser URL (trust authentication, loopback only) */
    readonly adminUrl: string,
  ) {}

  static async start(dir: string): Promise<OwnedPostgres> {
    const { stdout } = await execFileAsync('bash', [SCRIPT, 'start'], {
      env: scriptEnv(dir),
      timeout: 240_000,
    });
    const url = stdout.trim().split('\n').pop() ?? '';
    if (!/^postgres:\/\//.test(url)) {
      throw new Error(`pg-test-server.sh printed no URL: ${stdout}`);
    }
    return new OwnedPostgres(dir, url);
  }

  /** A login role with a password and a database it owns; returns the URL carrying the password. */
  async createDatabase(name: string, role: string, password: string): Promise<string> {
    const admin = new Client({ connectionString: this.adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
      await admin.query(`CREATE DATABASE "${name}" OWNER "${role}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(this.adminUrl);
    url.username = role;
    url.password = password;
    url.pathname = `/${name}`;
    return url.toString();
  }

  /**
   * Restarts the server under its clients: `fast` ends every session cleanly, `immediate` is a
   * crash (no shutdown checkpoint; recovery replays the WAL). pg_ctl restart reuses the options the
   * server was started with (port, loopback only).
   */
  async restart(mode: 'fast' | 'immediate'): Promise<void> {
    const dataDir = join(this.dir, 'data');
    await execFileAsync(
      ...asServerUser(pgCtl(), [
        '-D',
        dataDir,
        '-m',
        mode,
        '-w',
        '-t',
        '120',
        'restart',
        '-l',
        join(this.dir, 'server.log'),
      ]),
      {
        timeout: 180_000,
      },
    );
  }

  async stop(): Promise<void> {
    await execFileAsync('bash', [SCRIPT, 'stop'], { env: scriptEnv(this.dir), timeout: 120_000 });
  }
}

function scriptEnv(dir: string): NodeJS.ProcessEnv {
  // TEST_POSTGRES_URL would make the script hand out the shared server instead
  const { TEST_POSTGRES_URL: _shared, ...env } = process.env;
  return { ...env, PG_TEST_DIR: dir };
}

/** pg_ctl as the script finds it: PG_BIN_DIR, then PATH, then /usr/lib/postgresql/<newest>. */
function pgCtl(): string {
  const fromEnv = process.env['PG_BIN_DIR'];
  if (fromEnv !== undefined && existsSync(join(fromEnv, 'pg_ctl'))) {
    return join(fromEnv, 'pg_ctl');
  }
  try {
    const onPath = execFileSync('bash', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).trim();
    if (onPath !== '') {
      return join(dirname(realpathSync(onPath)), 'pg_ctl');
    }
  } catch {
    // not on PATH
  }
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const candidate = `/usr/lib/postgresql/${version}/bin/pg_ctl`;
    if (existsSync(candidate)) {
      return candidate;
    }
  }
  throw new Error('pg_ctl not found (set PG_BIN_DIR)');
}

/** As root the server runs as PG_TEST_USER, else `postgres` when it exists, else `nobody`. */
function asServerUser(file: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) {
    return [file, args];
  }
  const user =
    process.env['PG_TEST_USER'] ??
    (readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .some((line) => line.startsWith('postgres:'))
      ? 'postgres'
      : 'nobody');
  return ['runuser', ['-u', user, '--', file, ...args]];
}
