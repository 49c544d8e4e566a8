import type { KeyringPair } from '@polkadot/keyring/types';
import { stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import {
  ownerReadMessageFor,
  formatOwnerSignatureHeader,
  OWNER_SIGNATURE_HEADER,
} from '../src/api';
import { parseServicePublicKey } from '../src/confidential';

/** `fetch`, or a stand-in for it in unit tests. */
export type ServiceFetch = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<Response>;

const REQUEST_TIMEOUT_MS = 30_000;
const H160 = /^0x[0-9a-f]{40}$/;

/** The service's published sealing key and the provider H160 it works as (GET /confidential-key). */
export interface ServiceConfidentialKey {
  readonly publicKey: Uint8Array;
  readonly provider: string;
}

/** @throws Error naming the service when it is unreachable or publishes no key */
export async function fetchConfidentialKey(
  serviceUrl: string,
  fetchImpl: ServiceFetch = fetch,
): Promise<ServiceConfidentialKey> {
  const { url, status, body } = await getJson(serviceUrl, '/confidential-key', {}, fetchImpl);
  const publicKey =
    typeof body?.['publicKey'] === 'string' ? parseServicePublicKey(body['publicKey']) : null;
  const provider = body?.['provider'];
  if (
    status !== 200 ||
    publicKey === null ||
    typeof provider !== 'string' ||
    !H160.test(provider)
  ) {
    throw new Error(
      `${url} answered HTTP ${status} without a confidential key (${errorOf(body)}); ` +
        '--private needs a service that runs the job engine',
    );
  }
  return { publicKey, provider };
}

/**
 * The key to seal a private job's references to; refuses a `provider` other than the service's,
 * which could not open the payload. @throws Error before anything is submitted
 */
export async function fetchSealingKey(
  serviceUrl: string,
  provider: string | null,
  fetchImpl: ServiceFetch = fetch,
): Promise<ServiceConfidentialKey> {
  const key = await fetchConfidentialKey(serviceUrl, fetchImpl);
  if (provider !== null && provider !== key.provider) {
    throw new Error(
      `the service at ${serviceUrl} works as provider ${key.provider}, not ${provider}: ` +
        'only the assigned provider can open the sealed payload',
    );
  }
  return key;
}

/** Where a private job's owner read message points: the chain, the queue, the service. */
export interface OwnerReadTarget {
  readonly genesisHash: string;
  readonly queueContract: string;
  /** the provider H160 that completed the job (the service's worker key) */
  readonly provider: string;
}

/**
 * GET /jobs/:id/result as the job's owner: signs a fresh owner read message with `pair`
 * (`<Bytes>…</Bytes>`, as a wallet's signRaw does) and sends it in X-PolkaMesh-Owner-Signature.
 * @throws Error with the service's error code when it refuses or is unreachable
 */
export async function fetchPrivateResult(
  serviceUrl: string,
  jobId: bigint,
  pair: KeyringPair,
  target: OwnerReadTarget,
  fetchImpl: ServiceFetch = fetch,
  now: Date = new Date(),
): Promise<Record<string, unknown>> {
  const { message } = ownerReadMessageFor(target, jobId, now);
  const signature = u8aToHex(pair.sign(u8aWrapBytes(stringToU8a(message))));
  const header = formatOwnerSignatureHeader({ signer: pair.address, message, signature });
  const path = `/jobs/${jobId}/result`;
  const { url, status, body } = await getJson(
    serviceUrl,
    path,
    { [OWNER_SIGNATURE_HEADER]: header },
    fetchImpl,
  );
  if (status !== 200 || body === null) {
    throw new Error(`${url} refused the owner's read with HTTP ${status} (${errorOf(body)})`);
  }
  return body;
}

/** One line per result for people: the output inline (text or JSON) or its content-store ref. */
export function privateResultLines(jobId: bigint, body: Record<string, unknown>): string {
  const result = body['result'] as { output?: Record<string, unknown> } | null | undefined;
  const output = result?.output;
  if (output === undefined) {
    return `job ${jobId}: no result (engine state ${String(body['state'])})\n`;
  }
  switch (output['kind']) {
    case 'text':
      return `job ${jobId} output (text):\n${String(output['text'])}\n`;
    case 'json':
      return `job ${jobId} output (json):\n${JSON.stringify(output['json'])}\n`;
    default:
      return `job ${jobId} output: ${String(output['ref'])} (read it with a content:read token: GET /content/<digest>)\n`;
  }
}

async function getJson(
  serviceUrl: string,
  path: string,
  headers: Record<string, string>,
  fetchImpl: ServiceFetch,
): Promise<{ url: string; status: number; body: Record<string, unknown> | null }> {
  const url = `${serviceUrl.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await fetchImpl(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (err) {
    throw new Error(`cannot reach ${url}: ${causeText(err)}`);
  }
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  return { url, status: response.status, body };
}

function errorOf(body: Record<string, unknown> | null): string {
  const error = body?.['error'] as { code?: unknown; message?: unknown } | undefined;
  return error ? `${String(error.code)}: ${String(error.message)}` : 'not the PolkaMesh API';
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
