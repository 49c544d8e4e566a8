import { argmax } from './argmax';
import { exportMlpToOnnx } from './export-mlp-onnx';
import { MLP_RECIPE, predictMlp, trainMlp, type MlpWeights } from './mlp';
import { isValidationRow, type TrainingSet } from './training-set';

/** What a training run produced, before it is written out as the job's output. */
export interface TrainedTabularModel {
  readonly epochs: number;
  readonly trainLoss: number;
  readonly validationLoss: number;
  readonly trainAccuracy: number | null;
  readonly validationAccuracy: number | null;
  /** tfjs's prediction per validation row, in row order: a class label or a regression value. */
  readonly validationPredictions: readonly (string | number)[];
  readonly onnx: Uint8Array;
}

/**
 * Standardises features with the training rows' mean and standard deviation (1 for constant
 * columns), trains the MLP on the training rows, scores both splits with tfjs and exports ONNX.
 * Losses: mean cross-entropy (classification) or mean squared error in target units (regression).
 */
export async function trainTabularModel(set: TrainingSet): Promise<TrainedTabularModel> {
  const width = set.featureNames.length;
  const trainRows = rowIndexes(set.rows, false);
  const validationRows = rowIndexes(set.rows, true);
  const { mean: featureMean, std: featureStd } = columnStats(set.features, width, trainRows);
  const standardised = (rows: number[]): Float32Array => {
    const out = new Float32Array(rows.length * width);
    rows.forEach((row, r) => {
      for (let f = 0; f < width; f++) {
        // Float32 steps, as the exported model's Sub/Div nodes compute them.
        const value = Math.fround(set.features[row * width + f] ?? 0);
        out[r * width + f] = Math.fround(value - (featureMean[f] ?? 0)) / (featureStd[f] ?? 1);
      }
    });
    return out;
  };
  const isClassifier = set.classes !== null;
  const outputs = set.classes?.length ?? 1;
  const targetStats = isClassifier
    ? { mean: Float32Array.of(0), std: Float32Array.of(1) }
    : columnStats(set.targets, 1, trainRows);
  const targetMean = targetStats.mean[0] ?? 0;
  const targetStd = targetStats.std[0] ?? 1;
  const targetsFor = (rows: number[]): Float32Array => {
    const out = new Float32Array(rows.length * outputs);
    rows.forEach((row, r) => {
      const target = set.targets[row] ?? 0;
      if (isClassifier) {
        out[r * outputs + target] = 1;
      } else {
        out[r] = (target - targetMean) / targetStd;
      }
    });
    return out;
  };
  const trainX = standardised(trainRows);
  const weights = await trainMlp(
    trainX,
    targetsFor(trainRows),
    trainRows.length,
    width,
    outputs,
    isClassifier ? 'softmax-cross-entropy' : 'mean-squared-error',
  );
  const score = (x: Float32Array, rows: number[]): Promise<Scores> =>
    scoreRows(weights, x, rows, set, targetMean, targetStd);
  const train = await score(trainX, trainRows);
  const validation = await score(standardised(validationRows), validationRows);
  return {
    epochs: MLP_RECIPE.epochs,
    trainLoss: train.loss,
    validationLoss: validation.loss,
    trainAccuracy: train.accuracy,
    validationAccuracy: validation.accuracy,
    validationPredictions: validation.predictions,
    onnx: exportMlpToOnnx({
      task: set.task,
      weights,
      featureNames: set.featureNames,
      targetName: set.targetName,
      classes: set.classes,
      featureMean,
      featureStd,
      targetMean,
      targetStd,
    }),
  };
}

interface Scores {
  readonly loss: number;
  readonly accuracy: number | null;
  readonly predictions: (string | number)[];
}

async function scoreRows(
  weights: MlpWeights,
  x: Float32Array,
  rows: number[],
  set: TrainingSet,
  targetMean: number,
  targetStd: number,
): Promise<Scores> {
  const classes = set.classes;
  const out = await predictMlp(weights, x, rows.length, classes !== null);
  if (classes === null) {
    const values = rows.map((_, r) => (out[r] ?? 0) * targetStd + targetMean);
    const loss = mean(rows.map((row, r) => ((values[r] ?? 0) - (set.targets[row] ?? 0)) ** 2));
    return { loss, accuracy: null, predictions: values };
  }
  const width = classes.length;
  let lossSum = 0;
  let correct = 0;
  const predictions = rows.map((row, r) => {
    const probabilities = out.subarray(r * width, (r + 1) * width);
    const truth = set.targets[row] ?? 0;
    lossSum -= Math.log(Math.max(probabilities[truth] ?? 0, 1e-7));
    const predicted = argmax(probabilities);
    correct += predicted === truth ? 1 : 0;
    return classes[predicted] ?? '';
  });
  return { loss: lossSum / rows.length, accuracy: correct / rows.length, predictions };
}

function rowIndexes(count: number, validation: boolean): number[] {
  return Array.from({ length: count }, (_, i) => i).filter(
    (i) => isValidationRow(i) === validation,
  );
}

/** Per-column mean and standard deviation (1 for a constant column), as float32 values. */
function columnStats(
  matrix: Float64Array,
  width: number,
  rows: number[],
): { mean: Float32Array; std: Float32Array } {
  const means = Array.from({ length: width }, (_, c) =>
    mean(rows.map((row) => matrix[row * width + c] ?? 0)),
  );
  const stds = means.map((m, c) => {
    const variance = mean(rows.map((row) => ((matrix[row * width + c] ?? 0) - m) ** 2));
    return variance > 0 ? Math.sqrt(variance) : 1;
  });
  return { mean: Float32Array.from(means), std: Float32Array.from(stds) };
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
