import * as tf from '@tensorflow/tfjs';

let ready: Promise<typeof tf> | undefined;

/**
 * tfjs on the WebAssembly backend, set up once per process. In Node the wasm backend runs single
 * threaded, and wasm float arithmetic is IEEE-exact, so the same inputs give the same bits.
 */
export function tfjsOnWasm(): Promise<typeof tf> {
  ready ??= (async () => {
    // Registers the 'wasm' backend as a side effect.
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) {
      throw new Error('the tfjs wasm backend failed to initialise');
    }
    return tf;
  })();
  return ready;
}
