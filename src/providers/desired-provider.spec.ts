import { applyPatch, desiredProvider, NO_OVERRIDES } from './desired-provider';
import { InvalidProviderSettingsError } from './provider-admin';

const CONFIG = { endpoint: 'https://a', computeUnits: 4n, hourlyRate: 10n, stakePlanck: 3n };

describe('desiredProvider', () => {
  it('is off without an endpoint, and converts the stake to contract units', () => {
    expect(desiredProvider({ ...CONFIG, endpoint: null }, NO_OVERRIDES)).toBeNull();
    expect(desiredProvider(CONFIG, NO_OVERRIDES)).toEqual({
      endpoint: 'https://a',
      computeUnits: 4n,
      hourlyRate: 10n,
      stakePlanck: 3n,
      stake: 300_000_000n,
      active: true,
    });
  });

  it('lets the overrides win over the config', () => {
    const desired = desiredProvider(
      { ...CONFIG, endpoint: null },
      { endpoint: 'https://b', hourlyRate: 0n, active: false },
    );
    expect(desired).toMatchObject({ endpoint: 'https://b', hourlyRate: 0n, active: false });
  });
});

describe('applyPatch', () => {
  it('merges a valid patch and keeps what it does not name', () => {
    const current = { endpoint: 'https://b', hourlyRate: 7n, active: null };
    expect(applyPatch(current, { active: false }, true)).toEqual({ ...current, active: false });
    expect(applyPatch(current, { hourlyRate: 9n }, true)).toEqual({ ...current, hourlyRate: 9n });
  });

  it.each([
    [{}, /nothing to change/],
    [{ endpoint: '' }, /non-empty/],
    [{ endpoint: ' https://a' }, /surrounding spaces/],
    [{ endpoint: `https://${'a'.repeat(300)}` }, /at most 256/],
    [{ endpoint: 'https://a\nb' }, /control characters/],
    [{ hourlyRate: -1n }, /u128/],
    [{ hourlyRate: 1n << 128n }, /u128/],
  ])('rejects %p', (patch, message) => {
    expect(() => applyPatch(NO_OVERRIDES, patch, true)).toThrow(InvalidProviderSettingsError);
    expect(() => applyPatch(NO_OVERRIDES, patch, true)).toThrow(message);
  });

  it('needs an endpoint while registration is not configured', () => {
    expect(() => applyPatch(NO_OVERRIDES, { active: true }, false)).toThrow(/not configured/);
    expect(applyPatch(NO_OVERRIDES, { endpoint: 'https://c' }, false).endpoint).toBe('https://c');
  });
});
