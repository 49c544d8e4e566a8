import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const PREFIX = 'polkamesh-sandbox-';

/**
 * A fresh, empty directory only this user may enter, for one sandbox child to run in. onnxruntime
 * and other native code resolve relative file names against the working directory; the service's
 * own (with ./data and a keystore) must never be it.
 */
export function createPrivateWorkDir(): string {
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  chmodSync(dir, 0o700);
  return dir;
}

/** Removes the directory and anything left in it; idempotent. */
export function removePrivateWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Whether `dir` looks like one made by `createPrivateWorkDir` (for the child's own clean-up). */
export function isPrivateWorkDir(dir: string): boolean {
  return basename(dir).startsWith(PREFIX);
}
