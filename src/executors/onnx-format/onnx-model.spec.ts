/**
 * @jest-environment ./src/executors/onnx/testing/native-typed-arrays-environment.ts
 */
import * as ort from 'onnxruntime-node';
import { affineModel } from '../../../test/fixtures/onnx-models';
import { encodeOnnxModel, type OnnxGraph } from './onnx-model';
import { readOnnxMetadata } from './read-onnx-metadata';

async function run(
  bytes: Uint8Array,
  feeds: Record<string, ort.Tensor>,
): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

function floats(values: number[], dims: number[]): ort.Tensor {
  return new ort.Tensor('float32', Float32Array.from(values), dims);
}

describe('encodeOnnxModel', () => {
  it('writes a MatMul + Add model that onnxruntime runs to the hand-computed numbers', async () => {
    // [1, 1]·[[1, 2], [3, 4]] + [0.5, -1] = [4.5, 5]; [2, 0]·W + b = [2.5, 3].
    const { y } = await run(affineModel(), { x: floats([1, 1, 2, 0], [2, 2]) });

    expect(y?.dims).toEqual([2, 2]);
    expect(Array.from(y?.data as Float32Array)).toEqual([4.5, 5, 2.5, 3]);
  });

  it('declares inputs and outputs with their element types and named batch dims', async () => {
    const session = await ort.InferenceSession.create(affineModel());

    expect(session.inputMetadata).toEqual([
      { name: 'x', isTensor: true, type: 'float32', shape: ['batch', 2] },
    ]);
    expect(session.outputNames).toEqual(['y']);
    await session.release();
  });

  it('writes int, negative int, float, ints and floats attributes', async () => {
    const graph: OnnxGraph = {
      name: 'attributes',
      nodes: [
        {
          opType: 'Constant',
          inputs: [],
          outputs: ['c'],
          attributes: [{ name: 'value_floats', floats: [10, 20] }],
        },
        {
          opType: 'LeakyRelu',
          inputs: ['x'],
          outputs: ['leaky'],
          attributes: [{ name: 'alpha', float: 0.25 }],
        },
        {
          opType: 'Concat',
          inputs: ['leaky', 'c'],
          outputs: ['joined'],
          attributes: [{ name: 'axis', int: -1 }],
        },
        {
          opType: 'ReduceMean',
          inputs: ['joined'],
          outputs: ['mean'],
          attributes: [
            { name: 'axes', ints: [0] },
            { name: 'keepdims', int: 0 },
          ],
        },
      ],
      inputs: [{ name: 'x', type: 'float32', shape: [2] }],
      outputs: [
        { name: 'joined', type: 'float32', shape: [4] },
        { name: 'mean', type: 'float32', shape: [] },
      ],
    };

    const { joined, mean } = await run(encodeOnnxModel({ graph }), { x: floats([-4, 2], [2]) });

    expect(Array.from(joined?.data as Float32Array)).toEqual([-1, 2, 10, 20]);
    expect(Array.from(mean?.data as Float32Array)).toEqual([7.75]);
  });

  it('stores int64 initializers, negative values included, as raw data', async () => {
    const graph: OnnxGraph = {
      name: 'gather',
      nodes: [{ opType: 'Gather', inputs: ['x', 'indices'], outputs: ['picked'] }],
      initializers: [{ name: 'indices', type: 'int64', dims: [3], data: [-1, 0, 2n] }],
      inputs: [{ name: 'x', type: 'float32', shape: [4] }],
      outputs: [{ name: 'picked', type: 'float32', shape: [3] }],
    };

    const { picked } = await run(encodeOnnxModel({ graph }), { x: floats([5, 6, 7, 8], [4]) });

    expect(Array.from(picked?.data as Float32Array)).toEqual([8, 5, 7]);
  });

  it('writes string attributes', async () => {
    const graph: OnnxGraph = {
      name: 'text',
      nodes: [
        {
          opType: 'Constant',
          inputs: [],
          outputs: ['s'],
          attributes: [{ name: 'value_string', string: 'héllo' }],
        },
      ],
      inputs: [],
      outputs: [{ name: 's', type: 'string', shape: [] }],
    };

    const { s } = await run(encodeOnnxModel({ graph }), {});

    expect(s?.data).toEqual(['héllo']);
  });

  it('writes metadata_props in key order so equal maps give equal bytes', () => {
    const graph = { name: 'g', nodes: [], inputs: [], outputs: [] };
    const a = encodeOnnxModel({ graph, metadata: { 'polkamesh.task': 'x', a: 'é' } });
    const b = encodeOnnxModel({ graph, metadata: { a: 'é', 'polkamesh.task': 'x' } });

    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(readOnnxMetadata(a)).toEqual({ a: 'é', 'polkamesh.task': 'x' });
  });

  it('keeps metadata readable by onnxruntime (the model still loads)', async () => {
    const session = await ort.InferenceSession.create(
      encodeOnnxModel({
        graph: {
          name: 'identity',
          nodes: [{ opType: 'Identity', inputs: ['x'], outputs: ['y'] }],
          inputs: [{ name: 'x', type: 'float32', shape: [1] }],
          outputs: [{ name: 'y', type: 'float32', shape: [1] }],
        },
        metadata: { k: 'v' },
      }),
    );
    expect(session.outputNames).toEqual(['y']);
    await session.release();
  });

  it('refuses an initializer whose data does not match its dims', () => {
    const graph: OnnxGraph = {
      name: 'bad',
      nodes: [],
      initializers: [{ name: 'w', type: 'float32', dims: [2, 2], data: [1, 2, 3] }],
      inputs: [],
      outputs: [],
    };

    expect(() => encodeOnnxModel({ graph })).toThrow(/3 values for dims \[2, 2\]/);
  });
});

describe('readOnnxMetadata', () => {
  it('returns an empty map for a model without metadata', () => {
    expect(readOnnxMetadata(affineModel())).toEqual({});
  });

  it('throws on truncated bytes', () => {
    const bytes = encodeOnnxModel({
      graph: { name: 'g', nodes: [], inputs: [], outputs: [] },
      metadata: { key: 'value' },
    });

    expect(() => readOnnxMetadata(bytes.subarray(0, bytes.length - 3))).toThrow(/protobuf/);
  });
});
