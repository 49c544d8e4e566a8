import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

let ready: Promise<typeof tf> | undefined;

/**
 * TensorFlow.js on its WebAssembly backend with one thread. The backend is global to the process,
 * so it is chosen once, here; WebAssembly float arithmetic gives the same results on every CPU.
 */
export function wasmTensorflow(): Promise<typeof tf> {
  ready ??= (async () => {
    setThreadsCount(1);
    if (!(await tf.setBackend('wasm'))) {
      throw new Error('the TensorFlow.js wasm backend failed to initialise');
    }
    await tf.ready();
    return tf;
  })().catch((err: unknown) => {
    ready = undefined;
    throw err;
  });
  return ready;
}
