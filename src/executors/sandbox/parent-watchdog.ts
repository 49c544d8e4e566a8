import { Worker } from 'node:worker_threads';

// Plain JS so that the worker needs no TypeScript loader. It runs on its own thread, so it still
// works while the main thread is stuck in a busy loop that would never see the IPC 'disconnect'.
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.parentPid) {
    process.kill(process.pid, 'SIGKILL');
  }
}, workerData.everyMs);
`;

/**
 * Kills this process once its parent is gone (it has been re-parented), even when the event loop
 * is blocked. Node has no PR_SET_PDEATHSIG, hence the polling thread.
 */
export function watchParent(parentPid: number, everyMs = 250): void {
  if (process.ppid !== parentPid) {
    process.kill(process.pid, 'SIGKILL');
  }
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { parentPid, everyMs } });
  worker.unref();
}
