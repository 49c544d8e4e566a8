import { readFile } from 'node:fs/promises';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { Option, type Command } from 'commander';
import { defaultContractAddresses } from '../devnet/devnet';
import {
  confidentialJobPayloadJson,
  encryptConfidentialPayload,
  formatServicePublicKey,
} from '../src/confidential';
import { UserWallet, watchJobOutcome } from '../src/demo';
import { integerOption } from './cli-options';
import { uploadContent } from './content-upload';
import { fetchPrivateResult, fetchSealingKey, privateResultLines } from './private-job-service';
import { readSecretText, resolveSeedAndToken, SEED_ENV, TOKEN_ENV } from './secret-options';
import { DEFAULT_SERVICE_URL, parseServiceUrl } from './status-command';
import { connectRpc, DEFAULT_RPC_URL, disconnectRpc, parseRpcUrl } from './rpc-connection';
import {
  DEFAULT_USER_SEED,
  parseBudget,
  parseDataRefOption,
  parseDeposit,
  parseH160,
  parseModelRefOption,
  planFileData,
  planSubmitJob,
  PRIVATE_QUEUE_REF,
  submitJobLines,
  type SubmitJobPlan,
  type SubmitJobRawOptions,
} from './submit-job-options';

/** The job ended Cancelled while `--wait` followed it; `main` exits 1 after the line was printed. */
export class JobCancelledError extends Error {
  override readonly name = 'JobCancelledError';
}

const parseDeadlineBlocks = integerOption('deadline (blocks)', 1, 10_000_000);

/**
 * Acts as a user with a UserWallet (dry run first, so a refused call spends nothing): submit_job,
 * then the confidential twin (--private), the escrow deposit (--deposit) and the assignment
 * (--provider); with --wait, follows finalized blocks until JobCompleted or JobCancelled.
 * With --private the queue job carries only placeholders, the references go sealed to the
 * service's key (pmenc1), and --wait reads the result back as the job's owner (a signature).
 */
export async function runSubmitJob(
  plan: SubmitJobPlan,
  write: (text: string) => void,
): Promise<void> {
  await cryptoWaitReady();
  let pair;
  try {
    pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(plan.seed);
  } catch (err) {
    throw new Error(`seed is not a valid secret URI or mnemonic (${errorText(err)})`);
  }
  const sealTo = plan.isPrivate ? await fetchSealingKey(plan.serviceUrl, plan.provider) : null;
  const dataRef = await resolveDataRef(plan, write);
  const api = await connectRpc(plan.rpcUrl);
  try {
    const addresses = defaultContractAddresses();
    const wallet = new UserWallet(api, pair, addresses);
    if (await wallet.ensureMapped()) {
      write(`mapped ${wallet.address} to ${wallet.h160} for pallet-revive\n`);
    }
    const job = await wallet.submitJob({
      modelRef: sealTo === null ? plan.modelRef : PRIVATE_QUEUE_REF,
      dataRef: sealTo === null ? dataRef : PRIVATE_QUEUE_REF,
      deadlineBlocks: plan.deadlineBlocks,
      privacyRequired: plan.isPrivate,
      budgetPlanck: plan.budgetPlanck,
    });
    write(submitJobLines.submitted(job.id, job.blockHash, wallet.h160, plan.budgetPlanck));
    if (sealTo !== null) {
      const payload = confidentialJobPayloadJson({
        queueJobId: job.id,
        modelRef: plan.modelRef,
        dataRef,
      });
      const twin = await wallet.submitConfidentialPayload(
        encryptConfidentialPayload(payload, sealTo.publicKey),
        formatServicePublicKey(sealTo.publicKey),
      );
      write(submitJobLines.confidential(job.id, twin.id));
    }
    if (plan.provider !== null) {
      if (plan.depositPlanck !== null) {
        await wallet.depositForJob(job.id, plan.provider, plan.depositPlanck);
        write(submitJobLines.deposited(job.id, plan.provider, plan.depositPlanck));
      }
      await wallet.assignProvider(job.id, plan.provider);
      write(submitJobLines.assigned(job.id, plan.provider));
    }
    if (!plan.shouldWait) {
      return;
    }
    write(submitJobLines.waiting(job.id, plan.provider !== null));
    const submittedAt = (await api.rpc.chain.getHeader(job.blockHash)).number.toNumber();
    const outcome = await watchJobOutcome(api, addresses, job.id, { fromBlock: submittedAt });
    if (outcome.status === 'Cancelled') {
      write(submitJobLines.cancelled(job.id, outcome.blockNumber));
      throw new JobCancelledError(`job ${job.id} was cancelled`);
    }
    write(
      submitJobLines.completed(job.id, outcome.blockNumber, outcome.provider, outcome.resultHash),
    );
    if (sealTo !== null) {
      const body = await fetchPrivateResult(plan.serviceUrl, job.id, pair, {
        genesisHash: api.genesisHash.toHex(),
        queueContract: addresses.aiJobQueue,
        provider: outcome.provider,
      });
      write(privateResultLines(job.id, body));
    }
  } finally {
    await disconnectRpc(api);
  }
}

