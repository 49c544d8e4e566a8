import { seededRandom } from '../../shared';
import type * as tfTypes from '@tensorflow/tfjs';
import { wasmTensorflow } from '../tfjs/tfjs-wasm';

/** Everything that decides the trained weights besides the data; part of the recipe digest. */
export const MLP_RECIPE = {
  architecture: 'dense(16, relu) -> dense(outputs)',
  hiddenUnits: 16,
  initialiser: 'glorot-uniform(mulberry32), zero biases',
  seed: 42,
  optimizer: 'adam',
  learningRate: 0.05,
  epochs: 200,
  batch: 'full',
} as const;

/** One-hidden-layer perceptron weights, row-major (`w1`: inputs × hidden, `w2`: hidden × outputs). */
export interface MlpWeights {
  readonly inputs: number;
  readonly hidden: number;
  readonly outputs: number;
  readonly w1: Float32Array;
  readonly b1: Float32Array;
  readonly w2: Float32Array;
  readonly b2: Float32Array;
}

export type MlpLoss = 'softmax-cross-entropy' | 'mean-squared-error';

/**
 * Trains on standardised features `x` (rows × inputs) against `y` (rows × outputs: one-hot classes
 * or the standardised target), full batch, in a fixed order, from seeded initial weights.
 */
export async function trainMlp(
  x: Float32Array,
  y: Float32Array,
  rows: number,
  inputs: number,
  outputs: number,
  loss: MlpLoss,
): Promise<MlpWeights> {
  const tf = await wasmTensorflow();
  const hidden = MLP_RECIPE.hiddenUnits;
  const random = seededRandom(MLP_RECIPE.seed);
  const w1 = tf.variable(tf.tensor2d(glorotUniform(inputs, hidden, random), [inputs, hidden]));
  const b1 = tf.variable(tf.zeros([hidden]));
  const w2 = tf.variable(tf.tensor2d(glorotUniform(hidden, outputs, random), [hidden, outputs]));
  const b2 = tf.variable(tf.zeros([outputs]));
  const xs = tf.tensor2d(x, [rows, inputs]);
  const ys = tf.tensor2d(y, [rows, outputs]);
  const optimizer = tf.train.adam(MLP_RECIPE.learningRate);
  const variables = [w1, b1, w2, b2];
  try {
    for (let epoch = 0; epoch < MLP_RECIPE.epochs; epoch++) {
      optimizer.minimize(
        () => {
          const out = forward(tf, xs, w1, b1, w2, b2);
          return loss === 'softmax-cross-entropy'
            ? tf.losses.softmaxCrossEntropy(ys, out)
            : tf.losses.meanSquaredError(ys, out);
        },
        false,
        variables,
      );
    }
    return {
      inputs,
      hidden,
      outputs,
      w1: Float32Array.from(await w1.data()),
      b1: Float32Array.from(await b1.data()),
      w2: Float32Array.from(await w2.data()),
      b2: Float32Array.from(await b2.data()),
    };
  } finally {
    optimizer.dispose();
    tf.dispose([...variables, xs, ys]);
  }
}

/**
 * The network's raw outputs (logits, or the standardised regression value) for `x`, computed by
 * tfjs, rows × outputs. With `softmax`, class probabilities instead of logits.
 */
export async function predictMlp(
  weights: MlpWeights,
  x: Float32Array,
  rows: number,
  softmax: boolean,
): Promise<Float32Array> {
  const tf = await wasmTensorflow();
  const result = tf.tidy(() => {
    const out = forward(
      tf,
      tf.tensor2d(x, [rows, weights.inputs]),
      tf.tensor2d(weights.w1, [weights.inputs, weights.hidden]),
      tf.tensor1d(weights.b1),
      tf.tensor2d(weights.w2, [weights.hidden, weights.outputs]),
      tf.tensor1d(weights.b2),
    );
    return softmax ? tf.softmax(out) : out;
  });
  try {
    return Float32Array.from(await result.data());
  } finally {
    result.dispose();
  }
}

function forward(
  tf: typeof tfTypes,
  x: tfTypes.Tensor2D,
  w1: tfTypes.Tensor,
  b1: tfTypes.Tensor,
  w2: tfTypes.Tensor,
  b2: tfTypes.Tensor,
): tfTypes.Tensor2D {
  return tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)) as tfTypes.Tensor2D, w2), b2);
}

function glorotUniform(fanIn: number, fanOut: number, random: () => number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: fanIn * fanOut }, () => (random() * 2 - 1) * limit);
}
