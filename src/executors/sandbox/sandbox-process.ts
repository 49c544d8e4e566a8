import { fork, type ChildProcess } from 'node:child_process';
import type { ExecutionRequest } from '../executor';
import type { ChildLaunch } from './child-launch';
import { createPrivateWorkDir, removePrivateWorkDir } from './private-work-dir';
import { readRssBytes } from './read-rss';
import {
  isChildMessage,
  type ChildMessage,
  type JobReply,
  type RunJobMessage,
} from './sandbox-protocol';

export interface ChildExit {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: string;
}

/** How a job handed to a child ended, seen from the parent's side of the channel. */
export type JobEnd =
  | { readonly type: 'reply'; readonly reply: JobReply; readonly rssBytes: number }
  | { readonly type: 'exit'; readonly exit: ChildExit }
  /** The request could not be sent (not structured-cloneable); the child never saw it. */
  | { readonly type: 'unsendable'; readonly message: string };

interface Refable {
  ref?(): void;
  unref?(): void;
}

const STDERR_TAIL_CHARS = 4_000;
/** stderr may stay open after exit while a grandchild (tsx's esbuild service) holds it. */
const STDERR_DRAIN_MS = 500;

/**
 * One forked sandbox child, seen from the parent: one job at a time, its RSS, its exit. It runs in
 * a private empty directory of its own, removed when it exits.
 */
export class SandboxProcess {
  readonly pid: number | undefined;
  readonly exited: Promise<ChildExit>;
  /** The child's working directory. */
  readonly workDir: string;
  jobsRun = 0;
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;
  private stderrTail = '';
  private hasExited = false;
  private reportedRssBytes: number | undefined;
  private pending:
    | { readonly id: number; readonly settle: (reply: JobReply, rssBytes: number) => void }
    | undefined;

  constructor(
    launch: ChildLaunch,
    env: Readonly<Record<string, string>>,
    private readonly canReadProc: boolean,
  ) {
    this.workDir = createPrivateWorkDir();
    try {
      this.child = fork(launch.modulePath, [...launch.args], {
        cwd: this.workDir,
        execArgv: [...launch.execArgv],
        env: { ...env, ...launch.env },
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
    } catch (err) {
      removePrivateWorkDir(this.workDir);
      throw err;
    }
    this.pid = this.child.pid;
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    this.child.stderr?.on('error', () => undefined);
    let markReady: () => void = () => undefined;
    this.ready = new Promise((resolve) => (markReady = resolve));
    this.child.on('message', (message: unknown) => {
      if (isChildMessage(message)) {
        this.receive(message, markReady);
      }
    });
    this.exited = this.watchExit();
  }

  get isAlive(): boolean {
    return !this.hasExited;
  }

  /** Hands one job to the child; resolves with its reply, or with its exit if it died first. */
  async run(id: number, kind: string, request: ExecutionRequest): Promise<JobEnd> {
    const exitedFirst = await Promise.race([this.ready.then(() => undefined), this.exited]);
    if (exitedFirst !== undefined) {
      return { type: 'exit', exit: exitedFirst };
    }
    const message: RunJobMessage = { type: 'run', id, kind, request };
    return new Promise<JobEnd>((resolve) => {
      this.pending = {
        id,
        settle: (reply, rssBytes) => resolve({ type: 'reply', reply, rssBytes }),
      };
      void this.exited.then((exit) => resolve({ type: 'exit', exit }));
      try {
        // A send error means the channel closed: the child is exiting and `exited` will settle.
        this.child.send(message, undefined, {}, () => undefined);
      } catch (err) {
        this.pending = undefined;
        resolve({ type: 'unsendable', message: err instanceof Error ? err.message : String(err) });
      }
    });
  }

  /** The child's current RSS: `/proc` where readable, else what the child last reported. */
  async rssBytes(): Promise<number | undefined> {
    if (this.canReadProc && this.pid !== undefined && this.isAlive) {
      return (await readRssBytes(this.pid)) ?? this.reportedRssBytes;
    }
    return this.reportedRssBytes;
  }

  /**
   * An idle child must not keep the parent's event loop alive (the sandbox kills it on exit); a
   * busy one does, like any pending I/O.
   */
  setKeepsParentAlive(keepsAlive: boolean): void {
    const handles = [this.child, this.child.channel, this.child.stderr] as (
      Refable | null | undefined
    )[];
    for (const handle of handles) {
      if (keepsAlive) {
        handle?.ref?.();
      } else {
        handle?.unref?.();
      }
    }
  }

  /** SIGKILL: no cleanup in the child, so nothing there can delay or refuse it. */
  kill(): void {
    if (this.isAlive) {
      this.child.kill('SIGKILL');
    }
  }

  /** For the parent's own exit: no later tick will see the child's exit, so clean up now. */
  killAndRemoveWorkDir(): void {
    this.kill();
    removePrivateWorkDir(this.workDir);
  }

  async killAndWait(): Promise<ChildExit> {
    // Unreferenced (idle), the child's exit would not keep the loop alive until it is seen.
    this.setKeepsParentAlive(true);
    this.kill();
    return this.exited;
  }

  private receive(message: ChildMessage, markReady: () => void): void {
    switch (message.type) {
      case 'ready':
        markReady();
        return;
      case 'rss':
        this.reportedRssBytes = message.rssBytes;
        return;
      case 'done': {
        this.reportedRssBytes = message.rssBytes;
        const pending = this.pending;
        if (pending?.id === message.id) {
          this.pending = undefined;
          pending.settle(message, message.rssBytes);
        }
        return;
      }
    }
  }

  private watchExit(): Promise<ChildExit> {
    return new Promise((resolve) => {
      const settle = (exitCode: number | null, signal: NodeJS.Signals | null) => {
        this.hasExited = true;
        removePrivateWorkDir(this.workDir);
        const done = () => resolve({ exitCode, signal, stderrTail: this.stderrTail });
        if (this.child.stderr === null || this.child.stderr.readableEnded) {
          done();
          return;
        }
        const timer = setTimeout(done, STDERR_DRAIN_MS);
        this.child.stderr.once('close', () => {
          clearTimeout(timer);
          done();
        });
      };
      this.child.once('exit', settle);
      // A failed spawn (EAGAIN, ENOMEM) emits 'error' and may never emit 'exit'.
      this.child.on('error', (err) => {
        if (this.child.pid === undefined && !this.hasExited) {
          this.stderrTail += `spawn failed: ${err.message}`;
          settle(null, null);
        }
      });
    });
  }
}
