import { readFile } from 'node:fs/promises';

/** Environment variables the CLI takes secrets from (never visible in the process list). */
export const SEED_ENV = 'POLKAMESH_SEED';
export const TOKEN_ENV = 'POLKAMESH_TOKEN';

/** Where one secret may come from, in order: the file, the (deprecated) flag, the environment. */
export interface SecretSources {
  /** the option's name without dashes, e.g. `seed` */
  readonly name: string;
  /** `--<name> <value>`: on the command line, so in `ps` for every local user */
  readonly flag?: string | undefined;
  /** `--<name>-file <path>`; `-` is standard input */
  readonly file?: string | undefined;
  readonly envName: string;
}

/** Reads a secret file; `-` means standard input (read to its end). */
export type ReadSecretText = (path: string) => Promise<string>;

export class SecretSourceError extends Error {
  override readonly name = 'SecretSourceError';
}

/** `--<name>-file -` for more than one secret: standard input holds only one. */
export function stdinConflict(sources: readonly SecretSources[]): string | null {
  const fromStdin = sources.filter((s) => s.file === '-').map((s) => `--${s.name}-file -`);
  return fromStdin.length > 1
    ? `only one secret can come from standard input (${fromStdin.join(', ')})`
    : null;
}

/**
 * The secret from `--<name>-file` (trimmed; empty is an error), else `--<name>` with a warning
 * that it is visible in the process list, else the environment variable, else null.
 * @throws SecretSourceError when the file cannot be read or holds nothing
 */
export async function resolveSecret(
  sources: SecretSources,
  env: NodeJS.ProcessEnv,
  read: ReadSecretText,
  warn: (text: string) => void,
): Promise<string | null> {
  const { name, file, flag, envName } = sources;
  if (file !== undefined) {
    let text: string;
    try {
      text = await read(file);
    } catch (err) {
      const where = file === '-' ? 'standard input' : file;
      throw new SecretSourceError(`cannot read --${name}-file ${where}: ${errorText(err)}`);
    }
    const secret = text.trim();
    if (secret === '') {
      throw new SecretSourceError(`--${name}-file ${file === '-' ? '-' : file} is empty`);
    }
    return secret;
  }
  if (flag !== undefined) {
    warn(
      `polkamesh: warning: --${name} is visible to every local user in the process list (ps); ` +
        `use ${envName}=… or --${name}-file <path|-> instead\n`,
    );
    return flag;
  }
  const fromEnv = env[envName];
  return fromEnv === undefined || fromEnv.trim() === '' ? null : fromEnv.trim();
}

/**
 * `submit-job`'s user key and upload token from their files, flags or environment variables;
 * the seed is null when none is given (the caller's default applies).
 */
export async function resolveSeedAndToken(
  options: { seed?: string; seedFile?: string; token?: string; tokenFile?: string },
  env: NodeJS.ProcessEnv,
  read: ReadSecretText,
  warn: (text: string) => void,
): Promise<{ seed: string | null; token: string | null } | { usage: string }> {
  const seed: SecretSources = {
    name: 'seed',
    flag: options.seed,
    file: options.seedFile,
    envName: SEED_ENV,
  };
  const token: SecretSources = {
    name: 'token',
    flag: options.token,
    file: options.tokenFile,
    envName: TOKEN_ENV,
  };
  const conflict = stdinConflict([seed, token]);
  if (conflict !== null) {
    return { usage: conflict };
  }
  return {
    seed: await resolveSecret(seed, env, read, warn),
    token: await resolveSecret(token, env, read, warn),
  };
}

/** ReadSecretText over the file system and the process's standard input. */
export async function readSecretText(path: string): Promise<string> {
  if (path !== '-') {
    return readFile(path, 'utf8');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
