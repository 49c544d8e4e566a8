// Typed-array reads below use `!`: every index is bounded by width × height or by the label count.

/** Labels of a binary mask: 0 = background, 1..count = components in raster order of first pixel. */
export interface ComponentLabels {
  readonly labels: Int32Array;
  readonly count: number;
}

/** 8-connected component labelling of `mask` (non-zero = foreground), two passes with union-find. */
export function labelComponents(mask: Uint8Array, width: number, height: number): ComponentLabels {
  const provisional = new Int32Array(width * height);
  const parent: number[] = [0];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask[i] === 0) {
        continue;
      }
      let label = 0;
      for (const neighbour of previousNeighbours(x, y, width)) {
        const other = provisional[neighbour]!;
        if (other === 0) {
          continue;
        }
        if (label === 0) {
          label = other;
        } else {
          union(parent, label, other);
        }
      }
      if (label === 0) {
        label = parent.length;
        parent.push(label);
      }
      provisional[i] = label;
    }
  }
  return relabel(provisional, parent);
}

/** The already-visited 8-neighbours of (x, y): left, top-left, top, top-right. */
function previousNeighbours(x: number, y: number, width: number): number[] {
  const found: number[] = [];
  const i = y * width + x;
  if (x > 0) {
    found.push(i - 1);
  }
  if (y > 0) {
    if (x > 0) {
      found.push(i - width - 1);
    }
    found.push(i - width);
    if (x < width - 1) {
      found.push(i - width + 1);
    }
  }
  return found;
}

function find(parent: number[], label: number): number {
  let root = label;
  while (parent[root] !== root) {
    root = parent[root]!;
  }
  while (parent[label] !== root) {
    const next = parent[label]!;
    parent[label] = root;
    label = next;
  }
  return root;
}

function union(parent: number[], a: number, b: number): void {
  const rootA = find(parent, a);
  const rootB = find(parent, b);
  if (rootA !== rootB) {
    parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  }
}

/** Gives each component a final label, numbered by the raster order of its first pixel. */
function relabel(provisional: Int32Array, parent: number[]): ComponentLabels {
  const finalOf = new Int32Array(parent.length);
  let count = 0;
  const labels = new Int32Array(provisional.length);
  for (let i = 0; i < provisional.length; i++) {
    const label = provisional[i]!;
    if (label === 0) {
      continue;
    }
    const root = find(parent, label);
    if (finalOf[root] === 0) {
      count += 1;
      finalOf[root] = count;
    }
    labels[i] = finalOf[root]!;
  }
  return { labels, count };
}
