import fc from 'fast-check';
import { queueJobIdFromPayload } from '../projections';
import { confidentialJobPayloadJson } from './confidential-job-payload';
import { decodeConfidentialPayload } from './decode-confidential-payload';
import { encodeBase64JsonPayload, encryptConfidentialPayload } from './open-payload-json';
import { MAX_PAYLOAD_TEXT_CHARS } from './payload-result';
import { generateServiceKeyPair, serviceKeyPairFromSeed } from './service-key-pair';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const MAX_U128 = (1n << 128n) - 1n;

/** Exactly what the web frontend's encryptForConfidentialJob writes (spec frontend §2.2). */
function frontendPayload(jobId: number, description: string, computeType = 'GPU'): string {
  const modelRef = 'model:' + computeType.toLowerCase() + ':' + description.substring(0, 50);
  const dataRef = 'data:' + 1732350000000 + ':' + description.substring(0, 30);
  const payload = { jobId, model: modelRef, data: dataRef };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}

describe('decodeConfidentialPayload', () => {
  const service = serviceKeyPairFromSeed(new Uint8Array(32).fill(1));

  it("decodes the web frontend's base64 JSON, with or without a service key", () => {
    const text = frontendPayload(7, 'Image classification');
    const expected = {
      ok: true,
      form: 'base64-json',
      payload: {
        queueJobId: 7n,
        modelRef: 'model:gpu:Image classification',
        dataRef: 'data:1732350000000:Image classification',
      },
    };
    expect(decodeConfidentialPayload(text, null)).toEqual(expected);
    expect(decodeConfidentialPayload(text, service)).toEqual(expected);
  });

  it('opens a payload sealed to the service key', () => {
    const json = { jobId: '42', modelRef: 'ocr:pp-ocrv4', dataRef: 'data:,hello' };
    const text = encryptConfidentialPayload(json, service.publicKey);
    expect(text.startsWith('pmenc1:')).toBe(true);
    expect(decodeConfidentialPayload(text, service)).toEqual({
      ok: true,
      form: 'pmenc1',
      payload: { queueJobId: 42n, modelRef: 'ocr:pp-ocrv4', dataRef: 'data:,hello' },
    });
  });

  it('needs the service key, and the right one, for a sealed payload', () => {
    const text = encryptConfidentialPayload({ jobId: 1, model: 'm', data: 'd' }, service.publicKey);
    expect(decodeConfidentialPayload(text, null)).toMatchObject({ ok: false, code: 'no-key' });
    expect(decodeConfidentialPayload(text, generateServiceKeyPair())).toMatchObject({
      ok: false,
      code: 'decryption-failed',
    });
  });

  it.each([
    ['', 'not-base64'],
    [b64('{"jobId":1,"model":"m","data":"d"}').replace(/=+$/, '') + 'x', 'not-base64'],
    ['eyJqb2JJZCI6MX0', 'not-base64'], // {"jobId":1} without its padding
    [`${b64('{"jobId":1,"model":"m","data":"d"}')}\n`, 'not-base64'],
    [b64('hello'), 'not-json'],
    [Buffer.from([0x22, 0xff, 0x22]).toString('base64'), 'not-json'],
    ['pmenc9:AAAA', 'unsupported-version'],
    ['A'.repeat(MAX_PAYLOAD_TEXT_CHARS + 4), 'too-large'],
  ])('refuses %j (%s)', (text, code) => {
    expect(decodeConfidentialPayload(text, service)).toMatchObject({ ok: false, code });
  });

  it.each([
    ['[1,2]', 'must be an object'],
    ['null', 'must be an object'],
    ['{"model":"m","data":"d"}', 'missing field jobId'],
    ['{"jobId":0,"model":"m","data":"d"}', 'at least 1'],
    ['{"jobId":-1,"model":"m","data":"d"}', 'u128'],
    ['{"jobId":1.5,"model":"m","data":"d"}', 'u128'],
    ['{"jobId":"007","model":"m","data":"d"}', 'u128'],
    ['{"jobId":9007199254740993,"model":"m","data":"d"}', 'u128'],
    [`{"jobId":"${MAX_U128 + 1n}","model":"m","data":"d"}`, 'u128'],
    ['{"jobId":1,"data":"d"}', 'missing field model or modelRef'],
    ['{"jobId":1,"model":"m","modelRef":"m","data":"d"}', 'only one of model, modelRef'],
    ['{"jobId":1,"model":"","data":"d"}', 'model must be a non-empty string'],
    ['{"jobId":1,"model":"m","dataRef":7}', 'dataRef must be a non-empty string'],
    ['{"jobId":1,"model":"m","data":"d","prompt":"x"}', 'unknown field(s) "prompt"'],
    ['{"jobId":1,"model":"m","data":"d","__proto__":{}}', 'unknown field(s) "__proto__"'],
  ])('refuses the fields of %s', (json, hint) => {
    const out = decodeConfidentialPayload(b64(json), null);
    expect(out).toMatchObject({ ok: false, code: 'invalid-fields' });
    expect(!out.ok && out.reason).toContain(hint);
  });

  it('accepts the largest u128 job id as a decimal string', () => {
    const text = b64(`{"jobId":"${MAX_U128}","model":"m","data":"d"}`);
    expect(decodeConfidentialPayload(text, null)).toMatchObject({
      ok: true,
      payload: { queueJobId: MAX_U128 },
    });
  });

  const payloads = fc.record({
    queueJobId: fc.bigInt({ min: 1n, max: MAX_U128 }),
    modelRef: fc.string({ minLength: 1 }),
    dataRef: fc.string({ minLength: 1 }),
  });

  it('round-trips any valid payload in both forms', () => {
    fc.assert(
      fc.property(payloads, (payload) => {
        const json = confidentialJobPayloadJson(payload);
        const plain = encodeBase64JsonPayload(json);
        expect(decodeConfidentialPayload(plain, null)).toEqual({
          ok: true,
          form: 'base64-json',
          payload,
        });
        const sealed = encryptConfidentialPayload(json, service.publicKey);
        expect(decodeConfidentialPayload(sealed, service)).toEqual({
          ok: true,
          form: 'pmenc1',
          payload,
        });
      }),
      { numRuns: 200 },
    );
  });

  it("finds the same queue job id as the projection's reader for frontend payloads", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.string(),
        (jobId, description) => {
          const text = frontendPayload(jobId, description || 'x');
          const decoded = decodeConfidentialPayload(text, null);
          expect(decoded.ok && decoded.payload.queueJobId).toBe(queueJobIdFromPayload(text));
        },
      ),
    );
  });

  it('never throws on garbage, and only accepts well-typed payloads', () => {
    const texts = fc.oneof(
      fc.string(),
      fc.uint8Array().map((bytes) => Buffer.from(bytes).toString('base64')),
      fc.jsonValue().map((json) => b64(JSON.stringify(json))),
      fc
        .uint8Array({ maxLength: 200 })
        .map((bytes) => `pmenc1:${Buffer.from(bytes).toString('base64url')}`),
      fc.string().map((s) => `pmenc${s}`),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const out = decodeConfidentialPayload(text, service);
        if (out.ok) {
          expect(out.payload.queueJobId).toBeGreaterThanOrEqual(1n);
          expect(typeof out.payload.modelRef).toBe('string');
          expect(typeof out.payload.dataRef).toBe('string');
        } else {
          expect(out.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
