import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { h160FromAccountId } from '../../contracts';
import { AppError } from '../../shared';
import { Secret } from '../../shared/secret';
import { ApiTokenVerifier, mintApiToken } from './api-tokens';
import { OwnerProofVerifier, type OwnerProofContext } from './owner-proof-verifier';
import { ownerReadMessageFor } from './owner-read-message';
import { formatOwnerSignatureHeader } from './owner-signature-header';
import { PrivateJobAccess, type PrivateReadCredentials } from './private-job-access';

const SECRET = new Secret('private-access-spec-secret-of-32-chars-or-more');
const CONTEXT: OwnerProofContext = {
  genesisHash: `0x${'ab'.repeat(32)}`,
  queueContract: `0x${'a4'.repeat(20)}`,
  provider: `0x${'c3'.repeat(20)}`,
};
const NOW = new Date('2026-03-01T12:00:00.000Z');

describe('PrivateJobAccess', () => {
  let bob: KeyringPair;
  let job: { id: bigint; owner: string; privacyRequired: boolean };
  const access = new PrivateJobAccess(
    new ApiTokenVerifier(SECRET, () => NOW),
    new OwnerProofVerifier(CONTEXT, () => NOW),
  );
  const bearer = (scopes: string[]) =>
    `Bearer ${mintApiToken(SECRET, { sub: 'ops', scopes, ttlSeconds: 60 }, NOW)}`;
  const ownerSignature = (pair: KeyringPair) => {
    const { message } = ownerReadMessageFor(CONTEXT, job.id, NOW);
    const signature = u8aToHex(pair.sign(u8aWrapBytes(stringToU8a(message))));
    return formatOwnerSignatureHeader({ signer: pair.address, message, signature });
  };
  const refusal = async (credentials: PrivateReadCredentials) => {
    try {
      await access.decide(job, credentials);
    } catch (err) {
      if (err instanceof AppError) {
        return { code: err.code, reason: err.details?.['reason'] };
      }
      throw err;
    }
    return 'no refusal';
  };

  beforeAll(async () => {
    await cryptoWaitReady();
    bob = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Bob');
    job = { id: 7n, owner: h160FromAccountId(bob.publicKey), privacyRequired: true };
  });

  it('shows a public job to anyone, whatever credentials come along', async () => {
    const open = { ...job, privacyRequired: false };
    expect(await access.decide(open, {})).toBe('show');
    expect(await access.decide(open, { ownerSignature: 'garbage' })).toBe('show');
  });

  it('withholds a private job from a caller without credentials, and require() refuses it (401)', async () => {
    expect(await access.decide(job, {})).toBe('withhold');
    await expect(access.require(job, {})).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      details: { reason: 'owner-proof-required' },
    });
  });

  it("shows a private job to its owner's signature and to a jobs:read-private token", async () => {
    expect(await access.decide(job, { ownerSignature: ownerSignature(bob) })).toBe('show');
    expect(await access.decide(job, { authorization: bearer(['jobs:read-private']) })).toBe('show');
    expect(await access.decideForListing({ authorization: bearer(['jobs:read-private']) })).toBe(
      'show',
    );
    expect(await access.decideForListing({})).toBe('withhold');
  });

  it('refuses presented credentials that do not hold instead of falling back to withholding', async () => {
    const charlie = new Keyring({ type: 'sr25519' }).addFromUri('//Charlie');
    expect(await refusal({ ownerSignature: ownerSignature(charlie) })).toEqual({
      code: 'FORBIDDEN',
      reason: 'not-owner',
    });
    expect(await refusal({ ownerSignature: 'signer=x' })).toEqual({
      code: 'UNAUTHORIZED',
      reason: 'malformed-header',
    });
    expect(await refusal({ authorization: bearer(['content:read']) })).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await refusal({ authorization: 'Bearer not-a-jwt' })).toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('without the job engine or JWT_SECRET, says which proof this instance cannot take', async () => {
    const bare = new PrivateJobAccess(null, null);
    await expect(bare.decide(job, { ownerSignature: ownerSignature(bob) })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      details: { reason: 'owner-proofs-disabled' },
    });
    await expect(
      bare.decide(job, { authorization: bearer(['jobs:read-private']) }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED', details: { reason: 'tokens-disabled' } });
  });
});
