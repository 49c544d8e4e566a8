import { computeContentDigest } from '../content-digest';
import type { ContentStore } from '../content-store';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const MISSING = computeContentDigest(text('never stored'));

/** Behaviour every `ContentStore` shares; run against each adapter and fake. */
export function contentStoreContract(name: string, make: () => Promise<ContentStore>): void {
  describe(`ContentStore contract: ${name}`, () => {
    it('returns the sha256 digest of the bytes and reads them back', async () => {
      const store = await make();
      const digest = await store.put(text('hello'), 'text/plain');
      expect(digest).toBe(
        'sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      );
      const got = await store.get(digest);
      expect(got).toMatchObject({ digest, size: 5, mediaType: 'text/plain' });
      expect(Buffer.from(got!.bytes).toString()).toBe('hello');
    });

    it('is idempotent by digest: a second put keeps the first media type', async () => {
      const store = await make();
      const first = await store.put(text('same'), 'text/plain');
      const second = await store.put(text('same'), 'application/json');
      expect(second).toBe(first);
      expect(await store.stat(first)).toEqual({
        digest: first,
        size: 4,
        mediaType: 'text/plain',
        isModel: false,
      });
    });

    it('stores bytes as data only unless a put says asModel', async () => {
      const store = await make();
      const digest = await store.put(text('input rows'), 'text/csv');
      expect((await store.stat(digest))?.isModel).toBe(false);
      expect((await store.get(digest))?.isModel).toBe(false);
    });

    it('marks a model put: as data first, later as a model, the digest becomes a model', async () => {
      const store = await make();
      const digest = await store.put(text('model bytes'), 'application/octet-stream');
      await store.put(text('model bytes'), 'application/onnx', { asModel: true });
      expect(await store.stat(digest)).toEqual({
        digest,
        size: 11,
        mediaType: 'application/octet-stream',
        isModel: true,
      });
      expect((await store.get(digest))?.isModel).toBe(true);
    });

    it('never takes the model mark away: a later put as data keeps it', async () => {
      const store = await make();
      const digest = await store.put(text('trained'), 'application/onnx', { asModel: true });
      await store.put(text('trained'), 'text/plain');
      await store.put(text('trained'), 'text/plain', { asModel: false });
      expect((await store.stat(digest))?.isModel).toBe(true);
    });

    it('ends as a model when puts as data and as a model race', async () => {
      const store = await make();
      const bytes = text('y'.repeat(10_000));
      const digests = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.put(bytes, 'application/octet-stream', { asModel: i === 5 }),
        ),
      );
      expect((await store.stat(digests[0]!))?.isModel).toBe(true);
    });

    it('answers null / false for a digest it does not hold', async () => {
      const store = await make();
      expect(await store.get(MISSING)).toBeNull();
      expect(await store.stat(MISSING)).toBeNull();
      expect(await store.has(MISSING)).toBe(false);
    });

    it('stores empty content', async () => {
      const store = await make();
      const digest = await store.put(new Uint8Array(0), 'application/octet-stream');
      expect(await store.has(digest)).toBe(true);
      expect((await store.get(digest))?.size).toBe(0);
    });

    it('keeps concurrent puts of the same bytes consistent', async () => {
      const store = await make();
      const bytes = text('x'.repeat(10_000));
      const digests = await Promise.all(
        Array.from({ length: 8 }, () => store.put(bytes, 'text/plain')),
      );
      expect(new Set(digests).size).toBe(1);
      expect((await store.get(digests[0]!))?.size).toBe(10_000);
    });
  });
}
