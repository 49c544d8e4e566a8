import type { ExecutionRequest, ExecutionResult, Executor } from '../executor';
import { InvalidInputError } from '../executor';
import { decodeImage } from '../image/decode-image';
import { PpOcrModels } from './pp-ocr-models';
import { readTextLines, type TextLine } from './read-text-lines';

export const PP_OCR_EXECUTOR_VERSION = 'ocr-pp-ocrv4@1';

/**
 * `ocr:pp-ocrv4`: reads the text in a PNG or JPEG with PaddleOCR's PP-OCRv4 detector and
 * recognizer (onnxruntime, one thread, so the same image always gives the same bytes). The output
 * is the lines of text, top to bottom, joined with "\n"; an image without text gives empty output.
 * The models load on the first run and stay loaded until `close()`.
 */
export function createPpOcrExecutor(): Executor {
  return new PpOcrExecutor();
}

class PpOcrExecutor implements Executor {
  private models?: Promise<PpOcrModels>;

  async run(request: ExecutionRequest): Promise<ExecutionResult> {
    if (request.model.kind !== 'ocr' || request.model.model !== 'pp-ocrv4') {
      throw new InvalidInputError(
        `the PP-OCRv4 executor cannot run model kind ${request.model.kind}`,
      );
    }
    const image = decodeImage(request.input);
    const models = await this.loadModels();
    const lines = await readTextLines(image, models);
    const text = lines.map((line) => line.text).join('\n');
    return {
      output: new TextEncoder().encode(text),
      outputMediaType: 'text/plain; charset=utf-8',
      modelDigest: models.digest,
      executorVersion: PP_OCR_EXECUTOR_VERSION,
      summary: {
        lines: lines.length,
        characters: [...text].length,
        meanConfidence: meanConfidence(lines),
        imageWidth: image.width,
        imageHeight: image.height,
      },
    };
  }

  async close(): Promise<void> {
    const models = this.models;
    this.models = undefined;
    if (models !== undefined) {
      await (await models).close();
    }
  }

  private loadModels(): Promise<PpOcrModels> {
    if (this.models === undefined) {
      const loading = PpOcrModels.load();
      this.models = loading;
      // A failed load is not cached, so a later job tries again.
      loading.catch(() => {
        if (this.models === loading) {
          this.models = undefined;
        }
      });
    }
    return this.models;
  }
}

/** Mean over every box read, to 4 decimals; null when nothing was read. */
function meanConfidence(lines: readonly TextLine[]): number | null {
  const all = lines.flatMap((line) => line.confidences);
  if (all.length === 0) {
    return null;
  }
  const mean = all.reduce((sum, value) => sum + value, 0) / all.length;
  return Math.round(mean * 10_000) / 10_000;
}
