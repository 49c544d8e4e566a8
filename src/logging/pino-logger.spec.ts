import { Secret } from '../shared';
import type { LogFormat, LogLevel } from './log-format';
import { createLogRoot, PinoLogger } from './pino-logger';

function capture(level: LogLevel = 'debug', format: LogFormat = 'json') {
  const out: string[] = [];
  const errors: string[] = [];
  const root = createLogRoot({
    level,
    format,
    out: { write: (line: string) => out.push(line) },
    errorOut: { write: (line: string) => errors.push(line) },
  });
  return { root, out, errors, log: new PinoLogger(root, 'polkamesh') };
}

const parsed = (lines: string[]) =>
  lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('PinoLogger', () => {
  it('writes one JSON line per entry: level label, ISO time, name, fields, msg', () => {
    const { log, out } = capture();
    log.info('database ready', { dialect: 'sqlite', migrationsApplied: 3 });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      /^\{"level":"info","time":"\d{4}-\d\d-\d\dT[^"]+Z","name":"polkamesh","dialect":"sqlite","migrationsApplied":3,"msg":"database ready"\}\n$/,
    );
  });

  it('names a child after its part, keeping the parent fields and adding its own', () => {
    const { log, out } = capture();
    log.child('chain:follower', { token: '7' }).child('leadership', { instanceId: 'a' }).info('x');
    expect(parsed(out)).toEqual([
      expect.objectContaining({ name: 'leadership', token: '7', instanceId: 'a', msg: 'x' }),
    ]);
    expect(out[0]!.match(/"name"/g)).toHaveLength(1);
  });

  it('writes a field once when the child already carries it with the same value', () => {
    const { log, out } = capture();
    const endpoint = log.child('chain:endpoint', { url: 'ws://127.0.0.1:9944' });
    endpoint.info('connected', { url: 'ws://127.0.0.1:9944', genesisHash: '0xab' });
    endpoint.info('switched', { url: 'ws://127.0.0.1:9945' });
    expect(out[0]!.match(/"url"/g)).toHaveLength(1);
    expect(parsed(out)).toEqual([
      expect.objectContaining({ url: 'ws://127.0.0.1:9944', genesisHash: '0xab' }),
      expect.objectContaining({ url: 'ws://127.0.0.1:9945' }),
    ]);
  });

  it('writes bigints as decimal strings and errors as type, message and stack, at any depth', () => {
    const { log, errors } = capture();
    log.error('job failed', {
      err: new TypeError('bad input'),
      amount: 12_345_678_901_234_567_890n,
      attempts: [{ cause: new RangeError('slow') }],
    });
    const [entry] = parsed(errors);
    expect(entry).toMatchObject({
      level: 'error',
      amount: '12345678901234567890',
      err: { type: 'TypeError', message: 'bad input', stack: expect.stringContaining('bad input') },
      attempts: [{ cause: { type: 'RangeError', message: 'slow' } }],
    });
  });

  it('redacts seeds, passwords and secrets, and a Secret prints as redacted', () => {
    const { log, out } = capture();
    log.info('configured', {
      seed: '//Alice',
      keys: { workerSeed: 'bottom drive obey', password: 'hunter2' },
      token: new Secret('jwt-secret-value'),
    });
    const text = out.join('');
    for (const secret of ['//Alice', 'bottom drive obey', 'hunter2', 'jwt-secret-value']) {
      expect(text).not.toContain(secret);
    }
    expect(parsed(out)[0]).toMatchObject({ seed: '[redacted]', token: '[REDACTED]' });
  });

  it('sends warnings and errors to the error sink and drops what is below the level', () => {
    const { log, out, errors } = capture('info');
    log.debug('hidden');
    log.info('shown');
    log.warn('careful');
    log.error('broken');
    expect(parsed(out).map((e) => e['msg'])).toEqual(['shown']);
    expect(parsed(errors).map((e) => e['msg'])).toEqual(['careful', 'broken']);
  });

  it('writes the same entries as readable lines with format pretty, request lines included', () => {
    const { root, log, out } = capture('debug', 'pretty');
    log.child('api:health').info('probe done', { contracts: 6 });
    root.child({ name: 'api:http' }).info({ req: { method: 'GET', url: '/ready' } }, 'done');
    expect(out).toEqual([
      expect.stringMatching(
        /^\d\d:\d\d:\d\d\.\d{3} INFO {2}api:health {2}probe done {2}contracts=6\n$/,
      ),
      expect.stringMatching(/ INFO {2}api:http {2}done {2}req="GET \/ready"\n$/),
    ]);
  });
});
