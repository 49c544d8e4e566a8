import type { RgbImage } from '../image/decode-image';
import { ctcGreedyDecode } from './ctc-decode';
import { detectionInput, recognitionInput } from './model-inputs';
import type { PpOcrModels } from './pp-ocr-models';
import { groupIntoLines } from './reading-order';
import type { PixelRect } from './rgb-resize';
import { findTextBoxes, type TextBox } from './text-boxes';

/** PaddleOCR's drop_score: recognised boxes below this confidence are discarded. */
export const MIN_TEXT_CONFIDENCE = 0.5;

/** One line of text as read, with the confidence of each box that made it up. */
export interface TextLine {
  readonly text: string;
  readonly confidences: readonly number[];
}

/**
 * Detects text boxes, reads each one and returns the lines top to bottom. Boxes on the same line
 * are read left to right and joined with a space; boxes read as empty or with a confidence below
 * `MIN_TEXT_CONFIDENCE` are left out, and so are lines left with nothing in them.
 */
export async function readTextLines(image: RgbImage, models: PpOcrModels): Promise<TextLine[]> {
  const map = await models.detect(detectionInput(image));
  const rects = findTextBoxes(map)
    .map((box) => toImageRect(box, map.width, map.height, image))
    .filter((rect) => rect.width > 0 && rect.height > 0);
  const lines: TextLine[] = [];
  for (const line of groupIntoLines(rects)) {
    const texts: string[] = [];
    const confidences: number[] = [];
    for (const rect of line) {
      const scores = await models.recognize(recognitionInput(image, rect));
      const read = ctcGreedyDecode(scores.probs, scores.steps, scores.classes, models.alphabet);
      const text = read.text.trim();
      if (text !== '' && read.confidence >= MIN_TEXT_CONFIDENCE) {
        texts.push(text);
        confidences.push(read.confidence);
      }
    }
    if (texts.length > 0) {
      lines.push({ text: texts.join(' '), confidences });
    }
  }
  return lines;
}

type PlacedRect = PixelRect & { readonly right: number; readonly bottom: number };

/** Scales a box from the probability map's grid to whole pixels of the original image. */
function toImageRect(
  box: TextBox,
  mapWidth: number,
  mapHeight: number,
  image: RgbImage,
): PlacedRect {
  const scaleX = image.width / mapWidth;
  const scaleY = image.height / mapHeight;
  const left = clamp(Math.floor(box.left * scaleX), 0, image.width);
  const top = clamp(Math.floor(box.top * scaleY), 0, image.height);
  const right = clamp(Math.ceil(box.right * scaleX), left, image.width);
  const bottom = clamp(Math.ceil(box.bottom * scaleY), top, image.height);
  return { left, top, right, bottom, width: right - left, height: bottom - top };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
