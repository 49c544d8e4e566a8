import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { renderTextImage } from '../../../test/fixtures/text-image';
import { InvalidInputError, type ExecutionRequest, type Executor } from '../executor';
import { createMobileNetExecutor } from './mobilenet-executor';
import { renderLineDrawing } from './testing/line-drawing';

interface Classification {
  labels: { label: string; probability: number }[];
  top: string;
}

const NSFW_LABELS = ['Hentai', 'Porn', 'Sexy'];

function request(input: Uint8Array): ExecutionRequest {
  return { model: { kind: 'vision', model: 'mobilenet-v2' }, input, inputMediaType: 'image/png' };
}

async function classify(executor: Executor, image: Uint8Array): Promise<Classification> {
  const result = await executor.run(request(image));
  return JSON.parse(new TextDecoder().decode(result.output)) as Classification;
}

function nsfwShare(classification: Classification): number {
  return classification.labels
    .filter((l) => NSFW_LABELS.includes(l.label))
    .reduce((sum, l) => sum + l.probability, 0);
}

describe('createMobileNetExecutor', () => {
  const executor = createMobileNetExecutor();
  afterAll(() => executor.close?.());

  it('rates a black-on-white line drawing as harmless: Neutral or Drawing on top', async () => {
    // Observed: Neutral ≈ 0.93, Drawing ≈ 0.07. nsfwjs's "Drawing" class means safe-for-work
    // illustrations and "Neutral" safe photos and graphics; a plain line drawing may be either,
    // but it must not be scored as one of the NSFW classes.
    const result = await classify(executor, renderLineDrawing(640, 480));

    expect(result.labels.map((l) => l.label).sort()).toEqual([
      'Drawing',
      'Hentai',
      'Neutral',
      'Porn',
      'Sexy',
    ]);
    expect(['Neutral', 'Drawing']).toContain(result.top);
    expect(result.labels[0]!.label).toBe(result.top);
    expect(nsfwShare(result)).toBeLessThan(0.05);
    const total = result.labels.reduce((sum, l) => sum + l.probability, 0);
    expect(Math.abs(total - 1)).toBeLessThanOrEqual(0.0005 * 5);
    for (let i = 1; i < result.labels.length; i += 1) {
      expect(result.labels[i - 1]!.probability).toBeGreaterThanOrEqual(
        result.labels[i]!.probability,
      );
    }
  });

  it('rates rendered text as harmless too', async () => {
    const result = await classify(executor, renderTextImage(['Quarterly report', 'Revenue 2024']));
    expect(['Neutral', 'Drawing']).toContain(result.top);
    expect(nsfwShare(result)).toBeLessThan(0.05);
  });

  it('gives nearly the same probabilities for a JPEG copy of the drawing', async () => {
    const png = renderLineDrawing(320, 240);
    const decoded = PNG.sync.read(Buffer.from(png));
    const jpegBytes = jpeg.encode({ width: 320, height: 240, data: decoded.data }, 95).data;
    const fromPng = await classify(executor, png);
    const fromJpeg = await classify(executor, new Uint8Array(jpegBytes));
    expect(fromJpeg.top).toBe(fromPng.top);
    const probabilityOf = (c: Classification, label: string) =>
      c.labels.find((l) => l.label === label)!.probability;
    for (const label of ['Drawing', 'Neutral']) {
      expect(Math.abs(probabilityOf(fromJpeg, label) - probabilityOf(fromPng, label))).toBeLessThan(
        0.1,
      );
    }
  });

  it('gives byte-identical output across runs and executor instances', async () => {
    const image = renderLineDrawing(640, 480);
    const other = createMobileNetExecutor();
    try {
      const first = await executor.run(request(image));
      const second = await executor.run(request(image));
      const third = await other.run(request(image));
      expect(Buffer.from(second.output).equals(Buffer.from(first.output))).toBe(true);
      expect(Buffer.from(third.output).equals(Buffer.from(first.output))).toBe(true);
    } finally {
      await other.close?.();
    }
  });

  it('describes the result: media type, model digest, version and summary', async () => {
    const result = await executor.run(request(renderLineDrawing(224, 224)));
    const output = JSON.parse(new TextDecoder().decode(result.output)) as Classification;

    expect(result.outputMediaType).toBe('application/json');
    expect(result.modelDigest).toBe(expectedModelDigest());
    expect(result.executorVersion).toBe('vision-mobilenet-v2@1');
    expect(result.summary).toEqual({ top: output.top, probability: output.labels[0]!.probability });
  });

  it.each([
    ['random bytes', new Uint8Array([7, 1, 2, 3, 4, 5, 6, 7, 8, 9])],
    ['a WAV file', Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1')],
    ['a truncated PNG', renderLineDrawing(64, 64).subarray(0, 60)],
  ])('refuses %s with InvalidInputError', async (_name, input) => {
    await expect(executor.run(request(input))).rejects.toThrow(InvalidInputError);
  });
});

/** The digest as documented: SHA-256 of the model JSON text followed by the decoded weights. */
function expectedModelDigest(): string {
  const modelDir = join(dirname(require.resolve('nsfwjs')), 'models', 'mobilenet_v2');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundles are CommonJS
  const modelJson: unknown = require(join(modelDir, 'model.min.js'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const weights = require(join(modelDir, 'group1-shard1of1.min.js')) as string;
  const hash = createHash('sha256')
    .update(JSON.stringify(modelJson))
    .update(Buffer.from(weights, 'base64'));
  return `sha256:${hash.digest('hex')}`;
}
