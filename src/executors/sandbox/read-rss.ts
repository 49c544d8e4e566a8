import { readFile } from 'node:fs/promises';

const VM_RSS = /^VmRSS:\s+(\d+)\s+kB$/m;

/**
 * The resident set of process `pid` in bytes, from `/proc/<pid>/status` (Linux). It counts native
 * memory too (onnxruntime arenas, Buffers), which the child's own heap statistics do not. Undefined
 * where `/proc` is missing or the process is gone.
 */
export async function readRssBytes(pid: number): Promise<number | undefined> {
  let status: string;
  try {
    status = await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const match = VM_RSS.exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
}

export function bytesToMb(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}
