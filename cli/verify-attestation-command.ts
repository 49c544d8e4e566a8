import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  type AttestationVerdict,
  parseSignedAttestation,
  toOnChainAttestation,
  verifySignedAttestationJson,
} from '../src/attestation';

export interface VerifyAttestationCliOptions {
  /** One JSON object on stdout instead of a line of text. */
  readonly json?: boolean;
  /** Require this worker public key (`0x` + 64 hex). */
  readonly publicKey?: string;
}

/** Thrown by the command action so that `main` exits 1 after the verdict has been printed. */
export class AttestationRejectedError extends Error {
  override readonly name = 'AttestationRejectedError';
}

/**
 * Verifies the signed attestation JSON in `file` offline (no chain access) and writes the verdict:
 * `OK …` or `INVALID <reason>: …`, or with `json` one object `{ ok, reason?, message?, digest?,
 * queueJobId?, onChain? }`. Resolves to the exit status: 0 valid, 1 anything else.
 */
export async function runVerifyAttestation(
  file: string,
  options: VerifyAttestationCliOptions,
  write: (text: string) => void,
): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const message = `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`;
    return report({ ok: false, reason: 'unreadable-file', message }, options, write);
  }
  const verdict = await verifySignedAttestationJson(text, {
    expectedPublicKey: options.publicKey,
  });
  if (!verdict.ok) {
    return report({ ok: false, reason: verdict.reason, message: verdict.message }, options, write);
  }
  const signed = parseSignedAttestation(text);
  const onChain = toOnChainAttestation(signed);
  return report(
    {
      ok: true,
      digest: verdict.digest,
      queueJobId: signed.envelope.queueJobId.toString(),
      confidentialJobId: signed.envelope.confidentialJobId?.toString() ?? null,
      workerPublicKey: signed.envelope.workerPublicKey,
      onChain,
    },
    options,
    write,
  );
}

type Report =
  | {
      ok: false;
      reason: Exclude<AttestationVerdict, { ok: true }>['reason'] | 'unreadable-file';
      message: string;
    }
  | {
      ok: true;
      digest: string;
      queueJobId: string;
      confidentialJobId: string | null;
      workerPublicKey: string;
      onChain: ReturnType<typeof toOnChainAttestation>;
    };

function report(
  result: Report,
  options: VerifyAttestationCliOptions,
  write: (text: string) => void,
): number {
  if (options.json === true) {
    write(`${JSON.stringify(result)}\n`);
  } else if (result.ok) {
    const confidential =
      result.confidentialJobId === null ? '' : ` (confidential job ${result.confidentialJobId})`;
    write(
      `OK attestation ${result.digest} for queue job ${result.queueJobId}${confidential}, worker ${result.workerPublicKey}\n`,
    );
  } else {
    write(`INVALID ${result.reason}: ${result.message}\n`);
  }
  return result.ok ? 0 : 1;
}

/** `polkamesh verify-attestation <file>`: offline check of a signed attestation JSON file. */
export function registerVerifyAttestationCommand(program: Command): void {
  program
    .command('verify-attestation')
    .description('verify a signed attestation JSON file offline (exit 0 valid, 1 invalid)')
    .argument('<file>', 'signed attestation JSON ({ envelope, signature })')
    .option('--json', 'print one JSON object instead of a line of text')
    .option('--public-key <hex>', 'require this worker public key (0x + 64 hex)')
    .action(async (file: string, options: VerifyAttestationCliOptions) => {
      const code = await runVerifyAttestation(file, options, (text) => process.stdout.write(text));
      if (code !== 0) {
        throw new AttestationRejectedError('attestation rejected');
      }
    });
}
