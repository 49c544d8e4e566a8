import fc from 'fast-check';
import { redactDatabaseUrl } from './redact-database-url';

/** Characters that break naive parsers: the URL delimiters, `%`, space, and non-ASCII. */
const TRICKY = [..."abcXYZ019@:/?#&=%+; ._~-!$'()*,[]", 'é', '密', '🔑'];
const password = fc.string({ unit: fc.constantFrom(...TRICKY), minLength: 6, maxLength: 24 });
const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const host = fc.oneof(
  word,
  fc.constant('127.0.0.1'),
  fc.constant('[::1]'),
  fc.constant('db.example'),
);
const harmlessQuery = fc
  .array(fc.tuple(fc.constantFrom('sslmode', 'application_name', 'connect_timeout'), word), {
    maxLength: 3,
  })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));

/**
 * No run of 4 characters of `secret` that the rest of the URL does not itself contain shows in
 * `redacted`: neither the secret nor a telling piece of it leaks.
 */
function expectHidden(redacted: string, secret: string, publicText: string): void {
  for (let i = 0; i + 4 <= secret.length; i++) {
    const piece = secret.slice(i, i + 4);
    if (!publicText.includes(piece)) {
      expect(redacted).not.toContain(piece);
    }
  }
}

describe('redactDatabaseUrl', () => {
  it.each([
    ['postgres://app:s3cr%40t@db:5432/x', 'postgres://app:***@db:5432/x'],
    ['postgres://app:p@ss@db:5432/x', 'postgres://app:***@db:5432/x'],
    ['postgres://app:pa:ss/w?rd#x@db/x', 'postgres://app:***@db/x'],
    ['postgres://:hunter2@db/x', 'postgres://:***@db/x'],
    ['postgres://db/x?password=hunter2', 'postgres://db/x?password=***'],
    [
      'postgresql://u@db/x?sslmode=require&sslpassword=k3y&sslkey=/etc/k.pem',
      'postgresql://u@db/x?sslmode=require&sslpassword=***&sslkey=***',
    ],
    ['postgres://db/x?pass%77ord=hunter2&a=b', 'postgres://db/x?pass%77ord=***&a=b'],
    [
      'postgres://db/x?password=hun&ter2&sslmode=disable',
      'postgres://db/x?password=***&sslmode=disable',
    ],
    ['postgres://db/x', 'postgres://db/x'],
    ['postgres://u@[::1]:5432/x?sslmode=disable', 'postgres://u@[::1]:5432/x?sslmode=disable'],
    ['sqlite:./data/polkamesh.db', 'sqlite:./data/polkamesh.db'],
    ['mysql://root:hunter2@db/app', 'mysql://root:***@db/app'],
    ['host=db password=hunter2', '***'],
    ['postgres:hunter2@db', 'postgres:***'],
  ])('%s → %s', (url, redacted) => {
    expect(redactDatabaseUrl(url)).toBe(redacted);
  });

  it('hides a password in the query even when the userinfo has a port and an @ follows', () => {
    const out = redactDatabaseUrl('postgres://u@db:5432/x?password=a@bcdef');
    expect(out).not.toContain('bcdef');
    expect(out.startsWith('postgres://u@db:')).toBe(true);
  });

  it('hides any userinfo password, raw or percent-encoded; an encoded one and nothing else', () => {
    fc.assert(
      fc.property(word, password, host, word, harmlessQuery, (user, secret, h, db, query) => {
        const publicText = `postgres://${user}:***@${h}:5432/${db}${query}`;
        fc.pre(!publicText.includes(secret));
        const raw = redactDatabaseUrl(`postgres://${user}:${secret}@${h}:5432/${db}${query}`);
        expectHidden(raw, secret, publicText);
        const encoded = encodeURIComponent(secret);
        const redacted = redactDatabaseUrl(`postgres://${user}:${encoded}@${h}:5432/${db}${query}`);
        expect(redacted).toBe(publicText);
      }),
      { numRuns: 500 },
    );
  });

  it('hides the value of every secret-like query parameter, raw or encoded', () => {
    const secretName = fc.constantFrom(
      'password',
      'sslpassword',
      'sslkey',
      'PASSWORD',
      'pass%77ord',
    );
    fc.assert(
      fc.property(
        word,
        host,
        secretName,
        password.filter((p) => !p.includes('#')),
        harmlessQuery,
        fc.boolean(),
        (user, h, name, secret, query, encode) => {
          const value = encode ? encodeURIComponent(secret) : secret;
          const lead = query === '' ? '?' : `${query}&`;
          const url = `postgres://${user}@${h}/db${lead}${name}=${value}`;
          const publicText = `postgres://${user}@${h}/db${lead}${name}=***`;
          fc.pre(!publicText.includes(secret));
          // a raw `&key=` inside a value starts another parameter, for libpq as here
          fc.pre(encode || !/&[^&#=]*=/.test(secret));
          const redacted = redactDatabaseUrl(url);
          expectHidden(redacted, value, publicText);
          if (encode) {
            expect(redacted).toBe(publicText);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('hides whatever does not start with a scheme', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!/^[a-z][a-z0-9+.-]*:/i.test(text));
        expect(redactDatabaseUrl(text)).toBe('***');
      }),
    );
  });
});
