import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_RECEIPT_PNG_BASE64 } from '../../src/demo/demo-receipt-image';
import type { DialectName } from '../../src/storage';
import { createTestDatabase, type TestDatabase } from './databases';
import { waitFor } from './wait-for';

const REPO = path.resolve(__dirname, '../..');
const TSX_CLI = require.resolve('tsx/cli');
export const CHILD_ENV = { PATH: process.env['PATH'] };
export const JWT_SECRET = 'xzsln7ihgbBvD9XdwZz6HHArfBeZCOv8KiaeeXZFPm0';

export interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `polkamesh <args>` as a child process, from the sources (as `npx tsx cli/main.ts`). */
export function cli(args: string[], env: NodeJS.ProcessEnv = CHILD_ENV, stdin?: string): CliRun {
  const child = spawn(process.execPath, [TSX_CLI, 'cli/main.ts', ...args], {
    cwd: REPO,
    env,
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  child.stdin?.end(stdin);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close', not 'exit': only then has all of its output been read
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** What `useCliService` hands to the tests once `beforeAll` ran. */
export interface CliService {
  /** The test file's own temp dir (the service's devnet state and content store live in it). */
  readonly dir: string;
  /** The demo receipt PNG, as a file in `dir`. */
  readonly receipt: string;
  readonly httpUrl: string;
  readonly devnetUrl: string;
  /** The job engine's provider address (H160). */
  readonly provider: string;
}

/**
 * Jest hooks: `polkamesh start` (bundled devnet and API on free loopback ports, a fresh database of
 * `dialect`, no demo traffic, JWT_SECRET set) for the calling describe block, one per test file so
 * that the CLI stories run in parallel workers; stopped with SIGINT afterwards. Read the fields
 * inside tests, not at describe time.
 */
export function useCliService(dialect: DialectName): CliService {
  let state: CliService | undefined;
  let db: TestDatabase | undefined;
  let service: CliRun | undefined;
  let dir: string | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'polkamesh-cli-'));
    const receipt = path.join(dir, 'receipt.png');
    fs.writeFileSync(receipt, Buffer.from(DEMO_RECEIPT_PNG_BASE64, 'base64'));
    db = await createTestDatabase(dialect);
    const started = cli(['start'], {
      ...CHILD_ENV,
      DATABASE_URL: db.url,
      DEVNET_STATE_FILE: path.join(dir, 'devnet.bin'),
      CONTENT_STORE_DIR: path.join(dir, 'content'),
      DEVNET_PORT: '0',
      PORT: '0',
      DEMO_TRAFFIC: 'false',
      JWT_SECRET,
    });
    service = started;
    let exitCode: number | null | undefined;
    void started.exited.then((code) => (exitCode = code));
    const running = await waitFor(
      () =>
        started.stdout().includes('polkamesh service running') ||
        (exitCode !== undefined && `exited with ${exitCode}`),
      90_000,
      'the service to start',
      50,
    );
    if (running !== true) {
      throw new Error(`service ${running}:\n${started.stdout()}${started.stderr()}`);
    }
    const out = started.stdout();
    state = {
      dir,
      receipt,
      httpUrl: /HTTP API at (http:\/\/\S+)/.exec(out)?.[1] ?? '',
      devnetUrl: /devnet running at (ws:\/\/\S+)/.exec(out)?.[1] ?? '',
      provider: /job engine running as provider (0x[0-9a-f]{40})/.exec(out)?.[1] ?? '',
    };
    expect([state.httpUrl, state.devnetUrl, state.provider].every((value) => value !== '')).toBe(
      true,
    );
  }, 120_000);

  afterAll(async () => {
    if (service !== undefined && service.child.exitCode === null) {
      service.child.kill('SIGINT');
      await service.exited;
    }
    await db?.drop();
    if (dir !== undefined) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const current = (): CliService => {
    if (state === undefined) {
      throw new Error('useCliService: read it inside a test or hook, after beforeAll');
    }
    return state;
  };
  return {
    get dir() {
      return current().dir;
    },
    get receipt() {
      return current().receipt;
    },
    get httpUrl() {
      return current().httpUrl;
    },
    get devnetUrl() {
      return current().devnetUrl;
    },
    get provider() {
      return current().provider;
    },
  };
}
