/**
 * @jest-environment ./src/executors/onnx/testing/native-typed-arrays-environment.ts
 */
import { externalDataModel } from '../../../test/fixtures/file-reach-models';
import { affineModel } from '../../../test/fixtures/onnx-models';
import { computeContentDigest } from '../../content-store';
import { InvalidInputError, type ExecutionRequest, type Executor } from '../executor';
import { encodeOnnxModel } from '../onnx-format';
import { createOnnxExecutor } from './onnx-executor';

function request(model: Uint8Array, input: unknown): ExecutionRequest {
  return {
    model: { kind: 'onnx', digest: computeContentDigest(model) },
    modelBytes: model,
    input: new TextEncoder().encode(typeof input === 'string' ? input : JSON.stringify(input)),
    inputMediaType: 'application/json',
  };
}

function affineInput(data: number[], dims = [data.length / 2, 2]): unknown {
  return { inputs: { x: { dims, data, type: 'float32' } } };
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('createOnnxExecutor', () => {
  let executor: Executor;

  beforeEach(() => {
    executor = createOnnxExecutor();
  });

  afterEach(async () => {
    await executor.close?.();
  });

  it('runs y = x·W + b and returns the hand-computed outputs as canonical JSON', async () => {
    const result = await executor.run(request(affineModel(), affineInput([1, 1, 2, 0])));

    expect(text(result.output)).toBe(
      '{"outputs":{"y":{"dims":[2,2],"type":"float32","data":[4.5,5,2.5,3]}}}',
    );
    expect(result.outputMediaType).toBe('application/json');
    expect(result.modelDigest).toBe(computeContentDigest(affineModel()));
    expect(result.executorVersion).toBe('onnx-runtime@1');
  });

  it('rounds floats to 6 significant digits', async () => {
    // [1/3, 0]·W + b = [1/3 + 0.5, 2/3 − 1].
    const result = await executor.run(request(affineModel(), affineInput([1 / 3, 0])));

    expect(JSON.parse(text(result.output)).outputs.y.data).toEqual([0.833333, -0.333333]);
  });

  it('gives the same bytes on a second run and after the session cache is cleared', async () => {
    const first = await executor.run(request(affineModel(), affineInput([0.1, 0.7])));
    const second = await executor.run(request(affineModel(), affineInput([0.1, 0.7])));
    await executor.close?.();
    const third = await executor.run(request(affineModel(), affineInput([0.1, 0.7])));

    expect(text(second.output)).toBe(text(first.output));
    expect(text(third.output)).toBe(text(first.output));
  });

  it('passes int64 and bool tensors through', async () => {
    const model = encodeOnnxModel({
      graph: {
        name: 'pass',
        nodes: [
          { opType: 'Identity', inputs: ['i'], outputs: ['i_out'] },
          { opType: 'Not', inputs: ['b'], outputs: ['b_out'] },
        ],
        inputs: [
          { name: 'i', type: 'int64', shape: [3] },
          { name: 'b', type: 'bool', shape: [2] },
        ],
        outputs: [
          { name: 'i_out', type: 'int64', shape: [3] },
          { name: 'b_out', type: 'bool', shape: [2] },
        ],
      },
    });
    const input = {
      inputs: {
        i: { dims: [3], data: [-5, 0, 9007199254740991], type: 'int64' },
        b: { dims: [2], data: [true, 0] },
      },
    };

    const result = await executor.run(request(model, input));

    expect(JSON.parse(text(result.output)).outputs).toEqual({
      i_out: { dims: [3], type: 'int64', data: [-5, 0, 9007199254740991] },
      b_out: { dims: [2], type: 'bool', data: [false, true] },
    });
  });

  it.each([
    ['a missing input', { inputs: {} }, /input "x" is missing/],
    ['an unknown input', { inputs: { x: {}, z: {} } }, /no input "z"/],
    ['no inputs object', { x: 1 }, /\{"inputs"/],
    ['a count that does not match the dims', affineInput([1, 2, 3], [2, 2]), /4 values/],
    ['a non-number', affineInput([1, Number.NaN]), /data\[1\] = null/],
    ['a string number', { inputs: { x: { dims: [1, 2], data: [1, '2'] } } }, /data\[1\]/],
    ['a fixed dim that differs', affineInput([1, 2, 3], [1, 3]), /expects \[batch, 2\]/],
    [
      'the wrong element type',
      { inputs: { x: { dims: [1, 2], data: [1, 2], type: 'int64' } } },
      /type float32/,
    ],
    ['too many elements', { inputs: { x: { dims: [5000, 5000], data: [] } } }, /10000000/],
    ['negative dims', { inputs: { x: { dims: [-1, 2], data: [] } } }, /non-negative/],
    ['text that is not JSON', 'x=1', /not valid JSON/],
  ])('refuses %s with InvalidInputError', async (_case, input, message) => {
    const run = executor.run(request(affineModel(), input));

    await expect(run).rejects.toBeInstanceOf(InvalidInputError);
    await expect(run).rejects.toThrow(message);
  });

  it('refuses an input the model fails on at run time', async () => {
    const model = encodeOnnxModel({
      graph: {
        name: 'add',
        nodes: [{ opType: 'Add', inputs: ['a', 'b'], outputs: ['sum'] }],
        inputs: [
          { name: 'a', type: 'float32', shape: ['n'] },
          { name: 'b', type: 'float32', shape: ['m'] },
        ],
        outputs: [{ name: 'sum', type: 'float32', shape: ['n'] }],
      },
    });
    const input = { inputs: { a: { dims: [2], data: [1, 2] }, b: { dims: [3], data: [1, 2, 3] } } };

    const run = executor.run(request(model, input));

    await expect(run).rejects.toBeInstanceOf(InvalidInputError);
    await expect(run).rejects.toThrow(/failed on this input/);
  });

  it('refuses a request without model bytes', async () => {
    const { modelBytes: _, ...withoutBytes } = request(affineModel(), affineInput([1, 1]));

    await expect(executor.run(withoutBytes)).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('fails (retryably) when the bytes do not match the digest', async () => {
    const tampered = {
      ...request(affineModel(), affineInput([1, 1])),
      modelBytes: new Uint8Array(4),
    };

    const run = executor.run(tampered);

    await expect(run).rejects.toThrow(/corrupt/);
    await expect(run).rejects.not.toBeInstanceOf(InvalidInputError);
  });

  it('refuses bytes that are not an ONNX model', async () => {
    const run = executor.run(request(new TextEncoder().encode('not a model'), affineInput([1, 1])));

    await expect(run).rejects.toBeInstanceOf(InvalidInputError);
    await expect(run).rejects.toThrow(/not a readable ONNX protobuf/);
  });

  it('refuses a model with external data before onnxruntime reads the file it names', async () => {
    // Relative to the working directory (the repository under Jest), where onnxruntime would look.
    const model = externalDataModel('package.json', 16);

    const run = executor.run(request(model, { inputs: {} }));

    await expect(run).rejects.toBeInstanceOf(InvalidInputError);
    await expect(run).rejects.toThrow(
      'the model was refused: graph "leak" > initializer "secret" keeps its data outside the model (external data)',
    );
  });

  it('refuses tabular input for a model our trainer did not make', async () => {
    const run = executor.run(request(affineModel(), 'a,b\n1,2\n'));

    await expect(run).rejects.toThrow(InvalidInputError);
  });
});
