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

function expectStatus<S extends SandboxOutcome['status']>(
  outcome: SandboxOutcome,
  status: S,
): Extract<SandboxOutcome, { status: S }> {
  expect(outcome.status).toBe(status);
  return outcome as Extract<SandboxOutcome, { status: S }>;
}

/** The sandbox still works: a fresh echo job succeeds with its bytes intact. */
async function expectHealthy(sandbox: ExecutorSandbox<string>): Promise<void> {
  const outcome = expectStatus(
    await sandbox.run('echo', fixtureRequest(Uint8Array.of(7, 8))),
    'ok',
  );
  expect(Array.from(outcome.result.output)).toEqual([7, 8]);
}

describe('ExecutorSandbox outcomes', () => {
  let sandbox: ExecutorSandbox<string>;
  let server: CallHomeServer;

  beforeAll(async () => {
    server = await CallHomeServer.start();
  });
  afterAll(() => server.close());
  afterEach(() => sandbox.close());

  it("returns the executor's result with its bytes intact", async () => {
    sandbox = newFixtureSandbox();
    const input = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

    const outcome = expectStatus(await sandbox.run('echo', fixtureRequest(input)), 'ok');

    expect(outcome.result.output).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(outcome.result.output).equals(Buffer.from(input))).toBe(true);
    expect(outcome.result.summary['pid']).not.toBe(process.pid);
    expect(outcome.peakRssMb).toBeGreaterThan(0);
  });

  it('reports InvalidInputError as invalid-input and keeps the child', async () => {
    sandbox = newFixtureSandbox();

    const outcome = await sandbox.run('invalid-input', fixtureRequest());

    expect(outcome).toEqual({
      status: 'invalid-input',
      message: 'fixture says the input is wrong',
    });
    expect(sandbox.idleCount).toBe(1);
  });

  it.each([
    ['throw', 'fixture executor failed'],
    ['failing-loader', 'fixture loader failed'],
    ['unclonable', 'could not be cloned'],
    ['no-such-kind', 'no executor for kind "no-such-kind"'],
  ])('reports a %s error as failed and discards the child', async (kind, message) => {
    sandbox = newFixtureSandbox();

    const outcome = expectStatus(await sandbox.run(kind, fixtureRequest()), 'failed');

    expect(outcome.message).toContain(message);
    await waitFor(() => sandbox.childPids().length === 0, 5_000, 'the failed child to exit');
  });

  it('kills a hanging executor at the timeout, then runs the next job', async () => {
    sandbox = newFixtureSandbox();
    const called = server.nextCall();

    const outcome = await sandbox.run('hang', fixtureRequest({ notifyPort: server.port }), {
      timeoutMs: 3_000,
    });

    expect(outcome).toEqual({ status: 'timeout', limitMs: 3_000 });
    const { pid } = await called;
    await waitFor(() => !isProcessAlive(pid), 5_000, 'the hanging child to die');
    await expectHealthy(sandbox);
  });

  it('kills a child whose native memory passes the limit, then runs the next job', async () => {
    sandbox = newFixtureSandbox({ memoryLimitMb: 200 });

    const outcome = expectStatus(
      await sandbox.run('native-alloc', fixtureRequest()),
      'memory-limit',
    );

    expect(outcome.cause).toBe('rss');
    expect(outcome.limitMb).toBe(200);
    expect(outcome.peakRssMb).toBeGreaterThan(200);
    await expectHealthy(sandbox);
  });

  it('reports a V8 heap exhaustion as memory-limit, then runs the next job', async () => {
    sandbox = newFixtureSandbox({ memoryLimitMb: 1_024, maxOldSpaceMb: 64 });

    const outcome = expectStatus(await sandbox.run('js-alloc', fixtureRequest()), 'memory-limit');

    expect(outcome).toMatchObject({ cause: 'js-heap', limitMb: 64 });
    await expectHealthy(sandbox);
  });

  it('reports a child that exits as crashed with its stderr, then runs the next job', async () => {
    sandbox = newFixtureSandbox();

    const outcome = expectStatus(await sandbox.run('crash', fixtureRequest()), 'crashed');

    expect(outcome.exitCode).toBe(3);
    expect(outcome.signal).toBeNull();
    expect(outcome.stderrTail).toContain('crash fixture: exiting with 3');
    await expectHealthy(sandbox);
  });

  it('aborts a running job through its signal and kills its child', async () => {
    sandbox = newFixtureSandbox();
    const controller = new AbortController();
    const called = server.nextCall();

    const running = sandbox.run('hang', fixtureRequest({ notifyPort: server.port }), {
      signal: controller.signal,
    });
    const { pid } = await called;
    controller.abort();

    expect(await running).toEqual({ status: 'aborted' });
    await waitFor(() => !isProcessAlive(pid), 5_000, 'the aborted child to die');
    await expectHealthy(sandbox);
  });

  it('does not start a child for an already aborted signal', async () => {
    sandbox = newFixtureSandbox();

    const outcome = await sandbox.run('echo', fixtureRequest(), { signal: AbortSignal.abort() });

    expect(outcome).toEqual({ status: 'aborted' });
    expect(sandbox.childPids()).toEqual([]);
  });
});
