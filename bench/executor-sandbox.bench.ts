/**
 * What the executor sandbox costs per job: the same work run directly in this process, through a
 * warm reused sandbox child, and through a cold child per job (fork + start-up + model load).
 * Cases: echo (1 KiB), a CPU-bound JS executor (96×96 matrix product), the real ONNX executor on
 * a small model (y = x·W + b), and the three real models the service ships: PP-OCRv4 on a
 * two-line text image, Silero VAD on a 5 s speech clip, MobileNetV2 on a 640×480 drawing. Direct
 * and warm runs alternate, so a load change on a shared machine hits both alike. Children are
 * forked with `--import tsx` here; the compiled build forks plain `.js` children, whose start-up is
 * shorter.
 * Usage: npx tsx bench/executor-sandbox.bench.ts [--runs 200] [--model-runs 30] [--cold-runs 10]
 *        [--quick]
 */
import { computeContentDigest } from '../src/content-store';
import type { ExecutionRequest, Executor } from '../src/executors/executor';
import { EXECUTOR_LOADERS } from '../src/executors/executor-catalog';
import { ExecutorSandbox, type ExecutorSandboxOptions } from '../src/executors/sandbox';
import { renderLineDrawing } from '../src/executors/mobilenet/testing/line-drawing';
import { affineModel } from '../test/fixtures/onnx-models';
import { speechClip } from '../test/fixtures/speech-audio';
import { renderTextImage } from '../test/fixtures/text-image';
import { TEST_EXECUTORS_MODULE } from '../test/fixtures/sandbox-executors/call-home-server';
import { fixtureRequest } from '../test/fixtures/sandbox-executors/fixture-request';
import { loaders as fixtureLoaders } from '../test/fixtures/sandbox-executors/test-executors';
import {
  commandLine,
  isQuick,
  numberArg,
  reportResult,
  runBench,
  type Figure,
} from './support/bench-result';

interface Case {
  readonly name: string;
  readonly kind: string;
  readonly request: ExecutionRequest;
  /** Fixture executors come from `childModule`; the real ones from the real catalog. */
  readonly isFixture: boolean;
  /** Direct and warm runs of this case (real models take tens of ms each). */
  readonly runs: number;
  loadDirect(): Promise<Executor>;
}

interface Stats {
  readonly mean: number;
  readonly p95: number;
}

function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? NaN;
  return { mean, p95 };
}

/** `runs` of each, alternating: a, b, a, b, … */
async function timeAlternating(
  runs: number,
  a: () => Promise<void>,
  b: () => Promise<void>,
): Promise<[Stats, Stats]> {
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  const once = async (work: () => Promise<void>, into: number[]) => {
    const start = performance.now();
    await work();
    into.push(performance.now() - start);
  };
  for (let i = 0; i < runs; i += 1) {
    await once(a, samplesA);
    await once(b, samplesB);
  }
  return [stats(samplesA), stats(samplesB)];
}

async function time(runs: number, once: () => Promise<void>): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await once();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

function sandboxFor(testCase: Case, reuseChildren: boolean): ExecutorSandbox<string> {
  const options: ExecutorSandboxOptions = {
    timeoutMs: 60_000,
    memoryLimitMb: 1_024,
    reuseChildren,
    maxJobsPerChild: 1_000_000,
    idleChildTtlMs: 60_000,
    childModule: testCase.isFixture ? TEST_EXECUTORS_MODULE : undefined,
  };
  return new ExecutorSandbox<string>(options);
}

async function runSandboxed(sandbox: ExecutorSandbox<string>, testCase: Case): Promise<void> {
  const outcome = await sandbox.run(testCase.kind, testCase.request);
  if (outcome.status !== 'ok') {
    throw new Error(`${testCase.name}: sandboxed job ended ${JSON.stringify(outcome)}`);
  }
}

async function measure(testCase: Case, coldRuns: number) {
  const executor = await testCase.loadDirect();
  await executor.run(testCase.request);
  const warmSandbox = sandboxFor(testCase, true);
  await runSandboxed(warmSandbox, testCase);
  const [direct, warm] = await timeAlternating(
    testCase.runs,
    async () => {
      await executor.run(testCase.request);
    },
    () => runSandboxed(warmSandbox, testCase),
  );
  await executor.close?.();
  await warmSandbox.close();

  const coldSandbox = sandboxFor(testCase, false);
  const cold = await time(coldRuns, () => runSandboxed(coldSandbox, testCase));
  await coldSandbox.close();
  return { direct, warm, cold };
}

function fixtureCase(name: string, kind: string, request: ExecutionRequest, runs: number): Case {
  const loader = fixtureLoaders[kind];
  if (loader === undefined) {
    throw new Error(`no fixture executor ${kind}`);
  }
  return { name, kind, request, isFixture: true, runs, loadDirect: loader };
}

