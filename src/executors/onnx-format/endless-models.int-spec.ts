import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { neverEndingModel, unboundedAllocationModel } from '../../../test/fixtures/onnx-models';
import { waitFor } from '../../../test/support/wait-for';

// The models run in a child process we kill: onnxruntime-node's run() blocks its JS thread, so
// nothing inside the Jest process could stop them.
const RUNNER = `
const ort = require(process.argv[1]);
const model = require('node:fs').readFileSync(process.argv[2]);
const n = Number(process.argv[3]);
(async () => {
  const options = { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' };
  const session = await ort.InferenceSession.create(model, options);
  process.stdout.write('running\\n');
  await session.run({ x: new ort.Tensor('float32', new Float32Array(n), [n]) });
  process.stdout.write('returned\\n');
})().catch((err) => { process.stderr.write(String(err)); process.exit(1); });
`;

const CLOCK_TICKS_PER_SECOND = 100;
const hasProcFs = existsSync('/proc/self/stat');

interface Runner {
  readonly child: ChildProcess;
  stdout: string;
  exited: boolean;
}

function startRunner(model: Uint8Array, inputLength: number, dir: string): Runner {
  const modelPath = join(dir, 'model.onnx');
  writeFileSync(modelPath, model);
  const child = spawn(
    process.execPath,
    ['-e', RUNNER, require.resolve('onnxruntime-node'), modelPath, String(inputLength)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const runner: Runner = { child, stdout: '', exited: false };
  child.stdout?.on('data', (chunk: Buffer) => (runner.stdout += chunk.toString()));
  child.on('exit', () => (runner.exited = true));
  return runner;
}

async function kill(runner: Runner): Promise<void> {
  if (!runner.exited) {
    const exited = new Promise((resolve) => runner.child.once('exit', resolve));
    runner.child.kill('SIGKILL');
    await exited;
  }
}

/** User + system CPU seconds of a process, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Resident set size of a process in bytes, from /proc/<pid>/status. */
function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1]) * 1024;
}

(hasProcFs ? describe : describe.skip)('endless test models', () => {
  let dir: string;
  let runner: Runner | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'endless-models-'));
  });

  afterEach(async () => {
    if (runner !== undefined) {
      await kill(runner);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('neverEndingModel keeps a core busy without returning', async () => {
    const started = startRunner(neverEndingModel(), 16, dir);
    runner = started;
    const pid = started.child.pid ?? 0;
    await waitFor(() => started.stdout.includes('running') || started.exited, 20_000, 'session');
    expect(started.exited).toBe(false);
    const cpuAtStart = cpuSeconds(pid);

    await waitFor(
      () => started.exited || cpuSeconds(pid) >= cpuAtStart + 2,
      30_000,
      'two CPU-seconds of loop work',
    );

    expect(started.exited).toBe(false);
    expect(started.stdout).not.toContain('returned');
  });

  it('unboundedAllocationModel keeps growing its memory', async () => {
    const started = startRunner(unboundedAllocationModel(), 4, dir);
    runner = started;
    const pid = started.child.pid ?? 0;
    await waitFor(() => started.stdout.includes('running') || started.exited, 20_000, 'session');
    expect(started.exited).toBe(false);
    const rssAtStart = rssBytes(pid);

    await waitFor(
      () => started.exited || rssBytes(pid) >= rssAtStart + 256 * 1024 * 1024,
      30_000,
      'resident memory to grow by 256 MiB',
    );

    expect(started.exited).toBe(false);
    expect(started.stdout).not.toContain('returned');
  });
});
