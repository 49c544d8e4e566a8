import { InvalidInputError, type Executor } from '../executor';
import type { ExecutorLoader } from '../executor-catalog';
import { LOADERS_ARG, PARENT_PID_ARG, readArg, REPORT_RSS_ARG } from './child-launch';
import { removeEmptyWorkDir, watchParent } from './parent-watchdog';
import { isPrivateWorkDir } from './private-work-dir';
import {
  isRunJobMessage,
  type ChildMessage,
  type JobReply,
  type RunJobMessage,
  type SerializedExecutorError,
} from './sandbox-protocol';

/*
 * The sandbox child: runs one job at a time for its parent over IPC and keeps loaded executors
 * (warm models) per kind for the next job. Exits when the parent goes away.
 */

type Loaders = Readonly<Record<string, ExecutorLoader>>;

const executors = new Map<string, Promise<Executor>>();

async function loadLoaders(): Promise<Loaders> {
  const modulePath = readArg(process.argv, LOADERS_ARG);
  if (modulePath === undefined) {
    return (await import('../executor-catalog')).EXECUTOR_LOADERS;
  }
  const loaded = (await import(modulePath)) as { loaders?: Loaders };
  if (loaded.loaders === undefined) {
    throw new Error(`${modulePath} does not export loaders`);
  }
  return loaded.loaders;
}

function executorFor(loaders: Loaders, kind: string): Promise<Executor> {
  let executor = executors.get(kind);
  if (executor === undefined) {
    const loader = loaders[kind];
    executor =
      loader === undefined
        ? Promise.reject(new Error(`no executor for kind ${JSON.stringify(kind)}`))
        : loader();
    executors.set(kind, executor);
    // A failed load is not cached: the next job tries again.
    executor.catch(() => executors.delete(kind));
  }
  return executor;
}

function serializeError(err: unknown): SerializedExecutorError {
  if (err instanceof Error) {
    const invalidInput = err instanceof InvalidInputError || err.name === 'InvalidInputError';
    return { name: err.name, message: err.message, invalidInput };
  }
  return { name: 'Error', message: String(err), invalidInput: false };
}

async function runJob(loaders: Loaders, message: RunJobMessage): Promise<JobReply> {
  try {
    const executor = await executorFor(loaders, message.kind);
    const result = await executor.run(message.request);
    return { type: 'done', id: message.id, ok: true, result };
  } catch (err) {
    return { type: 'done', id: message.id, ok: false, error: serializeError(err) };
  }
}

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.send === undefined) {
      reject(new Error('sandbox child started without an IPC channel'));
      return;
    }
    process.send(message, undefined, {}, (err) => (err ? reject(err) : resolve()));
  });
}

async function reply(reply: JobReply): Promise<void> {
  const rssBytes = process.memoryUsage.rss();
  try {
    await send({ ...reply, rssBytes });
  } catch (err) {
    // Typically a result that structured clone cannot copy (a function, a class instance).
    const error = serializeError(err);
    await send({ type: 'done', id: reply.id, ok: false, error, rssBytes });
  }
}

async function handle(loaders: Loaders, message: RunJobMessage, reportRssMs: number | undefined) {
  const reporter =
    reportRssMs === undefined
      ? undefined
      : setInterval(() => {
          void send({ type: 'rss', rssBytes: process.memoryUsage.rss() }).catch(() => undefined);
        }, reportRssMs);
  try {
    await reply(await runJob(loaders, message));
  } finally {
    clearInterval(reporter);
  }
}

async function main(): Promise<void> {
  const parentPid = Number(readArg(process.argv, PARENT_PID_ARG));
  const workDir = isPrivateWorkDir(process.cwd()) ? process.cwd() : null;
  if (Number.isInteger(parentPid) && parentPid > 0) {
    watchParent(parentPid, workDir);
  }
  process.on('disconnect', () => {
    removeEmptyWorkDir(workDir);
    process.exit(0);
  });
  const reportRss = readArg(process.argv, REPORT_RSS_ARG);
  const reportRssMs = reportRss === undefined ? undefined : Number(reportRss);
  const loaders = await loadLoaders();
  process.on('message', (message: unknown) => {
    if (isRunJobMessage(message)) {
      void handle(loaders, message, reportRssMs);
    }
  });
  await send({ type: 'ready' });
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox child failed to start: ${String(err)}\n`);
  process.exit(70);
});
