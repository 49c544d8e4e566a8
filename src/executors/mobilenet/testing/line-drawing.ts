import { PNG } from 'pngjs';

// Global lookups are slow inside Jest's vm context, so the per-pixel code uses locals.
const { ceil, cos, hypot, max, min, round, sin, PI } = Math;

type Point = readonly [number, number];

/**
 * A black-on-white line drawing (a house with a door and a window, a sun and the ground) as an RGB
 * PNG, scaled to the given size. Rasterised here with a square pen rather than with pureimage,
 * which is slow inside Jest. The same size always gives the same bytes.
 */
export function renderLineDrawing(width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const pen = max(2, round(min(width, height) / 120));
  const at = (x: number, y: number): Point => [x * width, y * height];
  const sun = Array.from({ length: 25 }, (_, i) =>
    at(0.82 + 0.08 * cos((PI * i) / 12), 0.2 + 0.1 * sin((PI * i) / 12)),
  );
  const shapes: Point[][] = [
    [at(0.2, 0.85), at(0.2, 0.5), at(0.6, 0.5), at(0.6, 0.85), at(0.2, 0.85)],
    [at(0.15, 0.52), at(0.4, 0.25), at(0.65, 0.52)],
    [at(0.35, 0.85), at(0.35, 0.65), at(0.45, 0.65), at(0.45, 0.85)],
    [at(0.5, 0.58), at(0.56, 0.58), at(0.56, 0.66), at(0.5, 0.66), at(0.5, 0.58)],
    [at(0.05, 0.9), at(0.95, 0.9)],
    sun,
  ];
  for (const shape of shapes) {
    for (let i = 1; i < shape.length; i += 1) {
      strokeSegment(rgb, width, height, shape[i - 1]!, shape[i]!, pen);
    }
  }
  const png = PNG.sync.write(
    { width, height, data: rgb },
    { colorType: 2, inputColorType: 2, inputHasAlpha: false },
  );
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

function strokeSegment(
  rgb: Uint8Array,
  width: number,
  height: number,
  [x0, y0]: Point,
  [x1, y1]: Point,
  pen: number,
): void {
  const steps = ceil(2 * hypot(x1 - x0, y1 - y0)) + 1;
  const half = pen / 2;
  for (let s = 0; s <= steps; s += 1) {
    const cx = x0 + ((x1 - x0) * s) / steps;
    const cy = y0 + ((y1 - y0) * s) / steps;
    for (let y = max(0, round(cy - half)); y < min(height, round(cy + half)); y += 1) {
      rgb.fill(
        0,
        (y * width + max(0, round(cx - half))) * 3,
        (y * width + min(width, round(cx + half))) * 3,
      );
    }
  }
}
