import {
  formatOwnerReadMessage,
  ownerReadMessageFor,
  parseOwnerReadMessage,
  type OwnerReadMessage,
} from './owner-read-message';

const FIELDS: OwnerReadMessage = {
  genesisHash: `0x${'ab'.repeat(32)}`,
  queueContract: `0x${'a4'.repeat(20)}`,
  provider: `0x${'c3'.repeat(20)}`,
  jobId: 42n,
  expiresAt: 1_772_366_400,
};
const TEXT = `polkamesh:read-job:v1:0x${'ab'.repeat(32)}:0x${'a4'.repeat(20)}:0x${'c3'.repeat(20)}:42:1772366400`;

describe('owner read message', () => {
  it('formats the documented text and parses it back', () => {
    expect(formatOwnerReadMessage(FIELDS)).toBe(TEXT);
    expect(parseOwnerReadMessage(TEXT)).toEqual(FIELDS);
  });

  it('lowercases hex when formatting, and issues a message expiring a lifetime from now', () => {
    const upper = { ...FIELDS, provider: `0x${'C3'.repeat(20)}` };
    expect(formatOwnerReadMessage(upper)).toBe(TEXT);
    const issued = ownerReadMessageFor(FIELDS, 42n, new Date(1_772_366_100_500), 300);
    expect(issued).toEqual({ message: TEXT, expiresAt: new Date(1_772_366_400_000) });
  });

  it.each([
    TEXT.replace('v1', 'v2'),
    TEXT.replace(':42:', ':042:'),
    TEXT.replace(`0x${'c3'.repeat(20)}`, `0x${'C3'.repeat(20)}`),
    TEXT.replace(':1772366400', ':0'),
    TEXT.replace(':42:', `:${2n ** 128n}:`),
    `${TEXT} `,
    `${TEXT}:extra`,
    TEXT.replace('polkamesh:', 'other:'),
  ])('refuses the non-canonical or foreign text %j', (text) => {
    expect(parseOwnerReadMessage(text)).toBeNull();
  });

  it('refuses to format an expiry that is not positive whole seconds', () => {
    expect(() => formatOwnerReadMessage({ ...FIELDS, expiresAt: 1.5 })).toThrow(RangeError);
    expect(() => formatOwnerReadMessage({ ...FIELDS, expiresAt: 0 })).toThrow(RangeError);
  });
});
