import type { FastifyReply } from 'fastify';
import type { SseSink } from './queries/notification-feed';

/** Takes the response over from Fastify and writes server-sent events to it. */
export function hijackForSse(reply: FastifyReply): SseSink {
  const headers = Object.fromEntries(
    Object.entries(reply.getHeaders()).filter(([, v]) => v !== undefined),
  ) as Record<string, string | number | string[]>;
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  return {
    write: (chunk) => {
      if (!raw.writableEnded) {
        raw.write(chunk);
      }
    },
    end: () => {
      if (!raw.writableEnded) {
        raw.end();
      }
    },
    onClose: (listener) => {
      raw.once('close', listener);
    },
  };
}
