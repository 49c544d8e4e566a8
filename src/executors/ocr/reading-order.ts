/** Anything with an axis-aligned extent. */
export interface Extent {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * Groups boxes into text lines, top to bottom, each line left to right. Boxes are taken in order
 * of their top edge; a box joins the line being built when its vertical overlap with that line is
 * at least half the height of the smaller of the two, otherwise it starts a new line. Ties are
 * broken by position so the result does not depend on the input order.
 */
export function groupIntoLines<T extends Extent>(boxes: readonly T[]): T[][] {
  const byTop = [...boxes].sort(
    (a, b) => a.top - b.top || a.left - b.left || a.bottom - b.bottom || a.right - b.right,
  );
  const lines: { top: number; bottom: number; boxes: T[] }[] = [];
  for (const box of byTop) {
    const line = lines[lines.length - 1];
    if (line !== undefined && sharesLine(line, box)) {
      line.top = Math.min(line.top, box.top);
      line.bottom = Math.max(line.bottom, box.bottom);
      line.boxes.push(box);
    } else {
      lines.push({ top: box.top, bottom: box.bottom, boxes: [box] });
    }
  }
  return lines.map((line) =>
    line.boxes.sort((a, b) => a.left - b.left || a.top - b.top || a.right - b.right),
  );
}

function sharesLine(line: { top: number; bottom: number }, box: Extent): boolean {
  const overlap = Math.min(line.bottom, box.bottom) - Math.max(line.top, box.top);
  const smaller = Math.min(line.bottom - line.top, box.bottom - box.top);
  return overlap > 0 && overlap >= smaller / 2;
}
