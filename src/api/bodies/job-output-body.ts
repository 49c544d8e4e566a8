import { OUTPUT_INLINE_MAX_BYTES, type JobResultBody } from '../dto/job-engine.dto';

export type OutputBody = NonNullable<JobResultBody['result']>['output'];

/** text/*, application/json and any +json type (parameters such as charset ignored). */
export function isTextualMediaType(mediaType: string): boolean {
  const essence = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    essence.startsWith('text/') ||
    essence === 'application/json' ||
    essence.endsWith('+json') ||
    essence === 'application/x-ndjson'
  );
}

/** Whether the output should be read to be inlined: textual and small enough. */
export function shouldInline(mediaType: string, size: number | null): boolean {
  return size !== null && size <= OUTPUT_INLINE_MAX_BYTES && isTextualMediaType(mediaType);
}

/**
 * The output as the API shows it: JSON parsed, other text as a string; bytes that are not valid
 * UTF-8 (or JSON that does not parse) fall back to the text or the reference, never to an error.
 */
export function toOutputBody(
  digest: string,
  mediaType: string,
  size: number | null,
  bytes: Uint8Array | null,
): OutputBody {
  const reference: OutputBody = { kind: 'reference', size, ref: `cas:${digest}` };
  if (bytes === null || !shouldInline(mediaType, size)) {
    return reference;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return reference;
  }
  const essence = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (essence === 'application/json' || essence.endsWith('+json')) {
    try {
      return { kind: 'json', size: bytes.length, json: JSON.parse(text) as unknown };
    } catch {
      return { kind: 'text', size: bytes.length, text };
    }
  }
  return { kind: 'text', size: bytes.length, text };
}
