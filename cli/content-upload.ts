/** `fetch`, or a stand-in for it in unit tests. */
export type UploadFetch = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: Uint8Array; signal: AbortSignal },
) => Promise<Response>;

const CAS_REF = /^cas:sha256:[0-9a-f]{64}$/;
export const UPLOAD_TIMEOUT_MS = 60_000;

/**
 * Stores `bytes` in the service's content store (POST /content, a bearer token with the
 * `content:write` scope) and returns the `cas:sha256:<hex>` data_ref it answers. Throws an Error
 * naming the service and its error code when the upload is refused or the service is unreachable.
 */
export async function uploadContent(
  serviceUrl: string,
  token: string,
  bytes: Uint8Array,
  mediaType: string,
  fetchImpl: UploadFetch = fetch,
  timeoutMs: number = UPLOAD_TIMEOUT_MS,
): Promise<string> {
  const url = `${serviceUrl.replace(/\/+$/, '')}/content`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': mediaType },
      body: bytes,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new Error(`cannot upload to ${url}: ${causeText(err)}`);
  }
  const body = (await response.json().catch(() => null)) as {
    ref?: unknown;
    error?: { code?: unknown; message?: unknown };
  } | null;
  if (response.status !== 201) {
    const reason = body?.error
      ? `${String(body.error.code)}: ${String(body.error.message)}`
      : 'not the PolkaMesh API';
    throw new Error(`upload to ${url} refused with HTTP ${response.status} (${reason})`);
  }
  if (typeof body?.ref !== 'string' || !CAS_REF.test(body.ref)) {
    throw new Error(`upload to ${url} answered no cas:sha256 ref`);
  }
  return body.ref;
}

function causeText(err: unknown): string {
  if (!(err instanceof Error)) {
    return String(err);
  }
  if (err.name === 'TimeoutError') {
    return 'no answer in time';
  }
  const cause = (err as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : err.message;
}
