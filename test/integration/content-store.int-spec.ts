import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ContentCorruptedError,
  FsContentStore,
  computeContentDigest,
  digestHex,
} from '../../src/content-store';
import { contentStoreContract } from '../../src/content-store/testing/content-store-contract';

const dirs: string[] = [];

async function tempRoot(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'polkamesh-cas-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

contentStoreContract('FsContentStore', async () => new FsContentStore(await tempRoot()));

describe('FsContentStore on a real directory', () => {
  const bytes = new TextEncoder().encode('{"rows":[1,2,3]}');

  it('lays blobs out as sha256/<aa>/<hex> and leaves no temp files behind', async () => {
    const root = await tempRoot();
    const digest = await new FsContentStore(root).put(bytes, 'application/json');
    const hex = digestHex(digest);
    const file = path.join(root, 'sha256', hex.slice(0, 2), hex);
    expect(await fs.readFile(file)).toEqual(Buffer.from(bytes));
    expect(await fs.readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('is readable by a new instance on the same directory (restart)', async () => {
    const root = await tempRoot();
    const digest = await new FsContentStore(root).put(bytes, 'application/json');
    const again = await new FsContentStore(root).get(digest);
    expect(again?.mediaType).toBe('application/json');
    expect(Buffer.from(again!.bytes)).toEqual(Buffer.from(bytes));
  });

  it('keeps the model mark as an empty <hex>.model file, across a restart', async () => {
    const root = await tempRoot();
    const digest = await new FsContentStore(root).put(bytes, 'application/json', {
      asModel: true,
    });
    const hex = digestHex(digest);
    const mark = path.join(root, 'sha256', hex.slice(0, 2), `${hex}.model`);
    expect((await fs.stat(mark)).size).toBe(0);

    const restarted = new FsContentStore(root);
    expect((await restarted.stat(digest))?.isModel).toBe(true);
    await restarted.put(bytes, 'application/json');
    expect((await new FsContentStore(root).get(digest))?.isModel).toBe(true);
    expect(await fs.readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('stores a data put without any model mark', async () => {
    const root = await tempRoot();
    const digest = await new FsContentStore(root).put(bytes, 'application/json');
    const hex = digestHex(digest);
    expect(await fs.readdir(path.join(root, 'sha256', hex.slice(0, 2)))).toEqual([
      hex,
      `${hex}.json`,
    ]);
    expect((await new FsContentStore(root).stat(digest))?.isModel).toBe(false);
  });

  it('reports a corrupted file instead of serving it, and a later put repairs it', async () => {
    const root = await tempRoot();
    const store = new FsContentStore(root);
    const digest = await store.put(bytes, 'application/json');
    const hex = digestHex(digest);
    await fs.writeFile(path.join(root, 'sha256', hex.slice(0, 2), hex), 'tampered');

    const error = await store.get(digest).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ContentCorruptedError);
    expect((error as ContentCorruptedError).actual).toBe(
      computeContentDigest(new TextEncoder().encode('tampered')),
    );

    await store.put(bytes, 'application/json');
    expect((await store.get(digest))?.size).toBe(bytes.byteLength);
  });

  it('refuses digests that are not sha256 hex (no path traversal)', async () => {
    const store = new FsContentStore(await tempRoot());
    const bad = 'sha256:../../../etc/passwd' as `sha256:${string}`;
    await expect(store.get(bad)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses an invalid media type', async () => {
    const store = new FsContentStore(await tempRoot());
    await expect(store.put(bytes, 'not a media type')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
