/** How a job's output is shown: text (OCR), speech segments (VAD), labels (MobileNet), JSON, a download. */
export type ResultView =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'segments'; readonly segments: readonly { startMs: number; endMs: number }[] }
  | { readonly kind: 'labels'; readonly labels: readonly { label: string; probability: number }[] }
  | { readonly kind: 'json'; readonly json: unknown }
  | { readonly kind: 'download'; readonly ref: string; readonly size: number | null };

export type JobOutput =
  | { kind: 'text'; size: number; text: string }
  | { kind: 'json'; size: number; json?: unknown }
  | { kind: 'reference'; size: number | null; ref: string };

export function resultView(output: JobOutput): ResultView {
  switch (output.kind) {
    case 'text':
      return { kind: 'text', text: output.text };
    case 'reference':
      return { kind: 'download', ref: output.ref, size: output.size };
    case 'json': {
      const json = output.json;
      const segments = field(json, 'segments');
      if (Array.isArray(segments) && segments.every(isSegment)) {
        return { kind: 'segments', segments };
      }
      const labels = field(json, 'labels');
      if (Array.isArray(labels) && labels.every(isLabel)) {
        return { kind: 'labels', labels };
      }
      return { kind: 'json', json };
    }
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function isSegment(value: unknown): value is { startMs: number; endMs: number } {
  return typeof field(value, 'startMs') === 'number' && typeof field(value, 'endMs') === 'number';
}

function isLabel(value: unknown): value is { label: string; probability: number } {
  return (
    typeof field(value, 'label') === 'string' && typeof field(value, 'probability') === 'number'
  );
}

/** `cas:sha256:<hex>` → the `<hex>` GET /content/:digest takes, or null. */
export function contentDigestOf(ref: string): string | null {
  const match = /^cas:sha256:([0-9a-f]{64})$/.exec(ref);
  return match?.[1] ?? null;
}
