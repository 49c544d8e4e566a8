import type { TrainTask } from '../../references';
import { encodeOnnxModel, type OnnxNode } from '../onnx-format';
import type { MlpWeights } from './mlp';

/** Metadata keys the ONNX executor reads to accept tabular rows for a trained model. */
export const TRAINED_MODEL_METADATA = {
  task: 'polkamesh.task',
  features: 'polkamesh.features',
  classes: 'polkamesh.classes',
  target: 'polkamesh.target',
} as const;

export const TRAINED_MODEL_INPUT = 'features';
export const CLASSIFIER_OUTPUT = 'probabilities';
export const REGRESSOR_OUTPUT = 'prediction';

export interface ExportableMlp {
  readonly task: TrainTask;
  readonly weights: MlpWeights;
  readonly featureNames: readonly string[];
  readonly targetName: string;
  readonly classes: readonly string[] | null;
  /** Feature standardisation: x' = (x − mean) / std. */
  readonly featureMean: Float32Array;
  readonly featureStd: Float32Array;
  /** Regression only: the network predicts (y − mean) / std. */
  readonly targetMean: number;
  readonly targetStd: number;
}

/**
 * The trained network as ONNX: raw features in (`features`, float32 [batch, F]), standardised by
 * Sub/Div nodes, then MatMul/Add/Relu/MatMul/Add; classifiers end in Softmax (`probabilities`,
 * [batch, classes]), regressors undo the target standardisation (`prediction`, [batch, 1]).
 */
export function exportMlpToOnnx(mlp: ExportableMlp): Uint8Array {
  const { weights } = mlp;
  const isClassifier = mlp.task === 'tabular-classification';
  const output = isClassifier ? CLASSIFIER_OUTPUT : REGRESSOR_OUTPUT;
  const head: OnnxNode[] = isClassifier
    ? [
        {
          opType: 'Softmax',
          inputs: ['logits'],
          outputs: [output],
          attributes: [{ name: 'axis', int: 1 }],
        },
      ]
    : [
        { opType: 'Mul', inputs: ['logits', 'target_std'], outputs: ['scaled'] },
        { opType: 'Add', inputs: ['scaled', 'target_mean'], outputs: [output] },
      ];
  const metadata: Record<string, string> = {
    [TRAINED_MODEL_METADATA.task]: mlp.task,
    [TRAINED_MODEL_METADATA.features]: JSON.stringify(mlp.featureNames),
    [TRAINED_MODEL_METADATA.target]: mlp.targetName,
  };
  if (mlp.classes !== null) {
    metadata[TRAINED_MODEL_METADATA.classes] = JSON.stringify(mlp.classes);
  }
  return encodeOnnxModel({
    producerName: 'polkamesh train-tabular',
    metadata,
    graph: {
      name: `mlp_${mlp.task.replace('-', '_')}`,
      nodes: [
        { opType: 'Sub', inputs: [TRAINED_MODEL_INPUT, 'feature_mean'], outputs: ['centred'] },
        { opType: 'Div', inputs: ['centred', 'feature_std'], outputs: ['standardised'] },
        { opType: 'MatMul', inputs: ['standardised', 'w1'], outputs: ['hidden_mm'] },
        { opType: 'Add', inputs: ['hidden_mm', 'b1'], outputs: ['hidden_pre'] },
        { opType: 'Relu', inputs: ['hidden_pre'], outputs: ['hidden'] },
        { opType: 'MatMul', inputs: ['hidden', 'w2'], outputs: ['out_mm'] },
        { opType: 'Add', inputs: ['out_mm', 'b2'], outputs: ['logits'] },
        ...head,
      ],
      initializers: [
        { name: 'feature_mean', type: 'float32', dims: [weights.inputs], data: mlp.featureMean },
        { name: 'feature_std', type: 'float32', dims: [weights.inputs], data: mlp.featureStd },
        { name: 'w1', type: 'float32', dims: [weights.inputs, weights.hidden], data: weights.w1 },
        { name: 'b1', type: 'float32', dims: [weights.hidden], data: weights.b1 },
        { name: 'w2', type: 'float32', dims: [weights.hidden, weights.outputs], data: weights.w2 },
        { name: 'b2', type: 'float32', dims: [weights.outputs], data: weights.b2 },
        ...(isClassifier
          ? []
          : [
              { name: 'target_std', type: 'float32' as const, dims: [], data: [mlp.targetStd] },
              { name: 'target_mean', type: 'float32' as const, dims: [], data: [mlp.targetMean] },
            ]),
      ],
      inputs: [{ name: TRAINED_MODEL_INPUT, type: 'float32', shape: ['batch', weights.inputs] }],
      outputs: [{ name: output, type: 'float32', shape: ['batch', weights.outputs] }],
    },
  });
}
