import BetterSqlite3 from 'better-sqlite3';
import { DatabaseError } from 'pg';
import { InvalidStorageValueError } from '../shared';
import { DatabaseUnavailableError } from './storage-errors';
import { isStorageOutage } from './storage-outage';

/** A server error as node-postgres builds it from the wire (pg-protocol's DatabaseError). */
function pgError(code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

function socketError(code: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`connect ${code} 127.0.0.1:5432`);
  error.code = code;
  return error;
}

describe('isStorageOutage', () => {
  it.each([
    [
      'a PostgreSQL restart in progress (57P03)',
      pgError('57P03', 'the database system is starting up'),
    ],
    [
      'an admin shutdown (57P01)',
      pgError('57P01', 'terminating connection due to administrator command'),
    ],
    [
      'a crash shutdown (57P02)',
      pgError('57P02', 'terminating connection due to crash of another server process'),
    ],
    ['a connection exception (08006)', pgError('08006', 'connection failure')],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already')],
    ['a refused connection', socketError('ECONNREFUSED')],
    ['a reset connection', socketError('ECONNRESET')],
    ['a connection that ended under a query', new Error('Connection terminated unexpectedly')],
    ['an exhausted pool', new Error('timeout exceeded when trying to connect')],
    ['a busy SQLite file', new BetterSqlite3.SqliteError('database is locked', 'SQLITE_BUSY')],
    [
      'a locked SQLite table',
      new BetterSqlite3.SqliteError('database table is locked', 'SQLITE_LOCKED'),
    ],
    [
      'a full disk under SQLite',
      new BetterSqlite3.SqliteError('database or disk is full', 'SQLITE_FULL'),
    ],
    [
      'a SQLite write that failed',
      new BetterSqlite3.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'),
    ],
    [
      'a database that could not be opened',
      new DatabaseUnavailableError('cannot reach the database', {}, socketError('ECONNREFUSED')),
    ],
  ])('is true for %s', (_, error) => {
    expect(isStorageOutage(error)).toBe(true);
  });

  it('finds the outage behind wrappers (cause, AggregateError)', () => {
    const wrapped = new Error('listing failed', { cause: socketError('ECONNREFUSED') });
    const aggregate = new AggregateError([new Error('other'), socketError('ECONNREFUSED')]);

    expect(isStorageOutage(wrapped)).toBe(true);
    expect(isStorageOutage(aggregate)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', pgError('42601', 'syntax error at or near "selec"')],
    ['a cancelled statement', pgError('57014', 'canceling statement due to statement timeout')],
    [
      'a SQLite constraint',
      new BetterSqlite3.SqliteError('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_UNIQUE'),
    ],
    ['a malformed stored value', new InvalidStorageValueError('bad hex', { value: 'zz' })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['something not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('is false for %s', (_, error) => {
    expect(isStorageOutage(error)).toBe(false);
  });

  it('ends on a cause chain that loops', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;

    expect(isStorageOutage(a)).toBe(false);
  });
});
