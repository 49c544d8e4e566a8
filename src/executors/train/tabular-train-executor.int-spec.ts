/**
 * @jest-environment ./src/executors/onnx/testing/native-typed-arrays-environment.ts
 */
import { computeContentDigest } from '../../content-store';
import type { TrainTask } from '../../references';
import { InvalidInputError, type ExecutionRequest, type ExecutionResult } from '../executor';
import { findFileReach, readOnnxMetadata } from '../onnx-format';
import { createOnnxExecutor } from '../onnx/onnx-executor';
import { createTabularTrainExecutor } from './tabular-train-executor';
import { seededRandom } from '../../shared/seeded-random';
import { parseTable } from './tabular-table';
import { trainTabularModel } from './train-tabular-model';
import { buildTrainingSet, isValidationRow } from './training-set';

/** Three classes split by two lines through the (x1, x2) plane; x3 is noise. */
function classificationCsv(rows: number): string {
  const random = seededRandom(11);
  const lines = ['x1,x2,x3,label'];
  for (let i = 0; i < rows; i++) {
    const [x1, x2, x3] = [random() * 4 - 2, random() * 4 - 2, random() * 100];
    const label = x1 + x2 > 1 ? 'high' : x1 - x2 > 0 ? 'east' : 'west';
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${x3.toFixed(2)},${label}`);
  }
  return `${lines.join('\n')}\n`;
}

/** y = 3·x1 − 2·x2 + 1 + uniform noise in [−0.1, 0.1). */
function regressionCsv(rows: number): string {
  const random = seededRandom(23);
  const lines = ['x1,x2,target'];
  for (let i = 0; i < rows; i++) {
    const [x1, x2] = [random() * 4 - 2, random() * 4 - 2];
    const y = 3 * x1 - 2 * x2 + 1 + (random() - 0.5) * 0.2;
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${y.toFixed(4)}`);
  }
  return `${lines.join('\n')}\n`;
}

function trainRequest(task: TrainTask, data: string): ExecutionRequest {
  return {
    model: { kind: 'train', task },
    input: new TextEncoder().encode(data),
    inputMediaType: 'text/csv',
  };
}

const json = (bytes: Uint8Array): any => JSON.parse(new TextDecoder().decode(bytes));

function modelOf(result: ExecutionResult): Uint8Array {
  const artifact = result.artifacts?.find((a) => a.role === 'model');
  expect(artifact?.mediaType).toBe('application/onnx');
  return artifact!.bytes;
}

/** The CSV's header plus its validation rows (every 5th). */
function validationCsv(csv: string): string {
  const [header, ...rows] = csv.trimEnd().split('\n');
  return [header, ...rows.filter((_, i) => isValidationRow(i))].join('\n');
}

