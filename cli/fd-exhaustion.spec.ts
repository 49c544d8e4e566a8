import type { Logger } from '../src/shared';
import { isFdExhaustion, isGarbageRpcFrame, uncaughtErrorHandler } from './fd-exhaustion';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: too many open files, open '/x'`), {
    code,
    syscall: 'open',
    path: '/x',
  });
}

class ListLogger implements Logger {
  readonly lines: string[] = [];
  debug = (msg: string) => void this.lines.push(msg);
  info = (msg: string) => void this.lines.push(msg);
  warn = (msg: string) => void this.lines.push(msg);
  error = (msg: string) => void this.lines.push(msg);
  child = () => this;
}

describe('uncaught errors', () => {
  it('tells running out of file descriptors from other errors', () => {
    expect(isFdExhaustion(errno('EMFILE'))).toBe(true);
    expect(isFdExhaustion(errno('ENFILE'))).toBe(true);
    expect(isFdExhaustion(errno('ENOENT'))).toBe(false);
    expect(isFdExhaustion(new Error('EMFILE'))).toBe(false);
    expect(isFdExhaustion(null)).toBe(false);
  });

  it('logs EMFILE and ENFILE (at most once per 10 s) and carries on; exits 1 on anything else', () => {
    const log = new ListLogger();
    const exits: number[] = [];
    let now = 0;
    const handle = uncaughtErrorHandler(
      log,
      (code) => exits.push(code),
      () => now,
    );
    handle(errno('EMFILE'), 'uncaughtException');
    handle(errno('ENFILE'), 'unhandledRejection');
    now = 10_000;
    handle(errno('EMFILE'), 'uncaughtException');
    expect(exits).toEqual([]);
    expect(log.lines).toEqual([
      'out of file descriptors; still serving',
      'out of file descriptors; still serving',
    ]);

    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      handle(new TypeError('a bug'), 'uncaughtException');
    } finally {
      stderr.mockRestore();
    }
    expect(exits).toEqual([1]);
    expect(log.lines.at(-1)).toBe('uncaught error; exiting');
  });
});

/** The error a service died of when an RPC endpoint answered an HTML page (fault harness, seed 42). */
function garbageFrameError(): SyntaxError {
  const err = new SyntaxError('Unexpected token \'<\', "<html>502 "... is not valid JSON');
  err.stack = [
    `SyntaxError: ${err.message}`,
    '    at JSON.parse (<anonymous>)',
    '    at #onSocketMessage (/app/node_modules/@polkadot/rpc-provider/cjs/ws/index.js:420:31)',
    '    at callListener (/app/node_modules/ws/lib/event-target.js:290:14)',
    '    at WebSocket.onMessage (/app/node_modules/ws/lib/event-target.js:209:9)',
    '    at WebSocket.emit (node:events:524:28)',
    '    at Receiver.receiverOnMessage (/app/node_modules/ws/lib/websocket.js:1282:20)',
  ].join('\n');
  return err;
}

describe('a garbage frame from an RPC endpoint', () => {
  it('is told from other syntax errors by where it was thrown', () => {
    expect(isGarbageRpcFrame(garbageFrameError())).toBe(true);
    expect(isGarbageRpcFrame(new SyntaxError('Unexpected token'))).toBe(false);
    const elsewhere = garbageFrameError();
    elsewhere.stack = elsewhere.stack!.replace('@polkadot/rpc-provider', 'our-code');
    expect(isGarbageRpcFrame(elsewhere)).toBe(false);
    expect(
      isGarbageRpcFrame(Object.assign(new Error('x'), { stack: garbageFrameError().stack })),
    ).toBe(false);
  });

  it('is logged (at most once per 10 s) and the service carries on', () => {
    const log = new ListLogger();
    const exits: number[] = [];
    let now = 0;
    const handle = uncaughtErrorHandler(
      log,
      (code) => exits.push(code),
      () => now,
    );
    handle(garbageFrameError(), 'uncaughtException');
    handle(garbageFrameError(), 'uncaughtException');
    now = 10_000;
    handle(garbageFrameError(), 'uncaughtException');
    expect(exits).toEqual([]);
    expect(log.lines).toEqual([
      'an RPC endpoint sent a frame that is not JSON; dropped it',
      'an RPC endpoint sent a frame that is not JSON; dropped it',
    ]);
  });
});
