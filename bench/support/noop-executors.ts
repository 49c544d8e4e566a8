import type { ExecutionResult, Executor } from '../../src/executors/executor';
import type { ExecutorLoader } from '../../src/executors/executor-catalog';

/*
 * Executor loaders for the sandbox child in the orchestration bench (ExecutorSandbox
 * `childModule`, as test/fixtures/sandbox-executors does for the tests): every model kind answers
 * at once with a fixed output, so what is measured is the engine around the executor.
 */

const OUTPUT = new TextEncoder().encode('noop');

const noop: Executor = {
  run: (): Promise<ExecutionResult> =>
    Promise.resolve({
      output: OUTPUT,
      outputMediaType: 'text/plain',
      modelDigest: `sha256:${'0'.repeat(64)}`,
      executorVersion: 'bench-noop@1',
      summary: {},
    }),
};

const load: ExecutorLoader = () => Promise.resolve(noop);

export const loaders: Record<string, ExecutorLoader> = {
  ocr: load,
  audio: load,
  vision: load,
  onnx: load,
  train: load,
  llm: load,
};
