import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeContentDigest } from '../../src/content-store';
import type { ExecutionRequest } from '../../src/executors/executor';
import { renderLineDrawing } from '../../src/executors/mobilenet/testing/line-drawing';
import { ExecutorSandbox, type SandboxOutcome } from '../../src/executors/sandbox';
import type { ModelRef } from '../../src/references';
import { externalDataModel } from '../fixtures/file-reach-models';
import { affineModel, neverEndingModel, unboundedAllocationModel } from '../fixtures/onnx-models';
import { speechClip } from '../fixtures/speech-audio';
import { ruleTable } from '../fixtures/tabular-rule';
import { renderTextImage } from '../fixtures/text-image';

/*
 * The sandbox with the real catalog: onnxruntime runs in the child, and its runaway models (a Loop
 * that never ends, a Loop that grows native memory without bound) end the job, not the service.
 * The child runs in an empty directory of its own: every kind must still load its runtime and its
 * model files (node_modules) from there.
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

function okResult(outcome: SandboxOutcome) {
  if (outcome.status !== 'ok') {
    throw new Error(`job ended ${JSON.stringify(outcome)}`);
  }
  return outcome.result;
}

function outputText(outcome: SandboxOutcome): string {
  return new TextDecoder().decode(okResult(outcome).output);
}

function outputJson(outcome: SandboxOutcome): any {
  return JSON.parse(outputText(outcome));
}

function request(model: ModelRef, input: Uint8Array | string, mediaType: string): ExecutionRequest {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  return { model, input: bytes, inputMediaType: mediaType };
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
  it('refuses a model whose tensor names a file, before onnxruntime looks for it', async () => {
    const model = externalDataModel('keystore.json', 64);
    const outcome = await sandbox.run('onnx', {
      ...onnxRequest(model, [1], [0]),
      input: new TextEncoder().encode('{"inputs":{}}'),
    });

    expect(outcome).toEqual({
      status: 'invalid-input',
      message:
        'the model was refused: graph "leak" > initializer "secret" keeps its data outside the model (external data), which is not accepted: embed every tensor in the model',
    });
  });
});

describe('ExecutorSandbox runs every catalog kind from its empty working directory', () => {
  let sandbox: ExecutorSandbox;
  let llm: Server;
  let llmUrl: string;

  beforeAll(async () => {
    sandbox = new ExecutorSandbox({
      timeoutMs: 120_000,
      memoryLimitMb: 2_048,
      reuseChildren: true,
      maxJobsPerChild: 10,
      idleChildTtlMs: 60_000,
    });
    llm = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          model: 'fixture',
          choices: [{ index: 0, message: { role: 'assistant', content: 'Paris' } }],
        }),
      );
    });
    await new Promise<void>((resolve) => llm.listen(0, '127.0.0.1', resolve));
    llmUrl = `http://127.0.0.1:${(llm.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    await sandbox.close();
    llm.closeAllConnections();
    await new Promise((resolve) => llm.close(resolve));
  });

  it('ocr: reads the text of a rendered image', async () => {
    const image = renderTextImage(['SANDBOX 2026']);
    const outcome = await sandbox.run(
      'ocr',
      request({ kind: 'ocr', model: 'pp-ocrv4' }, image, 'image/png'),
    );

    expect(outputText(outcome).replace(/\s+/g, ' ').trim()).toBe('SANDBOX 2026');
  });

  it('audio: finds speech in a spoken clip', async () => {
    const { wav } = speechClip();
    const outcome = await sandbox.run(
      'audio',
      request({ kind: 'audio', model: 'silero-vad' }, wav, 'audio/wav'),
    );

    expect(outputJson(outcome).segments.length).toBeGreaterThan(0);
  });

  it('vision: ranks the five NSFW classes for a line drawing', async () => {
    const image = renderLineDrawing(320, 240);
    const outcome = await sandbox.run(
      'vision',
      request({ kind: 'vision', model: 'mobilenet-v2' }, image, 'image/png'),
    );

    expect(JSON.stringify(outputJson(outcome))).toMatch(/Drawing/);
  });

  it('train, then onnx: the trained model runs as a user model', async () => {
    const table = ruleTable(200, 5);
    const trained = okResult(
      await sandbox.run(
        'train',
        request({ kind: 'train', task: 'tabular-classification' }, table.csv, 'text/csv'),
      ),
    );
    const model = trained.artifacts?.find((artifact) => artifact.role === 'model')?.bytes;
    expect(model).toBeDefined();

    const rows = 'x1,x2\n0.9000,0.9000\n0.0500,0.0500\n';
    const outcome = await sandbox.run('onnx', {
      ...request({ kind: 'onnx', digest: computeContentDigest(model!) }, rows, 'text/csv'),
      modelBytes: model!,
    });

    expect(outputJson(outcome).predictions).toEqual(['1', '0']);
  });

  it('llm: asks the configured endpoint', async () => {
    const outcome = await sandbox.run('llm', {
      ...request({ kind: 'llm', name: 'fixture' }, 'Capital of France?', 'text/plain'),
      settings: { llmBaseUrl: llmUrl },
    });

    expect(outputText(outcome)).toBe('Paris');
  });
});
