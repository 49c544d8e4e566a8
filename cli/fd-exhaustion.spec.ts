import type { Logger } from '../src/shared';
import { isFdExhaustion, uncaughtErrorHandler } from './fd-exhaustion';

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
