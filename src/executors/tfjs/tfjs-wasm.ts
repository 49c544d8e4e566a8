import * as tf from '@tensorflow/tfjs';

let ready: Promise<typeof tf> | undefined;

/**
 * TensorFlow.js on its WebAssembly backend with one thread, for every executor that uses tfjs
 * (MobileNet, tabular training). The backend is global to the process, so it is chosen once, here;
 * WebAssembly float arithmetic is IEEE-exact, so the same inputs give the same bits on every CPU.
 * The backend package is loaded on first use (importing it registers the 'wasm' backend).
 */
export function wasmTensorflow(): Promise<typeof tf> {
  ready ??= (async () => {
    const { setThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
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
