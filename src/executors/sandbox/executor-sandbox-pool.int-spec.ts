import { spawn } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CallHomeServer,
  isProcessAlive,
} from '../../../test/fixtures/sandbox-executors/call-home-server';
import {
  fixtureRequest,
  newFixtureSandbox,
} from '../../../test/fixtures/sandbox-executors/fixture-request';
import { waitFor } from '../../../test/support/wait-for';
import type { ExecutorSandbox } from './executor-sandbox';
import type { SandboxOutcome } from './sandbox-outcome';

const ROOT = resolve(__dirname, '../../..');

/** The echo executor's view of its job: which child ran it and how many jobs that child ran. */
async function echo(sandbox: ExecutorSandbox<string>): Promise<{ pid: unknown; count: unknown }> {
  const outcome = await sandbox.run('echo', fixtureRequest());
  return summaryOf(outcome, 'invocations');
}

function summaryOf(outcome: SandboxOutcome, field: string): { pid: unknown; count: unknown } {
  if (outcome.status !== 'ok') {
    throw new Error(`job ended ${JSON.stringify(outcome)}`);
  }
  return { pid: outcome.result.summary['pid'], count: outcome.result.summary[field] };
}

function outputJson(outcome: SandboxOutcome): any {
  if (outcome.status !== 'ok') {
    throw new Error(`job ended ${JSON.stringify(outcome)}`);
  }
  return JSON.parse(new TextDecoder().decode(outcome.result.output));
}

describe('ExecutorSandbox children', () => {
  let sandbox: ExecutorSandbox<string>;
  afterEach(() => sandbox.close());

  it('reuses a warm child for the next job of the same kind', async () => {
    sandbox = newFixtureSandbox();

    const runs = [await echo(sandbox), await echo(sandbox), await echo(sandbox)];

    expect(runs.map((run) => run.count)).toEqual([1, 2, 3]);
    expect(new Set(runs.map((run) => run.pid)).size).toBe(1);
  });

  it('retires a child after maxJobsPerChild jobs', async () => {
    sandbox = newFixtureSandbox({ maxJobsPerChild: 2 });

    const runs = [await echo(sandbox), await echo(sandbox), await echo(sandbox)];

    expect(runs.map((run) => run.count)).toEqual([1, 2, 1]);
    expect(runs[2]?.pid).not.toBe(runs[0]?.pid);
    await waitFor(() => !isProcessAlive(Number(runs[0]?.pid)), 5_000, 'the retired child to exit');
  });

  it('starts a fresh child per job when reuse is off', async () => {
    sandbox = newFixtureSandbox({ reuseChildren: false });

    const runs = [await echo(sandbox), await echo(sandbox)];

    expect(runs.map((run) => run.count)).toEqual([1, 1]);
    expect(runs[1]?.pid).not.toBe(runs[0]?.pid);
    await waitFor(() => sandbox.childPids().length === 0, 5_000, 'the used children to exit');
  });

  it('kills an idle child after idleChildTtlMs', async () => {
    sandbox = newFixtureSandbox({ idleChildTtlMs: 100 });

    const { pid } = await echo(sandbox);

    await waitFor(() => !isProcessAlive(Number(pid)), 5_000, 'the idle child to exit');
    expect(sandbox.childPids()).toEqual([]);
  });

  it('keeps at most maxIdleChildren idle children, dropping the oldest', async () => {
    sandbox = newFixtureSandbox({ maxIdleChildren: 1 });

    const echoPid = Number((await echo(sandbox)).pid);
    const introspected = await sandbox.run('introspect', fixtureRequest());

    expect(introspected.status).toBe('ok');
    await waitFor(() => !isProcessAlive(echoPid), 5_000, 'the oldest idle child to exit');
    expect(sandbox.idleCount).toBe(1);
  });

  it('runs two jobs at once in two children', async () => {
    sandbox = newFixtureSandbox();
    const server = await CallHomeServer.start();
    try {
      const jobs = [1, 2].map(() =>
        sandbox.run('rendezvous', fixtureRequest({ port: server.port })),
      );
      // Each job waits here until both have arrived: run one after the other, they would time out.
      const calls = [await server.nextCall(), await server.nextCall()];
      calls.forEach((call) => call.reply('go'));

      const outcomes = await Promise.all(jobs);

      expect(outcomes.map((outcome) => outputJson(outcome))).toEqual([
        { reply: 'go' },
        { reply: 'go' },
      ]);
      const pids = outcomes.map((outcome) => summaryOf(outcome, 'pid').pid);
      expect(new Set(pids).size).toBe(2);
      expect(new Set(calls.map((call) => call.pid))).toEqual(new Set(pids));
    } finally {
      await server.close();
    }
  });

  it('close() aborts running jobs and leaves no child behind', async () => {
    sandbox = newFixtureSandbox();
    const server = await CallHomeServer.start();
    try {
      const idlePid = Number((await echo(sandbox)).pid);
      const called = server.nextCall();
      const hanging = sandbox.run('hang', fixtureRequest({ notifyPort: server.port }));
      const hangPid = (await called).pid;

      await sandbox.close();

      expect(await hanging).toEqual({ status: 'aborted' });
      for (const pid of [idlePid, hangPid]) {
        expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
      }
      expect(sandbox.childPids()).toEqual([]);
      await expect(sandbox.run('echo', fixtureRequest())).rejects.toThrow('closed');
    } finally {
      await server.close();
    }
  });
});

