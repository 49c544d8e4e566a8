import { extname } from 'node:path';
import { InvalidArgumentError } from 'commander';
import {
  DEFAULT_MAX_INLINE_BYTES,
  formatDataRef,
  parseDataRef,
  parseModelRef,
} from '../src/references';
import { formatPas, pasAmountOption } from './pas-amount';

/** What `polkamesh submit-job` was asked to do, validated. */
export interface SubmitJobPlan {
  rpcUrl: string;
  seed: string;
  modelRef: string;
  /** a `data:` URL, `cas:`, `nft:` or `https://` reference, or a file to inline */
  data: { kind: 'ref'; ref: string } | { kind: 'file'; path: string };
  budgetPlanck: bigint;
  deadlineBlocks: number;
  provider: string | null;
  /** escrow deposit for the provider, planck; null: no deposit */
  depositPlanck: bigint | null;
  isPrivate: boolean;
  shouldWait: boolean;
  /** where a file too large for a data: URL is uploaded (POST /content) */
  serviceUrl: string;
  /** bearer token with the content:write scope; null: no upload */
  token: string | null;
}

/** The dev account a job is submitted as when no seed is given (devnet use). */
export const DEFAULT_USER_SEED = '//Bob';

/**
 * What `--private` writes in the public ai_job_queue fields: the real references travel only in
 * the payload sealed to the service key (phala_job_processor), which the engine reads instead.
 */
export const PRIVATE_QUEUE_REF = 'confidential';

/** The raw commander options of `submit-job` (secrets not resolved yet). */
export type SubmitJobRawOptions = Omit<SubmitJobCliOptions, 'seed' | 'token'> & {
  /** deprecated: visible in the process list */
  seed?: string;
  seedFile?: string;
  /** deprecated: visible in the process list */
  token?: string;
  tokenFile?: string;
};

/** The options of `submit-job` with the seed and token resolved (flag, file or environment). */
export interface SubmitJobCliOptions {
  model: string;
  data?: string;
  file?: string;
  budget: bigint;
  seed: string;
  provider?: string;
  /** `--deposit` alone: the budget; `--deposit <PAS>`: that amount */
  deposit?: bigint | true;
  private?: boolean;
  rpc: string;
  wait?: boolean;
  deadlineBlocks: number;
  service: string;
  token?: string;
}

export const parseBudget = pasAmountOption('budget');
export const parseDeposit = pasAmountOption('deposit');

/** An option parser for an H160 (`0x` + 40 hex), returned in lower case. */
export function parseH160(raw: string): string {
  const trimmed = raw.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(trimmed)) {
    throw new InvalidArgumentError(
      `provider must be an H160 address (0x + 40 hex), got ${JSON.stringify(raw)}.`,
    );
  }
  return trimmed.toLowerCase();
}

/** An option parser for a model_ref in the service's grammar (refused refs would trap a budget). */
export function parseModelRefOption(raw: string): string {
  const parsed = parseModelRef(raw);
  if (!parsed.ok) {
    throw new InvalidArgumentError(`model: ${parsed.reason}`);
  }
  return raw;
}

/** An option parser for a data_ref in the service's grammar. */
export function parseDataRefOption(raw: string): string {
  const parsed = parseDataRef(raw);
  if (!parsed.ok) {
    throw new InvalidArgumentError(`data: ${parsed.reason}`);
  }
  return raw;
}

/**
 * Checks the combinations commander cannot express; returns the plan, or a usage message.
 * Exactly one of --data / --file; --deposit needs --provider (the escrow names the provider).
 */
export function planSubmitJob(options: SubmitJobCliOptions): SubmitJobPlan | { usage: string } {
  if ((options.data === undefined) === (options.file === undefined)) {
    return { usage: 'give exactly one of --data <ref> or --file <path>' };
  }
  if (options.deposit !== undefined && options.provider === undefined) {
    return { usage: '--deposit needs --provider <h160>: the escrow is paid out to that provider' };
  }
  return {
    rpcUrl: options.rpc,
    seed: options.seed,
    modelRef: options.model,
    data:
      options.file === undefined
        ? { kind: 'ref', ref: options.data ?? '' }
        : { kind: 'file', path: options.file },
    budgetPlanck: options.budget,
    deadlineBlocks: options.deadlineBlocks,
    provider: options.provider ?? null,
    depositPlanck:
      options.deposit === undefined
        ? null
        : options.deposit === true
          ? options.budget
          : options.deposit,
    isPrivate: options.private === true,
    shouldWait: options.wait === true,
    serviceUrl: options.service,
    token: options.token ?? null,
  };
}

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.wav': 'audio/wav',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
};

/** The media type a file's extension implies; unknown extensions are octet streams. */
export function mediaTypeForFile(path: string): string {
  return MEDIA_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** How a file becomes a data_ref: inline, uploaded to the content store, or not at all. */
export type FileDataPlan =
  | { kind: 'inline'; ref: string }
  | { kind: 'upload'; mediaType: string }
  | { kind: 'error'; message: string };

/**
 * A file's bytes as a `data:` URL (formatDataRef) when they fit one (the service decodes at most
 * 64 KiB inline); larger ones go to the service's content store, which needs a token.
 */
export function planFileData(path: string, bytes: Uint8Array, hasToken: boolean): FileDataPlan {
  if (bytes.byteLength === 0) {
    return { kind: 'error', message: `${path} is empty` };
  }
  const mediaType = mediaTypeForFile(path);
  if (bytes.byteLength <= DEFAULT_MAX_INLINE_BYTES) {
    return { kind: 'inline', ref: formatDataRef({ kind: 'data-url', mediaType, bytes }) };
  }
  if (!hasToken) {
    return {
      kind: 'error',
      message:
        `${path} is ${bytes.byteLength} bytes; a data: URL holds at most ${DEFAULT_MAX_INLINE_BYTES}. ` +
        "Pass a token (POLKAMESH_TOKEN or --token-file; polkamesh token --scopes content:write) to upload it to the service's " +
        'content store, or --data cas:sha256:<hex> for content already there.',
    };
  }
  return { kind: 'upload', mediaType };
}

/** One line per step, for people; ids and hashes verbatim so scripts can pick them out. */
export const submitJobLines = {
  submitted: (id: bigint, blockHash: string, owner: string, budgetPlanck: bigint) =>
    `job ${id} submitted in block ${blockHash} (owner ${owner}, budget ${formatPas(budgetPlanck)} PAS)\n`,
  confidential: (id: bigint, cid: bigint) =>
    `job ${id}: references sealed to the service key (pmenc1) in confidential job ${cid}\n`,
  deposited: (id: bigint, provider: string, planck: bigint) =>
    `job ${id}: deposited ${formatPas(planck)} PAS in escrow for provider ${provider}\n`,
  assigned: (id: bigint, provider: string) => `job ${id}: assigned to provider ${provider}\n`,
  uploaded: (path: string, ref: string) => `uploaded ${path} as ${ref}\n`,
  waiting: (id: bigint, hasProvider: boolean) =>
    hasProvider
      ? `job ${id}: waiting for the provider to complete it (finalized blocks)\n`
      : `job ${id}: waiting for a provider to be assigned and complete it (finalized blocks)\n`,
  completed: (id: bigint, block: number, provider: string, resultHash: string) =>
    `job ${id} completed in block #${block} by ${provider}: result ${resultHash}\n`,
  cancelled: (id: bigint, block: number) => `job ${id} cancelled in block #${block}\n`,
};
