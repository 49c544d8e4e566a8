import { isClosing, isStorageUnavailable } from './service-http';

const body = (code: string) => JSON.stringify({ error: { code, message: 'm', errorId: 'e' } });
const answer = (status: number, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
});

/** Which 5xx the harness accepts as documented rather than counting it as a broken promise. */
describe('isStorageUnavailable', () => {
  it('accepts 503 STORAGE_UNAVAILABLE with Retry-After', () => {
    expect(
      isStorageUnavailable(answer(503, { 'retry-after': '5' }), body('STORAGE_UNAVAILABLE')),
    ).toBe(true);
  });

  it.each([
    ['a 500', answer(500, { 'retry-after': '5' }), body('STORAGE_UNAVAILABLE')],
    ['a 503 without Retry-After', answer(503), body('STORAGE_UNAVAILABLE')],
    ['another 503 code', answer(503, { 'retry-after': '5' }), body('UNAVAILABLE')],
    ['a body that is not JSON', answer(503, { 'retry-after': '5' }), 'Service Unavailable'],
  ])('refuses %s', (_, response, text) => {
    expect(isStorageUnavailable(response, text)).toBe(false);
  });
});

describe('isClosing', () => {
  const closing =
    '{"error":"Service Unavailable","message":"Service Unavailable","statusCode":503}';

  it("accepts Fastify's 503 with Connection: close to a request arriving while the server closes", () => {
    expect(isClosing(answer(503, { connection: 'close' }), closing)).toBe(true);
  });

  it('refuses the same body without Connection: close, and any other 503', () => {
    expect(isClosing(answer(503), closing)).toBe(false);
    expect(isClosing(answer(503, { connection: 'close' }), body('INTERNAL'))).toBe(false);
  });
});
