import { computeContentDigest } from '../../content-store';
import type { TrainTask } from '../../references';
import type { ExecutionRequest, ExecutionResult, Executor } from '../executor';
import { VALIDATION_EVERY, buildTrainingSet } from './training-set';
import { MLP_RECIPE } from './mlp';
import { parseTable } from './tabular-table';
import { trainTabularModel } from './train-tabular-model';

export const TRAIN_TABULAR_EXECUTOR_VERSION = 'train-tabular@1';

/**
 * `train:tabular-classification` and `train:tabular-regression`: trains a small MLP on a CSV or
 * JSON table (see `parseTable`, `buildTrainingSet`) and returns the model as an ONNX artifact.
 *
 * Output (`application/json`, keys in this order, floats rounded to 6 decimals):
 * `{"task","rows","features","classes","epochs","trainLoss","validationLoss","trainAccuracy",
 * "validationAccuracy","modelDigest"}`, where `modelDigest` is the exported ONNX model's digest.
 * The result's `modelDigest` identifies the model that ran, i.e. the training recipe.
 */
export function createTabularTrainExecutor(): Executor {
  return {
    async run(request: ExecutionRequest): Promise<ExecutionResult> {
      if (request.model.kind !== 'train') {
        throw new Error(`the training executor cannot run ${request.model.kind} models`);
      }
      const task = request.model.task;
      const set = buildTrainingSet(parseTable(request.input), task);
      const trained = await trainTabularModel(set);
      const onnxDigest = computeContentDigest(trained.onnx);
      const output = {
        task,
        rows: set.rows,
        features: set.featureNames,
        classes: set.classes,
        epochs: trained.epochs,
        trainLoss: round6(trained.trainLoss),
        validationLoss: round6(trained.validationLoss),
        trainAccuracy: nullableRound6(trained.trainAccuracy),
        validationAccuracy: nullableRound6(trained.validationAccuracy),
        modelDigest: onnxDigest,
      };
      return {
        output: new TextEncoder().encode(JSON.stringify(output)),
        outputMediaType: 'application/json',
        modelDigest: trainingRecipeDigest(task),
        executorVersion: TRAIN_TABULAR_EXECUTOR_VERSION,
        summary: {
          task,
          rows: set.rows,
          features: set.featureNames.length,
          validationLoss: output.validationLoss,
          validationAccuracy: output.validationAccuracy,
          trainedModelDigest: onnxDigest,
        },
        artifacts: [{ role: 'model', mediaType: 'application/onnx', bytes: trained.onnx }],
      };
    },
  };
}

/** `sha256:` of a canonical description of everything but the data that decides the weights. */
export function trainingRecipeDigest(task: TrainTask): string {
  const recipe = {
    executor: TRAIN_TABULAR_EXECUTOR_VERSION,
    task,
    ...MLP_RECIPE,
    standardisation: 'training-rows mean/std',
    validation: `every ${VALIDATION_EVERY}th row`,
    runtime: 'tfjs-wasm',
  };
  return computeContentDigest(new TextEncoder().encode(JSON.stringify(recipe)));
}

function round6(value: number): number {
  const rounded = Math.round(value * 1e6) / 1e6;
  return rounded === 0 ? 0 : rounded;
}

function nullableRound6(value: number | null): number | null {
  return value === null ? null : round6(value);
}
