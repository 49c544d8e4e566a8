import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { ExecutionRequest, ExecutionResult, Executor } from '../executor';
import { decodeImage } from '../image/decode-image';
import { rankLabels, serialiseClassification, type Classification } from './label-ranking';
import { loadNsfwMobileNetFiles } from './nsfw-mobilenet-files';
import { resizeToUnitRgb } from './resize-to-unit-rgb';
import { wasmTensorflow } from '../tfjs/tfjs-wasm';

export const MOBILENET_EXECUTOR_VERSION = 'vision-mobilenet-v2@1';
/** nsfwjs's MobileNetV2 takes 224×224 RGB in [0, 1]. */
const IMAGE_SIZE = 224;

interface LoadedMobileNet {
  readonly model: LayersModel;
  readonly classNames: readonly string[];
  readonly digest: string;
}

/**
 * `vision:mobilenet-v2`: classifies a PNG or JPEG into nsfwjs's five classes (Drawing, Hentai,
 * Neutral, Porn, Sexy) with its MobileNetV2 on TensorFlow.js's single-threaded wasm backend.
 */
export function createMobileNetExecutor(): Executor {
  let loading: Promise<LoadedMobileNet> | undefined;
  return {
    async run(request: ExecutionRequest): Promise<ExecutionResult> {
      const pixels = resizeToUnitRgb(decodeImage(request.input), IMAGE_SIZE);
      loading ??= loadMobileNet().catch((err: unknown) => {
        loading = undefined;
        throw err;
      });
      const loaded = await loading;
      const classification = await classify(loaded, pixels);
      return {
        output: new TextEncoder().encode(serialiseClassification(classification)),
        outputMediaType: 'application/json',
        modelDigest: loaded.digest,
        executorVersion: MOBILENET_EXECUTOR_VERSION,
        summary: {
          top: classification.top,
          probability: classification.labels[0]?.probability ?? null,
        },
      };
    },
    async close(): Promise<void> {
      const pending = loading;
      loading = undefined;
      // A model that failed to load holds nothing to release.
      (await pending?.catch(() => undefined))?.model.dispose();
    },
  };
}

async function loadMobileNet(): Promise<LoadedMobileNet> {
  const tf = await wasmTensorflow();
  const files = loadNsfwMobileNetFiles();
  const model = await tf.loadLayersModel(tf.io.fromMemory(files.artifacts));
  return { model, classNames: files.classNames, digest: files.digest };
}

async function classify(loaded: LoadedMobileNet, pixels: Float32Array): Promise<Classification> {
  const tf = await wasmTensorflow();
  const output = tf.tidy(
    () => loaded.model.predict(tf.tensor4d(pixels, [1, IMAGE_SIZE, IMAGE_SIZE, 3])) as Tensor,
  );
  try {
    return rankLabels(await output.data(), loaded.classNames);
  } finally {
    output.dispose();
  }
}
