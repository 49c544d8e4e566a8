import { TestEnvironment } from 'jest-environment-node';

const TYPED_ARRAYS = [
  'ArrayBuffer',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

/**
 * Jest's node environment runs tests in a separate V8 realm with its own `Float32Array` & co, but
 * onnxruntime-node's native code builds output tensors from the main realm's constructors, so
 * onnxruntime-common's `instanceof` checks fail ("A float32 tensor's data must be type of
 * Float32Array"). This environment hands the test realm the main realm's typed arrays.
 * Use with a `@jest-environment ./src/executors/onnx/testing/native-typed-arrays-environment.ts`
 * docblock in specs that run onnxruntime.
 */
class NativeTypedArraysEnvironment extends TestEnvironment {
  override async setup(): Promise<void> {
    await super.setup();
    const sandbox = this.global as unknown as Record<string, unknown>;
    for (const name of TYPED_ARRAYS) {
      sandbox[name] = globalThis[name];
    }
  }
}

export = NativeTypedArraysEnvironment;
