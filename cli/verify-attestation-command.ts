import type { Command } from 'commander';
import {
  type AttestationDocumentVerdict,
  confidentialRecordOf,
  toOnChainAttestation,
  verifyAttestationDocument,
} from '../src/attestation';
import {
  attestationSource,
  readAttestationSource,
  type SourceReaders,
  UnreadableSourceError,
} from './attestation-source';

export interface VerifyAttestationCliOptions {
  /** One JSON object on stdout instead of lines of text. */
  readonly json?: boolean;
  /** Require this attestation public key (`0x` + 64 hex): the key pinned out of band. */
  readonly publicKey?: string;
}

/** Exit statuses (README "Attestation", ADR 0010). */
export const VERIFY_EXIT = { valid: 0, invalid: 1, unreadable: 2 } as const;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Verifies the signed attestation or `GET /jobs/:id/attestation` body read from `source` (a file,
 * `-` or nothing for stdin, an http(s) URL) offline, except for the fetch, and writes the verdict:
 * `OK …` (plus a line about the body's on-chain record, if any), `INVALID <reason>: …`, or
 * `ERROR unreadable-input: …`; with `json`, one object. Resolves to the exit status (VERIFY_EXIT).
 */
export async function runVerifyAttestation(
  source: string | undefined,
  options: VerifyAttestationCliOptions,
  write: (text: string) => void,
  readers: SourceReaders = { stdin: process.stdin, fetch },
): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = await readAttestationSource(attestationSource(source), readers);
  } catch (err) {
    if (!(err instanceof UnreadableSourceError)) {
      throw err;
    }
    const result = { ok: false, reason: 'unreadable-input', message: err.message };
    write(
      options.json === true
        ? `${JSON.stringify(result)}\n`
        : `ERROR ${result.reason}: ${result.message}\n`,
    );
    return VERIFY_EXIT.unreadable;
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return report(
      { ok: false, reason: 'malformed-json', message: 'not valid UTF-8' },
      options,
      write,
    );
  }
  const expectedPublicKey = options.publicKey;
  return report(
    await verifyAttestationDocument(
      text,
      expectedPublicKey === undefined ? {} : { expectedPublicKey },
    ),
    options,
    write,
    expectedPublicKey !== undefined,
  );
}

function report(
  verdict: AttestationDocumentVerdict,
  options: VerifyAttestationCliOptions,
  write: (text: string) => void,
  isPinned = false,
): number {
  if (!verdict.ok) {
    const result = { ok: false, reason: verdict.reason, message: verdict.message };
    write(
      options.json === true
        ? `${JSON.stringify(result)}\n`
        : `INVALID ${result.reason}: ${result.message}\n`,
    );
    return VERIFY_EXIT.invalid;
  }
  const { envelope } = verdict.document!.signed;
  const confidential = confidentialRecordOf(envelope);
  const mismatches = verdict.onChainMismatches ?? null;
  if (options.json === true) {
    write(
      `${JSON.stringify({
        ok: true,
        digest: verdict.digest,
        version: envelope.version,
        form: verdict.document!.form,
        queueJobId: envelope.queueJobId.toString(),
        confidentialJobId: confidential?.jobId.toString() ?? null,
        confidentialContract: confidential?.contract ?? null,
        workerPublicKey: envelope.workerPublicKey,
        pinned: isPinned,
        onChain: toOnChainAttestation(verdict.document!.signed),
        onChainMismatches: mismatches,
      })}\n`,
    );
    return VERIFY_EXIT.valid;
  }
  const record =
    confidential === null
      ? ''
      : ` (confidential job ${confidential.jobId}${confidential.contract === null ? '' : ` in ${confidential.contract}`})`;
  const pin = isPinned ? 'pinned' : 'not pinned: pass --public-key';
  write(
    `OK attestation ${verdict.digest} v${envelope.version} for queue job ${envelope.queueJobId}${record}, key ${envelope.workerPublicKey} (${pin})\n`,
  );
  if (mismatches !== null) {
    write(
      mismatches.length === 0
        ? 'on-chain record: the same attestation\n'
        : `on-chain record differs: ${mismatches.join('; ')}\n`,
    );
  }
  return VERIFY_EXIT.valid;
}

/** `polkamesh verify-attestation [source]`: offline check of a signed attestation. */
export function registerVerifyAttestationCommand(program: Command): void {
  program
    .command('verify-attestation')
    .description(
      'verify a signed attestation or a GET /jobs/:id/attestation body (exit 0 valid, 1 invalid, 2 unreadable)',
    )
    .argument('[source]', 'a file, - for stdin (the default), or an http(s) URL of the API', '-')
    .option('--json', 'print one JSON object instead of text')
    .option('--public-key <hex>', 'require this attestation key (0x + 64 hex), pinned out of band')
    .action(async (source: string, options: VerifyAttestationCliOptions) => {
      const code = await runVerifyAttestation(source, options, (text) =>
        process.stdout.write(text),
      );
      if (code !== VERIFY_EXIT.valid) {
        process.exitCode = code;
      }
    });
}
