import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { InvalidInputError } from '../executor';

/** Element types a JSON input may carry. */
export const INPUT_TYPES = ['float32', 'float64', 'int32', 'int64', 'bool'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

/** At most this many elements over all inputs of one request. */
export const MAX_INPUT_ELEMENTS = 10_000_000;
const MAX_RANK = 8;

/**
 * Builds the feeds from a JSON input of the form
 * `{"inputs": {"<name>": {"dims": [2, 3], "data": [1, 2, 3, 4, 5, 6], "type": "float32"}}}`:
 * one entry per model input (no more, no fewer), `data` flat in row-major order with as many
 * numbers as the dims multiply to, `type` optional but, if given, equal to the model's input type
 * (one of `INPUT_TYPES`; int64 values must be safe integers; bool accepts true/false or 0/1).
 * Dims must match the model's fixed dims; named (symbolic) dims take any size.
 */
export function feedsFromJson(
  json: unknown,
  inputs: readonly InferenceSession.ValueMetadata[],
): Record<string, Tensor> {
  const given = isObject(json) ? json['inputs'] : undefined;
  if (!isObject(given)) {
    throw new InvalidInputError('input must be a JSON object {"inputs": {"<name>": {dims, data}}}');
  }
  const expected = new Set(inputs.map((input) => input.name));
  const unknown = Object.keys(given).filter((name) => !expected.has(name));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      `the model has no input ${JSON.stringify(unknown[0])}; its inputs: ${JSON.stringify([...expected])}`,
    );
  }
  let budget = MAX_INPUT_ELEMENTS;
  const feeds = inputs.map((input): [string, Tensor] => {
    const entry = Object.hasOwn(given, input.name) ? given[input.name] : undefined;
    if (!isObject(entry)) {
      throw new InvalidInputError(`input ${JSON.stringify(input.name)} is missing`);
    }
    const tensor = tensorFromEntry(input, entry, budget);
    budget -= tensor.size;
    return [input.name, tensor];
  });
  return Object.fromEntries(feeds);
}

/** The model input's element type, if it is one we accept. */
export function inputTypeOf(input: InferenceSession.ValueMetadata): InputType {
  const type = input.isTensor ? input.type : 'non-tensor';
  if (!(INPUT_TYPES as readonly string[]).includes(type)) {
    throw new InvalidInputError(
      `model input ${JSON.stringify(input.name)} has type ${type}; supported: ${INPUT_TYPES.join(', ')}`,
    );
  }
  return type as InputType;
}

/**
 * Checks `dims` against the model input's declared shape. onnxruntime reports an undeclared shape
 * as `[]` (like a scalar's), so an empty shape is left for onnxruntime to check.
 */
export function checkDims(input: InferenceSession.ValueMetadata, dims: readonly number[]): void {
  const shape = input.isTensor ? input.shape : [];
  if (shape.length === 0) {
    return;
  }
  const fits =
    shape.length === dims.length &&
    shape.every((dim, i) => typeof dim !== 'number' || dim < 0 || dim === dims[i]);
  if (!fits) {
    throw new InvalidInputError(
      `input ${JSON.stringify(input.name)} has dims [${dims.join(', ')}]; the model expects [${shape.join(', ')}]`,
    );
  }
}

function tensorFromEntry(
  input: InferenceSession.ValueMetadata,
  entry: Record<string, unknown>,
  budget: number,
): Tensor {
  const name = JSON.stringify(input.name);
  const type = inputTypeOf(input);
  if (entry['type'] !== undefined && entry['type'] !== type) {
    throw new InvalidInputError(
      `input ${name} must have type ${type}, not ${JSON.stringify(entry['type'])}`,
    );
  }
  const dims = entry['dims'];
  if (
    !Array.isArray(dims) ||
    dims.length > MAX_RANK ||
    !dims.every((d): d is number => Number.isSafeInteger(d) && (d as number) >= 0)
  ) {
    throw new InvalidInputError(
      `input ${name}: dims must be up to ${MAX_RANK} non-negative integers`,
    );
  }
  const count = dims.reduce((product, dim) => product * dim, 1);
  if (count > budget) {
    throw new InvalidInputError(`inputs have more than ${MAX_INPUT_ELEMENTS} elements in all`);
  }
  const data = entry['data'];
  if (!Array.isArray(data) || data.length !== count) {
    throw new InvalidInputError(
      `input ${name}: data must be an array of ${count} values for dims [${dims.join(', ')}]`,
    );
  }
  checkDims(input, dims);
  return new Tensor(type, typedData(type, data, name), dims);
}

function typedData(
  type: InputType,
  data: unknown[],
  name: string,
): Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array {
  const bad = (index: number): never => {
    throw new InvalidInputError(
      `input ${name}: data[${index}] = ${JSON.stringify(data[index]) ?? 'undefined'} is not a valid ${type}`,
    );
  };
  switch (type) {
    case 'float32':
    case 'float64': {
      const out =
        type === 'float32' ? new Float32Array(data.length) : new Float64Array(data.length);
      data.forEach((v, i) => (out[i] = typeof v === 'number' && Number.isFinite(v) ? v : bad(i)));
      return out;
    }
    case 'int32':
      return Int32Array.from(data, (v, i) =>
        Number.isInteger(v) && (v as number) === ((v as number) | 0) ? (v as number) : bad(i),
      );
    case 'int64':
      return BigInt64Array.from(data, (v, i) =>
        Number.isSafeInteger(v) ? BigInt(v as number) : bad(i),
      );
    case 'bool':
      return Uint8Array.from(data, (v, i) =>
        v === true || v === 1 ? 1 : v === false || v === 0 ? 0 : bad(i),
      );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