describe('createTabularTrainExecutor', () => {
  const classification = classificationCsv(400);
  const regression = regressionCsv(400);

  it('learns a separable classification to at least 90% validation accuracy', async () => {
    const result = await createTabularTrainExecutor().run(
      trainRequest('tabular-classification', classification),
    );
    const output = json(result.output);

    expect(Object.keys(output)).toEqual([
      'task',
      'rows',
      'features',
      'classes',
      'epochs',
      'trainLoss',
      'validationLoss',
      'trainAccuracy',
      'validationAccuracy',
      'modelDigest',
    ]);
    expect(output).toMatchObject({
      task: 'tabular-classification',
      rows: 400,
      features: ['x1', 'x2', 'x3'],
      classes: ['east', 'high', 'west'],
      epochs: 200,
    });
    expect(output.validationAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(output.modelDigest).toBe(computeContentDigest(modelOf(result)));
    expect(result.executorVersion).toBe('train-tabular@1');
  });

  it('learns a linear regression to a validation MSE far below the variance of y', async () => {
    const result = await createTabularTrainExecutor().run(
      trainRequest('tabular-regression', regression),
    );
    const output = json(result.output);
    const ys = regression
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => Number(line.split(',')[2]));
    const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
    const varianceY = ys.reduce((sum, y) => sum + (y - meanY) ** 2, 0) / ys.length;

    expect(output).toMatchObject({
      task: 'tabular-regression',
      classes: null,
      trainAccuracy: null,
    });
    // A model predicting the mean scores a ratio of 1; the noise alone allows about 0.0002.
    expect(output.validationLoss / varianceY).toBeLessThan(0.01);
  });

  it('gives identical output and model bytes on a second run', async () => {
    const first = await createTabularTrainExecutor().run(
      trainRequest('tabular-classification', classification),
    );
    const second = await createTabularTrainExecutor().run(
      trainRequest('tabular-classification', classification),
    );

    expect(Buffer.from(second.output).equals(Buffer.from(first.output))).toBe(true);
    expect(Buffer.from(modelOf(second)).equals(Buffer.from(modelOf(first)))).toBe(true);
  });

  it('attests the training recipe, which differs by task, as the model digest', async () => {
    const result = await createTabularTrainExecutor().run(
      trainRequest('tabular-regression', regression),
    );
    const other = await createTabularTrainExecutor().run(
      trainRequest('tabular-classification', classification),
    );

    expect(result.modelDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.modelDigest).not.toBe(computeContentDigest(modelOf(result)));
    expect(result.modelDigest).not.toBe(other.modelDigest);
  });

  it('exports an ONNX model that predicts the same class as tfjs for every validation row', async () => {
    const set = buildTrainingSet(
      parseTable(new TextEncoder().encode(classification)),
      'tabular-classification',
    );
    const trained = await trainTabularModel(set);
    const onnx = createOnnxExecutor();

    const result = await onnx.run({
      model: { kind: 'onnx', digest: computeContentDigest(trained.onnx) },
      modelBytes: trained.onnx,
      input: new TextEncoder().encode(validationCsv(classification)),
      inputMediaType: 'text/csv',
    });
    await onnx.close?.();

    // The ONNX executor runs only self-contained models; ours must be one.
    expect(findFileReach(trained.onnx)).toBeNull();
    expect(trained.validationPredictions).toHaveLength(80);
    expect(json(result.output).predictions).toEqual(trained.validationPredictions);
    expect(readOnnxMetadata(trained.onnx)).toEqual({
      'polkamesh.classes': '["east","high","west"]',
      'polkamesh.features': '["x1","x2","x3"]',
      'polkamesh.target': 'label',
      'polkamesh.task': 'tabular-classification',
    });
  });

  it('exports a regression model whose ONNX predictions match tfjs and follow y = 3·x1 − 2·x2 + 1', async () => {
    const set = buildTrainingSet(
      parseTable(new TextEncoder().encode(regression)),
      'tabular-regression',
    );
    const trained = await trainTabularModel(set);
    const onnx = createOnnxExecutor();
    const rows = [
      { x2: 0, x1: 0 },
      { x1: 1, x2: -1 },
      { x1: -1.5, x2: 0.5 },
    ];

    const result = await onnx.run({
      model: { kind: 'onnx', digest: computeContentDigest(trained.onnx) },
      modelBytes: trained.onnx,
      input: new TextEncoder().encode(JSON.stringify(rows)),
      inputMediaType: 'application/json',
    });
    const validation = await onnx.run({
      model: { kind: 'onnx', digest: computeContentDigest(trained.onnx) },
      modelBytes: trained.onnx,
      input: new TextEncoder().encode(validationCsv(regression)),
      inputMediaType: 'text/csv',
    });
    await onnx.close?.();

    const predictions = json(result.output).predictions as number[];
    [1, 6, -4.5].forEach((expected, i) => expect(predictions[i]).toBeCloseTo(expected, 0));
    const fromOnnx = json(validation.output).predictions as number[];
    fromOnnx.forEach((value, i) =>
      expect(value).toBeCloseTo(trained.validationPredictions[i] as number, 3),
    );
  });

  it('trains from a JSON array of objects with numeric class labels', async () => {
    const random = seededRandom(5);
    const rows = Array.from({ length: 50 }, () => {
      const v = random() * 2 - 1;
      return { v, w: random(), label: v > 0 ? 1 : 0 };
    });

    const result = await createTabularTrainExecutor().run({
      ...trainRequest('tabular-classification', JSON.stringify(rows)),
      inputMediaType: 'application/json',
    });

    expect(json(result.output)).toMatchObject({ features: ['v', 'w'], classes: ['0', '1'] });
  });

  it.each([
    ['a ragged row', 'a,b,label\n1,2,x\n3,y\n'],
    ['a text feature', `a,label\n${'1,x\n'.repeat(9)}red,y\n`],
    ['a single class', `a,label\n${'1,x\n'.repeat(12)}`],
    ['too few rows', 'a,label\n1,x\n2,y\n'],
    ['no feature column', `label\n${'x\ny\n'.repeat(6)}`],
    ['an unterminated quote', 'a,label\n1,"x\n'],
  ])('refuses %s with InvalidInputError', async (_case, csv) => {
    const run = createTabularTrainExecutor().run(trainRequest('tabular-classification', csv));

    await expect(run).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('refuses a regression target that is not numeric', async () => {
    const csv = `a,target\n${'1,2\n'.repeat(10)}3,high\n`;

    await expect(
      createTabularTrainExecutor().run(trainRequest('tabular-regression', csv)),
    ).rejects.toThrow(/"high" is not a finite number/);
  });
});
