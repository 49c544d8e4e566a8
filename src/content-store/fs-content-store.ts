import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared';
import {
  computeContentDigest,
  digestHex,
  isContentDigest,
  type ContentDigest,
} from './content-digest';
import {
  ContentCorruptedError,
  isValidMediaType,
  type ContentPutOptions,
  type ContentStat,
  type ContentStore,
  type StoredContent,
} from './content-store';

const DEFAULT_MEDIA_TYPE = 'application/octet-stream';

interface BlobPaths {
  readonly data: string;
  readonly meta: string;
  /** Present (empty) when the blob may run as a model. */
  readonly modelMark: string;
}

/**
 * `ContentStore` on a local directory:
 * `<root>/sha256/<first two hex>/<64 hex>` holds the bytes, `<64 hex>.json` the media type and an
 * empty `<64 hex>.model` marks a blob that may run as a model.
 * Every file is written to `<root>/tmp/` first, fsynced and then moved into place, so a reader never
 * sees a partial blob. The bytes are renamed over any existing file (same content, or a corrupted
 * copy being repaired); the media type and the model mark are linked into place only when absent,
 * so the first media type wins and the mark, written after the bytes, is never removed.
 */
export class FsContentStore implements ContentStore {
  constructor(private readonly root: string) {}

  async put(
    bytes: Uint8Array,
    mediaType: string,
    options: ContentPutOptions = {},
  ): Promise<ContentDigest> {
    if (!isValidMediaType(mediaType)) {
      throw new AppError('VALIDATION_FAILED', 'invalid media type', { mediaType });
    }
    const digest = computeContentDigest(bytes);
    const paths = this.pathsOf(digest);
    await fs.mkdir(path.dirname(paths.data), { recursive: true });
    if (!(await this.holdsIntact(paths.data, digest))) {
      const temp = await this.writeTemp(bytes);
      await fs.rename(temp, paths.data);
    }
    await this.linkIfAbsent(Buffer.from(JSON.stringify({ mediaType })), paths.meta);
    if (options.asModel === true) {
      await this.linkIfAbsent(new Uint8Array(0), paths.modelMark);
    }
    return digest;
  }

  async get(digest: ContentDigest): Promise<StoredContent | null> {
    const paths = this.pathsOf(digest);
    const bytes = await readIfExists(paths.data);
    if (bytes === null) {
      return null;
    }
    const actual = computeContentDigest(bytes);
    if (actual !== digest) {
      throw new ContentCorruptedError(digest, actual);
    }
    const mediaType = await this.readMediaType(paths.meta);
    const isModel = await exists(paths.modelMark);
    return { digest, size: bytes.byteLength, mediaType, isModel, bytes: new Uint8Array(bytes) };
  }

  async has(digest: ContentDigest): Promise<boolean> {
    return (await this.stat(digest)) !== null;
  }

  async stat(digest: ContentDigest): Promise<ContentStat | null> {
    const paths = this.pathsOf(digest);
    try {
      const info = await fs.stat(paths.data);
      return {
        digest,
        size: info.size,
        mediaType: await this.readMediaType(paths.meta),
        isModel: await exists(paths.modelMark),
      };
    } catch (err) {
      if (isNotFound(err)) {
        return null;
      }
      throw err;
    }
  }

  private pathsOf(digest: ContentDigest): BlobPaths {
    // Checked here, not only by the type: the digest becomes a path, so nothing else may pass.
    if (!isContentDigest(digest)) {
      throw new AppError('VALIDATION_FAILED', 'invalid content digest', { digest });
    }
    const hex = digestHex(digest);
    const dir = path.join(this.root, 'sha256', hex.slice(0, 2));
    return {
      data: path.join(dir, hex),
      meta: path.join(dir, `${hex}.json`),
      modelMark: path.join(dir, `${hex}.model`),
    };
  }

  private async holdsIntact(file: string, digest: ContentDigest): Promise<boolean> {
    const bytes = await readIfExists(file);
    return bytes !== null && computeContentDigest(bytes) === digest;
  }

  private async writeTemp(bytes: Uint8Array): Promise<string> {
    const dir = path.join(this.root, 'tmp');
    await fs.mkdir(dir, { recursive: true });
    const temp = path.join(dir, `${randomUUID()}.part`);
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return temp;
  }

  private async linkIfAbsent(bytes: Uint8Array, target: string): Promise<void> {
    const temp = await this.writeTemp(bytes);
    try {
      await fs.link(temp, target);
    } catch (err) {
      if (!isAlreadyExists(err)) {
        throw err;
      }
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  private async readMediaType(metaFile: string): Promise<string> {
    const raw = await readIfExists(metaFile);
    if (raw === null) {
      return DEFAULT_MEDIA_TYPE;
    }
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (typeof parsed === 'object' && parsed !== null && 'mediaType' in parsed) {
        const { mediaType } = parsed;
        if (typeof mediaType === 'string' && isValidMediaType(mediaType)) {
          return mediaType;
        }
      }
    } catch {
      // An unreadable sidecar only loses the media type; the bytes are verified separately.
    }
    return DEFAULT_MEDIA_TYPE;
  }
}

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if (isNotFound(err)) {
      return null;
    }
    throw err;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch (err) {
    if (isNotFound(err)) {
      return false;
    }
    throw err;
  }
}

// Duck-typed: errors from node:fs may come from another realm (Jest's VM), failing `instanceof`.
function errorCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
}

function isNotFound(err: unknown): boolean {
  return errorCode(err) === 'ENOENT';
}

function isAlreadyExists(err: unknown): boolean {
  return errorCode(err) === 'EEXIST';
}
