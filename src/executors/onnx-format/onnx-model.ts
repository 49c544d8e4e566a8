import { ProtobufWriter } from './protobuf-writer';

/** Tensor element types this writer knows, with their `TensorProto.DataType` codes. */
export const ONNX_ELEMENT_TYPES = {
  float32: 1,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  float64: 11,
} as const;

export type OnnxElementType = keyof typeof ONNX_ELEMENT_TYPES;

/** A constant tensor (initializer). Data is stored as little-endian `raw_data`. */
export type OnnxTensor =
  | {
      readonly name: string;
      readonly type: 'float32';
      readonly dims: readonly number[];
      readonly data: ArrayLike<number>;
    }
  | {
      readonly name: string;
      readonly type: 'int64';
      readonly dims: readonly number[];
      readonly data: readonly (number | bigint)[];
    }
  | {
      readonly name: string;
      readonly type: 'bool';
      readonly dims: readonly number[];
      readonly data: readonly boolean[];
    };

/** A graph input or output: name, element type and shape (a string is a named dim, `dim_param`). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly type: OnnxElementType;
  /** Omit for a value of unknown rank. */
  readonly shape?: readonly (number | string)[];
}

export type OnnxAttribute =
  | { readonly name: string; readonly int: number | bigint }
  | { readonly name: string; readonly float: number }
  | { readonly name: string; readonly ints: readonly (number | bigint)[] }
  | { readonly name: string; readonly floats: readonly number[] }
  | { readonly name: string; readonly string: string }
  | { readonly name: string; readonly graph: OnnxGraph };

export interface OnnxNode {
  readonly opType: string;
  /** An empty string leaves an optional input out (e.g. `Loop`'s condition). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  readonly domain?: string;
  readonly attributes?: readonly OnnxAttribute[];
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers?: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

export interface OnnxModel {
  readonly graph: OnnxGraph;
  /** Default 8. */
  readonly irVersion?: number;
  /** Default-domain opset; default 17. */
  readonly opsetVersion?: number;
  readonly producerName?: string;
  /** Written as `metadata_props`, in key order, so that equal maps give equal bytes. */
  readonly metadata?: Readonly<Record<string, string>>;
}

// Field numbers from onnx/onnx.proto.
const MODEL = { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8, metadataProps: 14 };
const OPSET_ID = { domain: 1, version: 2 };
const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12 };
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 };
const ATTRIBUTE = { name: 1, f: 2, i: 3, s: 4, g: 6, floats: 7, ints: 8, type: 20 };
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, graph: 5, floats: 6, ints: 7 };
const TENSOR = { dims: 1, dataType: 2, name: 8, rawData: 9 };
const VALUE_INFO = { name: 1, type: 2 };
const TYPE_TENSOR = 1;
const TENSOR_TYPE = { elemType: 1, shape: 2 };
const SHAPE_DIM = 1;
const DIMENSION = { value: 1, param: 2 };
const STRING_ENTRY = { key: 1, value: 2 };

/** Serialises `model` to ONNX `ModelProto` bytes. Same model in, same bytes out. */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const writer = new ProtobufWriter()
    .varint(MODEL.irVersion, model.irVersion ?? 8)
    .string(MODEL.producerName, model.producerName ?? 'polkamesh')
    .message(MODEL.graph, (w) => writeGraph(w, model.graph))
    .message(MODEL.opsetImport, (w) =>
      w.string(OPSET_ID.domain, '').varint(OPSET_ID.version, model.opsetVersion ?? 17),
    );
  const metadata = model.metadata ?? {};
  for (const key of Object.keys(metadata).sort()) {
    writer.message(MODEL.metadataProps, (w) =>
      w.string(STRING_ENTRY.key, key).string(STRING_ENTRY.value, metadata[key] ?? ''),
    );
  }
  return writer.finish();
}

