import type { ModelRefKind } from '../references';
import type { Executor } from './executor';

/**
 * How the sandbox child builds the executor for a `model_ref` kind. Loaders import lazily so that
 * a child only loads the runtime (onnxruntime, tfjs) its job needs.
 */
export type ExecutorLoader = () => Promise<Executor>;

export const EXECUTOR_LOADERS: Readonly<Record<ModelRefKind, ExecutorLoader>> = {
  ocr: async () => (await import('./ocr/pp-ocr-executor')).createPpOcrExecutor(),
  audio: async () => (await import('./vad/silero-vad-executor')).createSileroVadExecutor(),
  vision: async () => (await import('./mobilenet/mobilenet-executor')).createMobileNetExecutor(),
  onnx: async () => (await import('./onnx/onnx-executor')).createOnnxExecutor(),
  train: async () => (await import('./train/tabular-train-executor')).createTabularTrainExecutor(),
  llm: async () => (await import('./llm/llm-executor')).createLlmExecutor(),
};
