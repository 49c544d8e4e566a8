import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { io } from '@tensorflow/tfjs';

/** The nsfwjs MobileNetV2 model (a Keras layers model) as TensorFlow.js model artifacts. */
export interface NsfwMobileNetFiles {
  readonly artifacts: io.ModelArtifacts;
  /** Class names by output index. */
  readonly classNames: readonly string[];
  /** `sha256:<hex>` of the model JSON (as serialised by JSON.stringify) followed by the weights. */
  readonly digest: string;
}

interface ModelJson {
  readonly modelTopology: object;
  readonly weightsManifest: readonly {
    readonly paths: readonly string[];
    readonly weights: io.WeightsManifestEntry[];
  }[];
}

/**
 * Reads the model the way nsfwjs 4.2.1 does, without its index (which logs and pulls in a `buffer`
 * polyfill): `model.min.js` exports the model JSON and `group1-shard1of1.min.js` the weights as
 * base64. The package's `exports` map blocks deep imports, so the files are found from its main.
 */
export function loadNsfwMobileNetFiles(): NsfwMobileNetFiles {
  const packageDir = dirname(require.resolve('nsfwjs'));
  const requireFile = createRequire(join(packageDir, 'index.js'));
  const modelJson = requireFile('./models/mobilenet_v2/model.min.js') as ModelJson;
  const shards = modelJson.weightsManifest.flatMap((group) => group.paths);
  if (shards.length !== 1 || shards[0] !== 'group1-shard1of1') {
    throw new Error(`unexpected nsfwjs MobileNetV2 weight shards: ${shards.join(', ')}`);
  }
  const base64 = requireFile('./models/mobilenet_v2/group1-shard1of1.min.js') as unknown;
  if (typeof base64 !== 'string') {
    throw new Error('the nsfwjs MobileNetV2 weight bundle did not export a base64 string');
  }
  const weights = Buffer.from(base64, 'base64');
  const json = JSON.stringify(modelJson);
  const digest = createHash('sha256').update(json, 'utf8').update(weights).digest('hex');
  return {
    artifacts: {
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    },
    classNames: classNames(requireFile('./nsfw_classes.js') as { NSFW_CLASSES?: unknown }),
    digest: `sha256:${digest}`,
  };
}

function classNames(module: { NSFW_CLASSES?: unknown }): string[] {
  const byIndex = module.NSFW_CLASSES;
  if (typeof byIndex !== 'object' || byIndex === null) {
    throw new Error('nsfwjs exports no NSFW_CLASSES');
  }
  const names = Object.entries(byIndex)
    .map(([index, name]) => [Number(index), String(name)] as const)
    .sort(([a], [b]) => a - b);
  if (names.some(([index], position) => index !== position)) {
    throw new Error('nsfwjs NSFW_CLASSES is not indexed 0..n-1');
  }
  return names.map(([, name]) => name);
}