describe('ExecutorSandbox child environment', () => {
  const SECRETS = ['WORKER_SEED', 'ADMIN_SEED', 'JWT_SECRET', 'DATABASE_URL', 'NODE_OPTIONS'];
  const saved = new Map(SECRETS.map((name) => [name, process.env[name]]));
  let sandbox: ExecutorSandbox<string>;

  afterEach(async () => {
    await sandbox.close();
    for (const [name, value] of saved) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  });

  it("shows the child only allow-listed variables, no secrets and none of the parent's flags", async () => {
    for (const name of SECRETS.slice(0, 4)) {
      process.env[name] = `secret-${name}`;
    }
    process.env['NODE_OPTIONS'] = '--inspect=127.0.0.1:9';
    sandbox = newFixtureSandbox({ childEnv: { SANDBOX_EXTRA: 'given' }, maxOldSpaceMb: 96 });

    const seen = outputJson(await sandbox.run('introspect', fixtureRequest()));

    for (const name of SECRETS) {
      expect(seen.env).not.toHaveProperty(name);
    }
    expect(JSON.stringify(seen.env)).not.toContain('secret-');
    expect(seen.env).toMatchObject({ PATH: process.env['PATH'], SANDBOX_EXTRA: 'given' });
    expect(seen.execArgv).toContain('--max-old-space-size=96');
    expect(seen.execArgv.join(' ')).not.toMatch(/inspect|expose-gc|experimental-vm-modules/);
  });

  it("runs each child in a fresh empty private directory, never the service's, removed on exit", async () => {
    sandbox = newFixtureSandbox({ reuseChildren: false });

    const first = outputJson(await sandbox.run('introspect', fixtureRequest()));
    const second = outputJson(await sandbox.run('introspect', fixtureRequest()));

    for (const seen of [first, second]) {
      expect(seen.cwd).not.toBe(process.cwd());
      expect(seen.cwdEntries).toEqual([]);
      expect(seen.cwdMode).toBe(0o700);
    }
    expect(second.cwd).not.toBe(first.cwd);
    // tsx would look for a tsconfig.json from that directory up (/tmp/tsconfig.json, anyone's).
    expect(first.env.TSX_TSCONFIG_PATH).toBe(join(ROOT, 'tsconfig.json'));
    await waitFor(
      () => !existsSync(first.cwd) && !existsSync(second.cwd),
      5_000,
      "the children's directories to be removed",
    );
  });
});

/** Starts test/fixtures/sandbox-executors/sandbox-parent.ts in its own node process. */
function startParent(...args: string[]) {
  const parent = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/fixtures/sandbox-executors/sandbox-parent.ts', ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  parent.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<number | null>((done) => parent.once('exit', (code) => done(code)));
  return { parent, exited, stdout: () => stdout };
}

describe('ExecutorSandbox and the parent process', () => {
  it('a busy child dies with its parent process', async () => {
    const server = await CallHomeServer.start();
    const { parent, exited } = startParent('hang', String(server.port));
    let childPid: number | undefined;
    try {
      // The hang fixture blocks the child's event loop, so only its watchdog thread can notice.
      childPid = (await server.nextCall()).pid;
      const childCwd = readlinkSync(`/proc/${childPid}/cwd`);
      expect(childCwd).toMatch(/polkamesh-sandbox-/);
      parent.kill('SIGKILL');
      await exited;

      await waitFor(() => !isProcessAlive(childPid ?? 0), 10_000, 'the orphaned child to exit');
      // The killed parent could not remove it: the child's watchdog did.
      expect(existsSync(childCwd)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
      if (childPid !== undefined && isProcessAlive(childPid)) {
        process.kill(childPid, 'SIGKILL');
      }
      await server.close();
    }
  });

  it.each([
    ['echo-then-close', 'closes with an idle child and lets the parent exit'],
    ['echo-then-leave', 'does not keep the parent alive for an idle child, nor let it outlive it'],
  ])('%s: %s', async (mode) => {
    const { parent, exited, stdout } = startParent(mode);
    try {
      expect(await exited).toBe(0);

      const childPid = Number(/^child (\d+)$/m.exec(stdout())?.[1]);
      const childCwd = /^cwd (.+)$/m.exec(stdout())?.[1] ?? '';
      expect(childPid).toBeGreaterThan(0);
      expect(childCwd).not.toBe(ROOT);
      expect(stdout().includes('closed')).toBe(mode === 'echo-then-close');
      // Killed by the parent's exit hook, the child may linger as a zombie until it is reaped.
      await waitFor(() => !isProcessAlive(childPid), 5_000, 'the idle child to exit');
      expect(existsSync(childCwd)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
