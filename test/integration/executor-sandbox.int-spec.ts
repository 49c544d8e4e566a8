import { computeContentDigest } from '../../src/content-store';
import type { ExecutionRequest } from '../../src/executors/executor';
import { ExecutorSandbox, type SandboxOutcome } from '../../src/executors/sandbox';
import { affineModel, neverEndingModel, unboundedAllocationModel } from '../fixtures/onnx-models';

/*
 * The sandbox with the real catalog: onnxruntime runs in the child, and its runaway models (a Loop
 * that never ends, a Loop that grows native memory without bound) end the job, not the service.
 */

function onnxRequest(
  model: Uint8Array,
  dims: readonly number[],
  data: readonly number[],
): ExecutionRequest {
  const input = { inputs: { x: { dims, data, type: 'float32' } } };
  return {
    model: { kind: 'onnx', digest: computeContentDigest(model) },
    modelBytes: model,
    input: new TextEncoder().encode(JSON.stringify(input)),
    inputMediaType: 'application/json',
  };
}

const SIXTEEN_ONES = [[16], Array<number>(16).fill(1)] as const;

function outputJson(outcome: SandboxOutcome): unknown {
  if (outcome.status !== 'ok') {
    throw new Error(`job ended ${JSON.stringify(outcome)}`);
  }
  return JSON.parse(new TextDecoder().decode(outcome.result.output));
}

describe('ExecutorSandbox with the ONNX executor', () => {
  let sandbox: ExecutorSandbox;

  beforeEach(() => {
    sandbox = new ExecutorSandbox({
      timeoutMs: 20_000,
      memoryLimitMb: 300,
      reuseChildren: true,
      maxJobsPerChild: 10,
      idleChildTtlMs: 60_000,
    });
  });
  afterEach(() => sandbox.close());

  it('runs y = x·W + b in the child and returns the hand-computed outputs', async () => {
    const outcome = await sandbox.run('onnx', onnxRequest(affineModel(), [2, 2], [1, 1, 2, 0]));

    expect(outputJson(outcome)).toEqual({
      outputs: { y: { dims: [2, 2], type: 'float32', data: [4.5, 5, 2.5, 3] } },
    });
  });

  it('stops a model that never ends at the timeout, then serves the next job', async () => {
    const outcome = await sandbox.run('onnx', onnxRequest(neverEndingModel(), ...SIXTEEN_ONES), {
      timeoutMs: 4_000,
    });

    expect(outcome).toEqual({ status: 'timeout', limitMs: 4_000 });
    const next = await sandbox.run('onnx', onnxRequest(affineModel(), [1, 2], [2, 0]));
    expect(outputJson(next)).toMatchObject({ outputs: { y: { data: [2.5, 3] } } });
  });

  it('stops a model whose native memory grows without bound, then serves the next job', async () => {
    const model = unboundedAllocationModel();

    const outcome = await sandbox.run('onnx', onnxRequest(model, ...SIXTEEN_ONES));

    expect(outcome).toMatchObject({ status: 'memory-limit', cause: 'rss', limitMb: 300 });
    const next = await sandbox.run('onnx', onnxRequest(affineModel(), [1, 2], [1, 1]));
    expect(outputJson(next)).toMatchObject({ outputs: { y: { data: [4.5, 5] } } });
  });
});
