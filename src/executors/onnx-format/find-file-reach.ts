import { readProtobufFields, type ProtobufField } from './protobuf-reader';

export type FileReachKind = 'external-data' | 'ep-context' | 'not-onnx';

/** Why loading a model would make onnxruntime read something besides the model's own bytes. */
export interface FileReach {
  readonly kind: FileReachKind;
  /** Where in the model and what; never a path named by the model, nor anything about a file. */
  readonly reason: string;
}

type MessageKind =
  | 'model'
  | 'trainingInfo'
  | 'function'
  | 'graph'
  | 'node'
  | 'attribute'
  | 'sparseTensor'
  | 'tensor';

interface Child {
  readonly kind: MessageKind;
  /** How the path in a reason names it (`initializer "w"`). */
  readonly label: string;
}

/*
 * Every place a TensorProto can sit in a ModelProto (field numbers from onnx/onnx.proto, IR 10):
 * graph initializers and sparse initializers, node attributes (t, tensors, sparse_tensor(s)),
 * subgraphs in attributes (g, graphs: If / Loop / Scan bodies), model-local functions (their nodes
 * and default attributes) and training_info graphs. Other fields hold no tensors and are skipped.
 */
const CHILDREN: Readonly<Record<MessageKind, Readonly<Record<number, Child>>>> = {
  model: {
    7: { kind: 'graph', label: 'graph' },
    20: { kind: 'trainingInfo', label: 'training_info' },
    25: { kind: 'function', label: 'function' },
  },
  trainingInfo: {
    1: { kind: 'graph', label: 'initialization graph' },
    2: { kind: 'graph', label: 'algorithm graph' },
  },
  function: {
    7: { kind: 'node', label: 'node' },
    11: { kind: 'attribute', label: 'default attribute' },
  },
  graph: {
    1: { kind: 'node', label: 'node' },
    5: { kind: 'tensor', label: 'initializer' },
    15: { kind: 'sparseTensor', label: 'sparse initializer' },
  },
  node: { 5: { kind: 'attribute', label: 'attribute' } },
  attribute: {
    5: { kind: 'tensor', label: 'tensor' },
    6: { kind: 'graph', label: 'graph' },
    10: { kind: 'tensor', label: 'tensor' },
    11: { kind: 'graph', label: 'graph' },
    22: { kind: 'sparseTensor', label: 'sparse tensor' },
    23: { kind: 'sparseTensor', label: 'sparse tensor' },
  },
  sparseTensor: {
    1: { kind: 'tensor', label: 'values' },
    2: { kind: 'tensor', label: 'indices' },
  },
  tensor: {},
};

const NAME_FIELD: Readonly<Partial<Record<MessageKind, number>>> = {
  function: 1,
  graph: 2,
  node: 3,
  attribute: 1,
  tensor: 8,
};
const NODE = { opType: 4, domain: 7 };
const TENSOR = { externalData: 13, dataLocation: 14 };
/** protobuf's own default recursion limit: anything deeper onnxruntime would not parse either. */
const MAX_DEPTH = 100;
const MAX_NAME_CHARS = 64;

/**
 * Checks a user's model before onnxruntime sees it, and returns why it would reach outside its own
 * bytes, or null when it is self-contained:
 * - `external-data`: a tensor with `data_location = EXTERNAL` or any `external_data` entry, wherever
 *   tensors can sit. onnxruntime resolves such a tensor's `location` against its working directory
 *   for a model loaded from bytes, so it would read the service's files into the model.
 * - `ep-context`: a `com.microsoft` `EPContext` node, whose `ep_cache_context` may name a file for
 *   an execution provider to load (the CPU provider refuses it today; we do not rely on that).
 * - `not-onnx`: ORT-format bytes (onnxruntime would take them on another code path) or bytes this
 *   reader cannot walk (malformed, groups, deeper than protobuf's limit), which fail closed.
 * Every occurrence of a message field is walked, so a field repeated to be merged by the protobuf
 * parser is checked too.
 */
export function findFileReach(model: Uint8Array): FileReach | null {
  if (isOrtFormat(model)) {
    return {
      kind: 'not-onnx',
      reason: 'the model is in ORT format; only ONNX protobuf models are accepted',
    };
  }
  try {
    return walk('model', null, model, [], 0);
  } catch (err) {
    return {
      kind: 'not-onnx',
      reason: `the model is not a readable ONNX protobuf: ${(err as Error).message}`,
    };
  }
}

/** Walks one message; `label` names it in reasons (with its name and, for nodes, op type). */
function walk(
  kind: MessageKind,
  label: string | null,
  bytes: Uint8Array,
  parentPath: readonly string[],
  depth: number,
): FileReach | null {
  if (depth > MAX_DEPTH) {
    throw new Error(`messages nested deeper than ${MAX_DEPTH}`);
  }
  const fields = [...readProtobufFields(bytes)];
  const path = label === null ? parentPath : [...parentPath, step(kind, label, fields)];
  const found = kind === 'tensor' ? externalData(fields, path) : epContext(kind, fields, path);
  if (found !== null) {
    return found;
  }
  const children = CHILDREN[kind];
  for (const field of fields) {
    const child = children[field.number];
    if (child !== undefined && field.bytes !== undefined) {
      const reach = walk(child.kind, child.label, field.bytes, path, depth + 1);
      if (reach !== null) {
        return reach;
      }
    }
  }
  return null;
}

function step(kind: MessageKind, label: string, fields: readonly ProtobufField[]): string {
  const nameField = NAME_FIELD[kind];
  const name = nameField === undefined ? undefined : stringField(fields, nameField);
  const opType = kind === 'node' ? stringField(fields, NODE.opType) : undefined;
  const quotedName = name === undefined ? '' : ` ${JSON.stringify(name.slice(0, MAX_NAME_CHARS))}`;
  const opSuffix = opType === undefined ? '' : ` (${opType.slice(0, MAX_NAME_CHARS)})`;
  return `${label}${quotedName}${opSuffix}`;
}

function externalData(fields: readonly ProtobufField[], path: readonly string[]): FileReach | null {
  const isExternal = fields.some(
    (field) =>
      field.number === TENSOR.externalData ||
      (field.number === TENSOR.dataLocation && field.varint !== 0n),
  );
  return isExternal
    ? {
        kind: 'external-data',
        reason: `${path.join(' > ')} keeps its data outside the model (external data), which is not accepted: embed every tensor in the model`,
      }
    : null;
}

function epContext(
  kind: MessageKind,
  fields: readonly ProtobufField[],
  path: readonly string[],
): FileReach | null {
  if (kind !== 'node') {
    return null;
  }
  const opType = stringField(fields, NODE.opType);
  const domain = stringField(fields, NODE.domain);
  return opType === 'EPContext' && domain === 'com.microsoft'
    ? {
        kind: 'ep-context',
        reason: `${path.join(' > ')} is an EPContext node, which loads a pre-compiled blob by file name; not accepted`,
      }
    : null;
}

/** The last occurrence of a string field (protobuf: the last one wins), or undefined. */
function stringField(fields: readonly ProtobufField[], number: number): string | undefined {
  const found = fields.filter((field) => field.number === number && field.bytes !== undefined);
  const last = found[found.length - 1]?.bytes;
  return last === undefined ? undefined : new TextDecoder().decode(last);
}

/** onnxruntime takes bytes with the flatbuffers identifier `ORTM` at offset 4 as an ORT-format model. */
function isOrtFormat(bytes: Uint8Array): boolean {
  return bytes.length > 8 && new TextDecoder().decode(bytes.subarray(4, 8)) === 'ORTM';
}
