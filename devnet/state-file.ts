import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { ChainStore, type ChainSnapshot } from './node/chain-store';

/** Loads a chain saved by `saveChain`; undefined when the file does not exist yet. */
export function loadChain(file: string): ChainStore | undefined {
  if (!fs.existsSync(file)) {
    return undefined;
  }
  try {
    return ChainStore.fromSnapshot(v8.deserialize(fs.readFileSync(file)) as ChainSnapshot);
  } catch (err) {
    throw new Error(`devnet state file ${file} is unreadable: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** Writes atomically (temp file + rename) so a crash never leaves a half-written state file. */
export function saveChain(file: string, store: ChainStore): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, v8.serialize(store.toSnapshot()));
  fs.renameSync(temp, file);
}