async function resolveDataRef(plan: SubmitJobPlan, write: (text: string) => void): Promise<string> {
  const { data } = plan;
  if (data.kind === 'ref') {
    return data.ref;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(data.path);
  } catch (err) {
    throw new Error(`cannot read ${data.path}: ${errorText(err)}`);
  }
  const file = planFileData(data.path, bytes, plan.token !== null);
  switch (file.kind) {
    case 'inline':
      return file.ref;
    case 'error':
      throw new Error(file.message);
    case 'upload': {
      const ref = await uploadContent(plan.serviceUrl, plan.token ?? '', bytes, file.mediaType);
      write(submitJobLines.uploaded(data.path, ref));
      return ref;
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `polkamesh submit-job`: submit an ai_job_queue job as a user (a dev account by default). */
export function registerSubmitJobCommand(program: Command): void {
  program
    .command('submit-job')
    .description('submit a job as a user: submit_job, optional escrow deposit and assignment')
    .addOption(
      new Option('--model <ref>', 'model_ref, e.g. ocr:pp-ocrv4')
        .argParser(parseModelRefOption)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--data <ref>', 'data_ref: data:, cas:sha256:, nft:<id> or https://')
        .argParser(parseDataRefOption)
        .conflicts('file'),
    )
    .addOption(
      new Option(
        '--file <path>',
        "a file: inline as a data: URL up to 64 KiB, else uploaded to the service's content store",
      ).conflicts('data'),
    )
    .addOption(
      new Option('--service <url>', 'the service that stores uploads (POST /content)')
        .argParser(parseServiceUrl)
        .default(DEFAULT_SERVICE_URL),
    )
    .addOption(
      new Option(
        '--token-file <path>',
        `file holding a bearer token with content:write, for uploads ('-': standard input; or ${TOKEN_ENV})`,
      ).conflicts('token'),
    )
    .addOption(
      new Option('--token <jwt>', `deprecated (visible in ps): use ${TOKEN_ENV} or --token-file`),
    )
    .addOption(
      new Option('--budget <PAS>', 'paid into ai_job_queue (never refunded by the contract)')
        .argParser(parseBudget)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option(
        '--seed-file <path>',
        `file holding the user key, a dev URI or a mnemonic ('-': standard input; or ${SEED_ENV}; default ${DEFAULT_USER_SEED})`,
      ).conflicts('seed'),
    )
    .addOption(
      new Option('--seed <uri>', `deprecated (visible in ps): use ${SEED_ENV} or --seed-file`),
    )
    .addOption(
      new Option('--provider <h160>', 'assign the job to this provider').argParser(parseH160),
    )
    .addOption(
      new Option(
        '--deposit [PAS]',
        'deposit into payment_escrow for the provider (default: the budget)',
      ).argParser(parseDeposit),
    )
    .option(
      '--private',
      "privacy_required: the references go sealed to the --service's key, the result comes back to the owner only",
    )
    .addOption(
      new Option('--deadline-blocks <n>', 'deadline: the best block plus <n>')
        .argParser(parseDeadlineBlocks)
        .default(1000),
    )
    .addOption(
      new Option('--rpc <url>', 'chain endpoint').argParser(parseRpcUrl).default(DEFAULT_RPC_URL),
    )
    .option('--wait', 'follow finalized blocks until the job is Completed or Cancelled')
    .action(async function (this: Command, options: SubmitJobRawOptions) {
      const secrets = await resolveSeedAndToken(options, process.env, readSecretText, (text) =>
        process.stderr.write(text),
      );
      if ('usage' in secrets) {
        this.error(`error: ${secrets.usage}`);
      }
      const { seed, token } = secrets;
      const plan = planSubmitJob({
        ...options,
        seed: seed ?? DEFAULT_USER_SEED,
        token: token ?? undefined,
      });
      if ('usage' in plan) {
        this.error(`error: ${plan.usage}`);
      }
      await runSubmitJob(plan, (text) => process.stdout.write(text));
    });
}
