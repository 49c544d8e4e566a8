import { rmdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

// Plain JS so that the worker needs no TypeScript loader. It runs on its own thread, so it still
// works while the main thread is stuck in a busy loop that would never see the IPC 'disconnect'.
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.parentPid) {
    if (workerData.workDir !== null) {
      try { require('node:fs').rmdirSync(workerData.workDir); } catch {}
    }
    process.kill(process.pid, 'SIGKILL');
  }
}, workerData.everyMs);
`;

/**
 * Kills this process once its parent is gone (it has been re-parented), even when the event loop
 * is blocked. Node has no PR_SET_PDEATHSIG, hence the polling thread. A parent that was killed
 * could not remove the child's working directory: the watchdog removes it if it is empty.
 */
export function watchParent(parentPid: number, workDir: string | null, everyMs = 250): void {
  if (process.ppid !== parentPid) {
    removeEmptyWorkDir(workDir);
    process.kill(process.pid, 'SIGKILL');
  }
  const worker = new Worker(WATCHDOG_SOURCE, {
    eval: true,
    workerData: { parentPid, workDir, everyMs },
  });
  worker.unref();
}

/** rmdir, not rm -r: only an empty directory goes, whatever it turns out to be. */
export function removeEmptyWorkDir(workDir: string | null): void {
  if (workDir !== null) {
    try {
      rmdirSync(workDir);
    } catch {
      // Not empty or already gone: the parent, if alive, removes it.
    }
  }
}