/** One of the service's real models, loaded as the catalog loads it. */
function modelCase(
  name: string,
  kind: 'ocr' | 'audio' | 'vision',
  model: string,
  input: Uint8Array,
  inputMediaType: string,
  runs: number,
): Case {
  return {
    name,
    kind,
    request: { model: { kind, model }, input, inputMediaType } as ExecutionRequest,
    isFixture: false,
    runs,
    loadDirect: EXECUTOR_LOADERS[kind],
  };
}

function onnxCase(runs: number): Case {
  const model = affineModel();
  const input = {
    inputs: { x: { dims: [4, 2], data: [1, 1, 2, 0, 0.5, 3, -1, 4], type: 'float32' } },
  };
  return {
    name: 'onnx affine (onnxruntime)',
    kind: 'onnx',
    request: {
      model: { kind: 'onnx', digest: computeContentDigest(model) },
      modelBytes: model,
      input: new TextEncoder().encode(JSON.stringify(input)),
      inputMediaType: 'application/json',
    },
    isFixture: false,
    runs,
    loadDirect: EXECUTOR_LOADERS.onnx,
  };
}

async function main(): Promise<void> {
  const runs = numberArg('runs', isQuick() ? 20 : 200);
  const modelRuns = numberArg('model-runs', isQuick() ? 5 : 30);
  const coldRuns = numberArg('cold-runs', isQuick() ? 2 : 10);
  const cases = [
    fixtureCase('echo 1 KiB', 'echo', fixtureRequest(new Uint8Array(1024).fill(7)), runs),
    fixtureCase('cpu (96x96 matmul, JS)', 'cpu', fixtureRequest(), runs),
    onnxCase(runs),
    modelCase(
      'ocr:pp-ocrv4 (2 text lines)',
      'ocr',
      'pp-ocrv4',
      renderTextImage(['POLKAMESH 2026', 'Hello world 42']),
      'image/png',
      modelRuns,
    ),
    modelCase(
      'audio:silero-vad (5 s speech)',
      'audio',
      'silero-vad',
      speechClip({ silenceBeforeMs: 500, silenceAfterMs: 500 }).wav,
      'audio/wav',
      modelRuns,
    ),
    modelCase(
      'vision:mobilenet-v2 (640x480)',
      'vision',
      'mobilenet-v2',
      renderLineDrawing(640, 480),
      'image/png',
      modelRuns,
    ),
  ];
  const ms = (value: number) => value.toFixed(3).padStart(8);
  const lines = [
    `node ${process.version}; ${runs} direct / warm runs (${modelRuns} for the real models), ${coldRuns} cold runs per case; ms per job`,
    `${'case'.padEnd(28)} ${'direct'.padStart(17)} ${'sandbox warm'.padStart(17)} ${'sandbox cold'.padStart(17)}  warm/direct  cold/direct`,
    `${''.padEnd(28)} ${'mean     p95'.padStart(17)} ${'mean     p95'.padStart(17)} ${'mean     p95'.padStart(17)}  (mean)       (mean)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const figures: Figure[] = [];
  for (const testCase of cases) {
    const { direct, warm, cold } = await measure(testCase, coldRuns);
    const baseline = { name: 'direct call, mean', value: direct.mean };
    figures.push(
      { name: `${testCase.name}: direct, mean`, value: direct.mean, unit: 'ms' },
      {
        name: `${testCase.name}: warm sandbox child, mean`,
        value: warm.mean,
        unit: 'ms',
        baseline,
        better: 'lower',
      },
      {
        name: `${testCase.name}: cold child per job, mean`,
        value: cold.mean,
        unit: 'ms',
        baseline,
        better: 'lower',
      },
    );
    const row = [
      testCase.name.padEnd(28),
      `${ms(direct.mean)} ${ms(direct.p95)}`,
      `${ms(warm.mean)} ${ms(warm.p95)}`,
      `${ms(cold.mean)} ${ms(cold.p95)}`,
      `${(warm.mean / direct.mean).toFixed(2).padStart(10)}×`,
      `${(cold.mean / direct.mean).toFixed(0).padStart(10)}×`,
    ];
    process.stdout.write(`${row.join(' ')}\n`);
  }
  reportResult({
    bench: 'executor-sandbox',
    title: 'Executor sandbox cost per job',
    command: commandLine('bench/executor-sandbox.bench.ts'),
    figures,
    notes: [
      `${runs} direct / warm runs alternating (${modelRuns} for the real models), ${coldRuns} cold runs per case; children forked with --import tsx`,
      'target (issue 11): warm sandbox ≤ 1.10× direct on every real model (OCR, VAD, MobileNet)',
    ],
  });
}

runBench('executor sandbox', main);
