import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';
import { h160FromAccountId } from '../../src/contracts';
import type { SecretScanner } from './secret-scan';

/** A signing key the service is configured with, and what the judge matches it by. */
export interface ServiceKey {
  readonly secret: string;
  readonly accountId: string;
  readonly h160: string;
  readonly address: string;
}

/**
 * Fresh secrets for one run (never derived from the seed: they must be unguessable and the run
 * still reproducible): signing seeds as mnemonics, a 0x mini-secret for attestation, the JWT
 * secret, a database password, a keystore password. Each is registered with the scanner.
 */
export async function generateKey(scanner: SecretScanner, name: string): Promise<ServiceKey> {
  await cryptoWaitReady();
  const secret = mnemonicGenerate(12);
  scanner.add(name, secret);
  const pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(secret);
  return {
    secret,
    accountId: u8aToHex(pair.publicKey),
    h160: h160FromAccountId(pair.publicKey).toLowerCase(),
    address: pair.address,
  };
}

export function generateSecret(scanner: SecretScanner, name: string, bytes = 32): string {
  const value = randomBytes(bytes).toString('base64url');
  scanner.add(name, value);
  return value;
}

export function generateMiniSecret(scanner: SecretScanner, name: string): string {
  const value = `0x${randomBytes(32).toString('hex')}`;
  scanner.add(name, value);
  return value;
}

/** A Polkadot.js keystore export of a fresh sr25519 key, sealed with a fresh password. */
export async function writeKeystore(
  scanner: SecretScanner,
  name: string,
  file: string,
): Promise<{ file: string; password: string }> {
  await cryptoWaitReady();
  const password = generateSecret(scanner, `${name} password`, 24);
  const secret = `0x${randomBytes(32).toString('hex')}`;
  scanner.add(`${name} key`, secret);
  const pair = new Keyring({ type: 'sr25519' }).addFromUri(secret);
  writeFileSync(file, JSON.stringify(pair.toJson(password)), { mode: 0o600 });
  return { file, password };
}
