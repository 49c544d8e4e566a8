import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  readSecretText,
  resolveSecret,
  resolveSeedAndToken,
  SecretSourceError,
  SEED_ENV,
  TOKEN_ENV,
  type ReadSecretText,
} from './secret-options';

const files: Record<string, string> = {
  'seed.txt': '  bottom drive obey lake curtain smoke basket hold race lonely fit walk//Alice\n',
  'empty.txt': '\n  \n',
  '-': '//Charlie\n',
};
const read: ReadSecretText = (path) =>
  path in files ? Promise.resolve(files[path]!) : Promise.reject(new Error('ENOENT: no such file'));

describe('resolveSecret', () => {
  const warnings: string[] = [];
  const warn = (text: string) => warnings.push(text);
  beforeEach(() => (warnings.length = 0));

  it('reads --<name>-file, trimmed, and standard input for -', async () => {
    const seed = { name: 'seed', file: 'seed.txt', envName: SEED_ENV };
    expect(await resolveSecret(seed, {}, read, warn)).toBe(
      'bottom drive obey lake curtain smoke basket hold race lonely fit walk//Alice',
    );
    expect(await resolveSecret({ ...seed, file: '-' }, {}, read, warn)).toBe('//Charlie');
    expect(warnings).toEqual([]);
  });

  it('takes the environment variable when no file or flag is given, else null', async () => {
    const token = { name: 'token', envName: TOKEN_ENV };
    expect(await resolveSecret(token, { [TOKEN_ENV]: ' jwt \n' }, read, warn)).toBe('jwt');
    expect(await resolveSecret(token, { [TOKEN_ENV]: '' }, read, warn)).toBeNull();
    expect(await resolveSecret(token, {}, read, warn)).toBeNull();
  });

  it('still takes the flag, ahead of the environment, but warns that ps shows it', async () => {
    const seed = { name: 'seed', flag: '//Dave', envName: SEED_ENV };
    expect(await resolveSecret(seed, { [SEED_ENV]: '//Eve' }, read, warn)).toBe('//Dave');
    expect(warnings).toEqual([
      'polkamesh: warning: --seed is visible to every local user in the process list (ps); use POLKAMESH_SEED=… or --seed-file <path|-> instead\n',
    ]);
  });

  it('refuses an unreadable or empty file with a message naming the option', async () => {
    const token = { name: 'token', envName: TOKEN_ENV };
    await expect(resolveSecret({ ...token, file: 'nope' }, {}, read, warn)).rejects.toThrow(
      new SecretSourceError('cannot read --token-file nope: ENOENT: no such file'),
    );
    await expect(resolveSecret({ ...token, file: 'empty.txt' }, {}, read, warn)).rejects.toThrow(
      '--token-file empty.txt is empty',
    );
  });
});

describe('resolveSeedAndToken', () => {
  it('resolves both, and refuses standard input for both (it holds one secret)', async () => {
    const env = { [TOKEN_ENV]: 'tok' };
    expect(await resolveSeedAndToken({ seedFile: '-' }, env, read, () => undefined)).toEqual({
      seed: '//Charlie',
      token: 'tok',
    });
    expect(
      await resolveSeedAndToken({ seedFile: '-', tokenFile: '-' }, {}, read, () => undefined),
    ).toEqual({
      usage: 'only one secret can come from standard input (--seed-file -, --token-file -)',
    });
  });
});

describe('readSecretText', () => {
  it('reads a file from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polkamesh-secret-'));
    try {
      writeFileSync(join(dir, 'token'), 'abc\n');
      expect(await readSecretText(join(dir, 'token'))).toBe('abc\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