function writeGraph(writer: ProtobufWriter, graph: OnnxGraph): void {
  for (const node of graph.nodes) {
    writer.message(GRAPH.node, (w) => writeNode(w, node));
  }
  writer.string(GRAPH.name, graph.name);
  for (const tensor of graph.initializers ?? []) {
    writer.message(GRAPH.initializer, (w) => writeTensor(w, tensor));
  }
  for (const input of graph.inputs) {
    writer.message(GRAPH.input, (w) => writeValueInfo(w, input));
  }
  for (const output of graph.outputs) {
    writer.message(GRAPH.output, (w) => writeValueInfo(w, output));
  }
}

function writeNode(writer: ProtobufWriter, node: OnnxNode): void {
  node.inputs.forEach((input) => writer.string(NODE.input, input));
  node.outputs.forEach((output) => writer.string(NODE.output, output));
  if (node.name !== undefined) {
    writer.string(NODE.name, node.name);
  }
  writer.string(NODE.opType, node.opType);
  for (const attribute of node.attributes ?? []) {
    writer.message(NODE.attribute, (w) => writeAttribute(w, attribute));
  }
  if (node.domain !== undefined) {
    writer.string(NODE.domain, node.domain);
  }
}

function writeAttribute(writer: ProtobufWriter, attribute: OnnxAttribute): void {
  writer.string(ATTRIBUTE.name, attribute.name);
  if ('int' in attribute) {
    writer.varint(ATTRIBUTE.i, attribute.int).varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.int);
  } else if ('float' in attribute) {
    writer.float(ATTRIBUTE.f, attribute.float).varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.float);
  } else if ('ints' in attribute) {
    attribute.ints.forEach((value) => writer.varint(ATTRIBUTE.ints, value));
    writer.varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.ints);
  } else if ('floats' in attribute) {
    attribute.floats.forEach((value) => writer.float(ATTRIBUTE.floats, value));
    writer.varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.floats);
  } else if ('string' in attribute) {
    writer.string(ATTRIBUTE.s, attribute.string).varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.string);
  } else {
    writer
      .message(ATTRIBUTE.g, (w) => writeGraph(w, attribute.graph))
      .varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.graph);
  }
}

function writeTensor(writer: ProtobufWriter, tensor: OnnxTensor): void {
  const count = tensor.dims.reduce((product, dim) => product * dim, 1);
  if (tensor.data.length !== count) {
    throw new Error(
      `tensor ${tensor.name}: ${tensor.data.length} values for dims [${tensor.dims.join(', ')}]`,
    );
  }
  tensor.dims.forEach((dim) => writer.varint(TENSOR.dims, dim));
  writer
    .varint(TENSOR.dataType, ONNX_ELEMENT_TYPES[tensor.type])
    .string(TENSOR.name, tensor.name)
    .bytes(TENSOR.rawData, rawData(tensor));
}

function rawData(tensor: OnnxTensor): Uint8Array {
  switch (tensor.type) {
    case 'float32': {
      const values = Float32Array.from(tensor.data);
      return littleEndianBytes(values.length * 4, (view) =>
        values.forEach((value, i) => view.setFloat32(i * 4, value, true)),
      );
    }
    case 'int64':
      return littleEndianBytes(tensor.data.length * 8, (view) =>
        tensor.data.forEach((value, i) => view.setBigInt64(i * 8, BigInt(value), true)),
      );
    case 'bool':
      return Uint8Array.from(tensor.data, (value) => (value ? 1 : 0));
  }
}

function littleEndianBytes(size: number, fill: (view: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  fill(new DataView(bytes.buffer));
  return bytes;
}

function writeValueInfo(writer: ProtobufWriter, info: OnnxValueInfo): void {
  writer.string(VALUE_INFO.name, info.name).message(VALUE_INFO.type, (type) =>
    type.message(TYPE_TENSOR, (tensorType) => {
      tensorType.varint(TENSOR_TYPE.elemType, ONNX_ELEMENT_TYPES[info.type]);
      if (info.shape !== undefined) {
        const shape = info.shape;
        tensorType.message(TENSOR_TYPE.shape, (w) => {
          for (const dim of shape) {
            w.message(SHAPE_DIM, (d) =>
              typeof dim === 'number'
                ? d.varint(DIMENSION.value, dim)
                : d.string(DIMENSION.param, dim),
            );
          }
        });
      }
    }),
  );
}
