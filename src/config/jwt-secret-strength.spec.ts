import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { weakJwtSecretReason } from './jwt-secret-strength';

describe('weakJwtSecretReason', () => {
  it.each([
    ['the old .env.example placeholder', 'at-least-32-characters-of-random-secret', /placeholder/],
    ['32 spaces', ' '.repeat(32), /blank/],
    ['32 × a', 'a'.repeat(32), /repeated pattern/],
    ['a short one', 'Vn2IUUAHNN9MB2ZVEQp', /at least 32 characters/],
    ['a word repeated', 'changeme-changeme-changeme-changeme', /repeated pattern/],
    ['an alphabet run', 'abcdefghijklmnopqrstuvwxyz012345', /consecutive/],
    ['digits counting down', '98765432109876543210987654321098', /repeated pattern/],
    ['two letters', 'aaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb', /distinct/],
    ['a skewed alphabet', `${'x'.repeat(30)}a1b2c3d4e5`, /low entropy/],
  ])('refuses %s', (_what, secret, reason) => {
    expect(weakJwtSecretReason(secret)).toMatch(reason);
  });

  it('accepts what the documented command prints and other random secrets', () => {
    expect(weakJwtSecretReason(randomBytes(32).toString('base64url'))).toBeNull();
    // `openssl rand -hex 16`: 128 bits in the shortest length accepted
    fc.assert(
      fc.property(fc.noBias(fc.uint8Array({ minLength: 16, maxLength: 16 })), (bytes) => {
        return weakJwtSecretReason(Buffer.from(bytes).toString('hex')) === null;
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        // uniform bytes, as a generator gives: fast-check's default bias favours all-zero arrays
        fc.noBias(fc.uint8Array({ minLength: 24, maxLength: 64 })),
        fc.constantFrom('hex', 'base64', 'base64url') as fc.Arbitrary<BufferEncoding>,
        (bytes, encoding) => weakJwtSecretReason(Buffer.from(bytes).toString(encoding)) === null,
      ),
      { numRuns: 2000 },
    );
  });
});
