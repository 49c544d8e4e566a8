import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { LogFields, Logger } from '../shared';
import type { AppConfig } from '../config';
import { Secret } from '../shared/secret';
import { devAttestationSecret, loadAttestationSigner } from './attestation-key';

/** Records warnings (pure logic: a fake logger is enough). */
class RecordingLogger implements Logger {
  readonly warnings: string[] = [];
  debug(): void {}
  info(): void {}
  warn(msg: string, _fields?: LogFields): void {
    this.warnings.push(msg);
  }
  error(): void {}
  child(): Logger {
    return this;
  }
}

type KeyConfig = Pick<AppConfig, 'env' | 'keys'>;
const keys = (overrides: Partial<AppConfig['keys']> = {}): AppConfig['keys'] => ({
  workerSeed: new Secret('//Dave'),
  adminSeed: null,
  keystoreFile: null,
  keystorePassword: null,
  attestationSeed: null,
  attestationKeystoreFile: null,
  attestationKeystorePassword: null,
  ...overrides,
});

let keyring: Keyring;
const publicKeyOf = (uri: string) => u8aToHex(keyring.addFromUri(uri).publicKey);

beforeAll(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519' });
});

describe('loadAttestationSigner', () => {
  it('derives WORKER_SEED//attestation outside production, a key of its own, and says so', async () => {
    const log = new RecordingLogger();
    const config: KeyConfig = { env: 'development', keys: keys() };
    const signer = await loadAttestationSigner(
      config,
      new Secret('//Dave'),
      [publicKeyOf('//Dave')],
      log,
    );
    expect(signer.publicKey).toBe(publicKeyOf('//Dave//attestation'));
    expect(signer.publicKey).not.toBe(publicKeyOf('//Dave'));
    expect(log.warnings).toEqual([expect.stringMatching(/WORKER_SEED\/\/attestation/)]);
  });

  it('uses ATTESTATION_SEED when set', async () => {
    const config: KeyConfig = {
      env: 'production',
      keys: keys({ attestationSeed: new Secret('//Attester') }),
    };
    const signer = await loadAttestationSigner(
      config,
      new Secret('//Dave'),
      [],
      new RecordingLogger(),
    );
    expect(signer.publicKey).toBe(publicKeyOf('//Attester'));
  });

  it('reads a Polkadot.js keystore file (ATTESTATION_KEYSTORE_FILE)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attestation-keystore-'));
    const file = join(dir, 'attester.json');
    writeFileSync(file, JSON.stringify(keyring.addFromUri('//Keystored').toJson('pw')));
    const config: KeyConfig = {
      env: 'production',
      keys: keys({ attestationKeystoreFile: file, attestationKeystorePassword: new Secret('pw') }),
    };
    const signer = await loadAttestationSigner(
      config,
      new Secret('//Dave'),
      [],
      new RecordingLogger(),
    );
    expect(signer.publicKey).toBe(publicKeyOf('//Keystored'));
    const wrong: KeyConfig = {
      env: 'production',
      keys: keys({ attestationKeystoreFile: file, attestationKeystorePassword: new Secret('no') }),
    };
    await expect(
      loadAttestationSigner(wrong, new Secret('//Dave'), [], new RecordingLogger()),
    ).rejects.toThrow(/wrong password or corrupt file/);
  });

  it('refuses in production to derive a key or to attest with a transaction key', async () => {
    await expect(
      loadAttestationSigner(
        { env: 'production', keys: keys() },
        new Secret('//Dave'),
        [],
        new RecordingLogger(),
      ),
    ).rejects.toThrow(/required in production/);
    const same: KeyConfig = {
      env: 'production',
      keys: keys({ attestationSeed: new Secret('0x' + '11'.repeat(32)) }),
    };
    const txKey = u8aToHex(keyring.addFromUri(`0x${'11'.repeat(32)}`).publicKey);
    await expect(
      loadAttestationSigner(
        same,
        new Secret('//Dave'),
        [txKey.toUpperCase().replace('0X', '0x')],
        new RecordingLogger(),
      ),
    ).rejects.toThrow(/also a transaction key/);
  });

  it('only warns about a shared key outside production', async () => {
    const log = new RecordingLogger();
    const config: KeyConfig = {
      env: 'development',
      keys: keys({ attestationSeed: new Secret('//Eve') }),
    };
    const signer = await loadAttestationSigner(
      config,
      new Secret('//Dave'),
      [publicKeyOf('//Eve')],
      log,
    );
    expect(signer.publicKey).toBe(publicKeyOf('//Eve'));
    expect(log.warnings).toEqual([expect.stringMatching(/also a transaction key/)]);
  });
});

describe('devAttestationSecret', () => {
  it('appends //attestation, before a ///password', () => {
    expect(devAttestationSecret(new Secret('//Charlie')).reveal()).toBe('//Charlie//attestation');
    expect(devAttestationSecret(new Secret(' word word//x///pw ')).reveal()).toBe(
      'word word//x//attestation///pw',
    );
  });
});
