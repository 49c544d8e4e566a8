import { inspect } from 'node:util';
import { encodeCall } from '../../contracts';
import { encodeStoredCall, InvalidActionError, judgeDryRun } from './call-input';
import { expectedEventFor } from './expected-event';
import { KeyLane, NonceManager } from './nonce-manager';
import { Secret } from '../../shared/secret';
import { classifySubmitError } from './polkadot/classify-submit-error';

const GAS = { refTime: 1n, proofSize: 1n };
const ok = (data: string) =>
  ({ ok: true, flags: 0, isReverted: false, data, gasRequired: GAS, storageDeposit: 0n }) as const;

describe('Secret', () => {
  it('never prints its value', () => {
    const secret = new Secret('//Alice');
    expect(String(secret)).toBe('[REDACTED]');
    expect(`${String(secret)}`).toBe('[REDACTED]');
    expect(JSON.stringify({ seed: secret })).toBe('{"seed":"[REDACTED]"}');
    expect(inspect({ secret })).not.toContain('Alice');
    expect(secret.reveal()).toBe('//Alice');
  });
});

describe('encodeStoredCall', () => {
  it('turns stored JSON (bigints as decimal strings) into the call data', () => {
    const stored = JSON.parse(JSON.stringify({ jobId: '42', resultHash: '0xab' })) as unknown;
    expect(encodeStoredCall('aiJobQueue', 'markCompleted', stored)).toEqual(
      encodeCall('aiJobQueue', 'mark_completed', { jobId: 42n, resultHash: '0xab' }),
    );
  });

  it('refuses unknown messages and bad arguments permanently', () => {
    expect(() => encodeStoredCall('aiJobQueue', 'nope', {})).toThrow(InvalidActionError);
    expect(() => encodeStoredCall('aiJobQueue', 'mark_completed', { jobId: 'x' })).toThrow(
      InvalidActionError,
    );
  });
});

describe('judgeDryRun', () => {
  it('refuses false, 0, None, traps and reverts', () => {
    expect(judgeDryRun('aiJobQueue', 'mark_completed', ok('0x0000'))).toMatchObject({ ok: false });
    expect(
      judgeDryRun('mevProtection', 'create_batch', ok(`0x00${'00'.repeat(16)}`)),
    ).toMatchObject({ ok: false });
    expect(judgeDryRun('aiJobQueue', 'mark_completed', ok('0x0101'))).toMatchObject({ ok: false });
    expect(
      judgeDryRun('aiJobQueue', 'mark_completed', {
        ok: false,
        error: 'ContractTrapped',
        gasRequired: GAS,
      }),
    ).toEqual({ ok: false, reason: 'dry run failed: ContractTrapped' });
    expect(judgeDryRun('aiJobQueue', 'mark_completed', ok('0x0001'))).toMatchObject({ ok: true });
  });
});

describe('expectedEventFor', () => {
  it('names the event and the fields that prove the effect', () => {
    expect(
      expectedEventFor('aiJobQueue', 'mark_completed', { jobId: '7', resultHash: '0xAB' }),
    ).toEqual({
      contract: 'aiJobQueue',
      eventName: 'JobCompleted',
      fields: { jobId: '7', resultHash: '0xab' },
    });
    expect(() => expectedEventFor('aiJobQueue', 'set_min_budget', {})).toThrow(InvalidActionError);
  });
});

describe('NonceManager and KeyLane', () => {
  it('reads the chain once, advances locally and re-reads after a resync', async () => {
    let chainNext = 5;
    const nonces = new NonceManager(() => Promise.resolve(chainNext));
    expect([await nonces.allocate('a'), await nonces.allocate('a')]).toEqual([5, 6]);
    chainNext = 9;
    nonces.resync('a');
    expect(await nonces.allocate('a')).toBe(9);
  });

  it('runs one task at a time per key, in order, even after a failure', async () => {
    const lane = new KeyLane();
    const order: number[] = [];
    const first = lane.run('k', async () => {
      await Promise.resolve();
      order.push(1);
      throw new Error('boom');
    });
    const second = lane.run('k', () => Promise.resolve(order.push(2)));
    await expect(first).rejects.toThrow('boom');
    await second;
    expect(order).toEqual([1, 2]);
  });
});

describe('classifySubmitError', () => {
  it.each([
    ['1010: Invalid Transaction: Transaction is outdated', 'stale'],
    ['1010: Invalid Transaction: Transaction will be valid in the future', 'future'],
    ['1014: Priority is too low', 'conflict'],
    ['1013: Transaction Already Imported', 'alreadyKnown'],
    ['1010: Invalid Transaction: Transaction has a bad signature', 'badProof'],
  ])('%s → %s', (message, reason) => {
    expect(classifySubmitError(new Error(message))).toBe(reason);
  });

  it('returns null for transport failures', () => {
    expect(classifySubmitError(new Error('WebSocket is not connected'))).toBeNull();
  });
});
