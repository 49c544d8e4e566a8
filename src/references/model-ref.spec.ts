import { formatModelRef, parseModelRef, type ModelRef } from './model-ref';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseModelRef', () => {
  it.each<[string, ModelRef]>([
    ['ocr:pp-ocrv4', { kind: 'ocr', model: 'pp-ocrv4' }],
    ['audio:silero-vad', { kind: 'audio', model: 'silero-vad' }],
    ['vision:mobilenet-v2', { kind: 'vision', model: 'mobilenet-v2' }],
    [`onnx:${DIGEST}`, { kind: 'onnx', digest: DIGEST as `sha256:${string}` }],
    ['train:tabular-classification', { kind: 'train', task: 'tabular-classification' }],
    ['train:tabular-regression', { kind: 'train', task: 'tabular-regression' }],
    ['llm:llama3:8b', { kind: 'llm', name: 'llama3:8b' }],
    ['llm:qwen2.5-0.5b-instruct', { kind: 'llm', name: 'qwen2.5-0.5b-instruct' }],
  ])('accepts %s and formats it back', (text, ref) => {
    expect(parseModelRef(text)).toEqual({ ok: true, ref });
    expect(formatModelRef(ref)).toBe(text);
  });

  it.each([
    ['ocr:tesseract', 'unsupported', 'ocr:pp-ocrv4'],
    ['vision:resnet50', 'unsupported', 'vision:mobilenet-v2'],
    ['train:image-segmentation', 'unsupported', 'tabular-classification'],
    ['onnx:sha256:abc', 'malformed', 'onnx:sha256:<64 lowercase hex>'],
    [`onnx:sha256:${'AB'.repeat(32)}`, 'malformed', '64 lowercase hex'],
    ['llm:', 'malformed', 'llm:<name>'],
    ['llm:has space', 'malformed', 'llm:<name>'],
    ['gpt-4', 'unsupported', 'llm:<name>'],
    [' ocr:pp-ocrv4', 'unsupported', 'audio:silero-vad, vision:mobilenet-v2'],
    ['OCR:pp-ocrv4', 'unsupported', 'train:<tabular-classification|tabular-regression>'],
    [`llm:${'a'.repeat(300)}`, 'malformed', 'longer than 256'],
  ])('refuses %s (%s)', (text, code, hint) => {
    const out = parseModelRef(text);
    expect(out).toMatchObject({ ok: false, code });
    expect(!out.ok && out.reason).toContain(hint);
  });

  it.each(['model:gpu:Image classification', 'model:cpu:', 'model:TPU:Sentiment analysis'])(
    "refuses the web frontend's placeholder %s with an explanation",
    (text) => {
      const out = parseModelRef(text);
      expect(out).toMatchObject({ ok: false, code: 'frontend-placeholder' });
      expect(!out.ok && out.reason).toMatch(
        /web frontend's placeholder.*not a model.*ocr:pp-ocrv4/,
      );
    },
  );
});
