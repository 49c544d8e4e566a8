import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** The most a document may weigh; an attestation body is a few KiB. */
export const MAX_ATTESTATION_DOCUMENT_BYTES = 1024 * 1024;
const FETCH_TIMEOUT_MS = 15_000;

/** Where `polkamesh verify-attestation` reads from: a file, `-` (stdin) or an http(s) URL. */
export type AttestationSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'stdin' }
  | { readonly kind: 'url'; readonly url: URL };

/** Thrown when the document cannot be read at all (exit 2, not a verdict on the attestation). */
export class UnreadableSourceError extends Error {
  override readonly name = 'UnreadableSourceError';
}

export function attestationSource(argument: string | undefined): AttestationSource {
  if (argument === undefined || argument === '-') {
    return { kind: 'stdin' };
  }
  if (/^https?:\/\//i.test(argument)) {
    try {
      return { kind: 'url', url: new URL(argument) };
    } catch {
      throw new UnreadableSourceError(`not a valid URL: ${argument}`);
    }
  }
  return { kind: 'file', path: argument };
}

export interface SourceReaders {
  readonly stdin: Readable;
  readonly fetch: typeof fetch;
}

/** The document's bytes; throws UnreadableSourceError (missing file, HTTP error, too large). */
export async function readAttestationSource(
  source: AttestationSource,
  readers: SourceReaders,
): Promise<Buffer> {
  switch (source.kind) {
    case 'file':
      return capped(await attempt(`cannot read ${source.path}`, () => readFile(source.path)));
    case 'stdin':
      return capped(await attempt('cannot read stdin', () => readAll(readers.stdin)));
    case 'url':
      return fromUrl(source.url, readers.fetch);
  }
}

async function fromUrl(url: URL, fetchFn: typeof fetch): Promise<Buffer> {
  const shown = url.origin + url.pathname;
  const response = await attempt(`cannot fetch ${shown}`, () =>
    fetchFn(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    }),
  );
  const body = capped(
    await attempt(`cannot read the body of ${shown}`, async () =>
      Buffer.from(await response.arrayBuffer()),
    ),
  );
  if (!response.ok) {
    throw new UnreadableSourceError(
      `${shown} answered HTTP ${response.status}: ${body.subarray(0, 300).toString('utf8')}`,
    );
  }
  return body;
}

async function attempt<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw new UnreadableSourceError(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function capped(bytes: Buffer): Buffer {
  if (bytes.length > MAX_ATTESTATION_DOCUMENT_BYTES) {
    throw new UnreadableSourceError(
      `the document is ${bytes.length} bytes, over the limit of ${MAX_ATTESTATION_DOCUMENT_BYTES}`,
    );
  }
  return bytes;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    chunks.push(bytes);
    if (size > MAX_ATTESTATION_DOCUMENT_BYTES) {
      break;
    }
  }
  return Buffer.concat(chunks);
}
