import { labelComponents } from './connected-components';

// Typed-array reads below use `!`: every index is bounded by the map size or the component count.

/** The detector's per-pixel text probability, one channel, row-major. */
export interface ProbabilityMap {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** An axis-aligned box in the map's pixel grid; `right` and `bottom` are exclusive edges. */
export interface TextBox {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  /** Mean probability inside the box before it was expanded. */
  readonly score: number;
}

/**
 * PaddleOCR's DB post-processing settings (thresh, box_thresh, unclip_ratio, min_size). The unclip
 * ratio is PaddleOCR 3's 2.0 for PP-OCRv4 rather than 2.x's 1.5: with 1.5 the axis-aligned crops
 * are tight enough that the recognizer drops spaces ("Helloworld42") on rendered test lines.
 */
export const DB_DEFAULTS = {
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 2,
  minSide: 3,
} as const;

export type DbOptions = { readonly [K in keyof typeof DB_DEFAULTS]: number };

/**
 * Turns a DB probability map into text boxes: binarise at `threshold`, take 8-connected components,
 * keep those whose bounding box has both sides ≥ `minSide` and a mean probability ≥ `boxThreshold`,
 * then grow each box on every side by area × `unclipRatio` / perimeter (DB's unclip for a rectangle),
 * clipped to the map. Boxes come out in component order (raster order of their first pixel).
 */
export function findTextBoxes(map: ProbabilityMap, options: DbOptions = DB_DEFAULTS): TextBox[] {
  const { width, height, data } = map;
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) {
    mask[i] = data[i]! > options.threshold ? 1 : 0;
  }
  const { labels, count } = labelComponents(mask, width, height);
  const boxes: TextBox[] = [];
  for (const bounds of componentBounds(labels, count, width)) {
    const boxWidth = bounds.right - bounds.left;
    const boxHeight = bounds.bottom - bounds.top;
    if (Math.min(boxWidth, boxHeight) < options.minSide) {
      continue;
    }
    const score = meanInside(map, bounds);
    if (score < options.boxThreshold) {
      continue;
    }
    const grow = (boxWidth * boxHeight * options.unclipRatio) / (2 * (boxWidth + boxHeight));
    boxes.push({
      left: Math.max(0, bounds.left - grow),
      top: Math.max(0, bounds.top - grow),
      right: Math.min(width, bounds.right + grow),
      bottom: Math.min(height, bounds.bottom + grow),
      score,
    });
  }
  return boxes;
}

interface Bounds {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function componentBounds(labels: Int32Array, count: number, width: number): Bounds[] {
  const bounds: Bounds[] = Array.from({ length: count }, () => ({
    left: Infinity,
    top: Infinity,
    right: -Infinity,
    bottom: -Infinity,
  }));
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label === 0) {
      continue;
    }
    const x = i % width;
    const y = (i - x) / width;
    const b = bounds[label - 1]!;
    b.left = Math.min(b.left, x);
    b.top = Math.min(b.top, y);
    b.right = Math.max(b.right, x + 1);
    b.bottom = Math.max(b.bottom, y + 1);
  }
  return bounds;
}

function meanInside(map: ProbabilityMap, b: Bounds): number {
  let sum = 0;
  for (let y = b.top; y < b.bottom; y++) {
    for (let x = b.left; x < b.right; x++) {
      sum += map.data[y * map.width + x]!;
    }
  }
  return sum / ((b.right - b.left) * (b.bottom - b.top));
}
