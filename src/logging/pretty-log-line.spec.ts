import { resolveLogFormat } from './log-format';
import { formatPrettyLine, prettyJsonLine } from './pretty-log-line';

const at = (h: number, m: number, s: number, ms: number) => new Date(2026, 0, 2, h, m, s, ms);

describe('readable log lines', () => {
  it('writes time, level, part, message and the fields as key=value', () => {
    const line = formatPrettyLine({
      time: at(9, 5, 7, 42),
      level: 'warn',
      name: 'chain:client',
      msg: 'endpoint stalled',
      fields: {
        endpoint: 'ws://127.0.0.1:9944',
        lagBlocks: 3n,
        detail: 'no head for 12 s',
        gone: undefined,
      },
    });
    expect(line).toBe(
      '09:05:07.042 WARN  chain:client  endpoint stalled  endpoint=ws://127.0.0.1:9944 lagBlocks=3 detail="no head for 12 s"',
    );
  });

  it('shows an error by its message', () => {
    const line = formatPrettyLine({
      time: at(0, 0, 0, 0),
      level: 'error',
      name: 'engine',
      msg: 'job failed',
      fields: { err: new Error('model missing') },
    });
    expect(line).toBe('00:00:00.000 ERROR engine  job failed  err="model missing"');
  });

  it('turns a JSON line with a label level and an ISO time into the same form', () => {
    const json = JSON.stringify({
      level: 'warn',
      time: at(8, 1, 2, 3).toISOString(),
      name: 'tx',
      err: { type: 'Error', message: 'nonce too low', stack: 'Error: nonce too low\n    at x' },
      msg: 'round failed',
    });
    expect(prettyJsonLine(json)).toBe('08:01:02.003 WARN  tx  round failed  err="nonce too low"');
  });

  it('turns a pino request line into the same form and leaves other text alone', () => {
    const pino = JSON.stringify({
      level: 30,
      time: at(12, 0, 1, 5).getTime(),
      pid: 1,
      hostname: 'h',
      name: 'api',
      reqId: 'abc',
      req: { method: 'GET', url: '/status', headers: {} },
      res: { statusCode: 200 },
      responseTime: 3,
      msg: 'request completed',
    });
    expect(prettyJsonLine(pino)).toBe(
      '12:00:01.005 INFO  api  request completed  reqId=abc req="GET /status" status=200 responseTime=3',
    );
    expect(prettyJsonLine('not json')).toBe('not json');
  });

  it('picks readable lines for a terminal only when LOG_FORMAT is auto', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });
});
