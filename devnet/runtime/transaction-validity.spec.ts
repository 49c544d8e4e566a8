import { Keyring } from '@polkadot/keyring';
import type { GenericExtrinsic } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { ChainState } from '../chain/chain-state';
import { devAccountIds, genesisState } from '../chain/genesis';
import { loadRuntimeMetadata } from './runtime-metadata';
import {
  checkExtrinsic,
  recheckExtrinsic,
  signingPayload,
  signingPayloadViaCodec,
  type CheckedExtrinsic,
  type ValidityContext,
} from './transaction-validity';

const runtime = loadRuntimeMetadata();
const registry = runtime.registry;
const GENESIS = `0x${'11'.repeat(32)}`;
/** the canonical chain these tests pretend: block n has hash 0x(n as 32 bytes) */
const hashAt = (n: number) => u8aToHex(new Uint8Array(32).fill(n % 251));

interface SignOptions {
  nonce?: number;
  tip?: bigint;
  /** mortal era born at this block (period 64), immortal when absent */
  birth?: number;
  remark?: Uint8Array;
}

let keyring: Keyring;

beforeAll(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519' });
});

function signed(options: SignOptions = {}): GenericExtrinsic {
  const tx = runtime.decorated.tx;
  const call = options.remark
    ? tx['system']!['remark']!(u8aToHex(options.remark))
    : tx['balances']!['transferKeepAlive']!({ Id: devAccountIds().bob }, 1_000_000_000n);
  const xt = registry.createType('Extrinsic', call);
  const mortal = options.birth !== undefined;
  xt.sign(keyring.addFromUri('//Alice'), {
    blockHash: mortal ? hashAt(options.birth!) : GENESIS,
    era: mortal
      ? registry.createType('ExtrinsicEra', { current: options.birth, period: 64 })
      : registry.createType('ExtrinsicEra', '0x00'),
    genesisHash: GENESIS,
    nonce: options.nonce ?? 0,
    tip: options.tip ?? 0n,
    runtimeVersion: {
      specVersion: registry.createType('u32', runtime.runtimeVersion.specVersion),
      transactionVersion: registry.createType('u32', runtime.runtimeVersion.transactionVersion),
    } as never,
    signedExtensions: registry.signedExtensions,
  });
  return xt;
}

function context(bestNumber: number, state: ChainState = genesisState(0n)): ValidityContext {
  return { state, genesisHash: GENESIS, bestNumber, blockHashAt: hashAt };
}

function accepted(xt: GenericExtrinsic, ctx: ValidityContext): CheckedExtrinsic {
  const result = checkExtrinsic(runtime, xt.toU8a(), ctx);
  if (!result.ok) {
    throw new Error(`refused: ${result.error}`);
  }
  return result.xt;
}

describe('signingPayload', () => {
  it.each<[string, SignOptions]>([
    ['an immortal transfer', {}],
    ['a mortal transfer with a tip', { birth: 100, tip: 12_345n }],
    ['a multi-byte compact nonce', { nonce: 70_000 }],
    ['a call long enough to be signed as its hash', { remark: new Uint8Array(400).fill(7) }],
  ])('is the bytes Polkadot.js signs for %s', (_name, options) => {
    const xt = signed(options);
    const blockHash = options.birth === undefined ? GENESIS : hashAt(options.birth);
    expect(u8aToHex(signingPayload(runtime, xt, xt.toU8a(), GENESIS, blockHash))).toBe(
      u8aToHex(signingPayloadViaCodec(runtime, xt, GENESIS, blockHash)),
    );
  });
});

describe('checkExtrinsic', () => {
  it('accepts a well signed extrinsic and records the era birth its signature covers', () => {
    const xt = accepted(signed({ birth: 100 }), context(101));
    expect(xt.birth).toEqual({ number: 100, hash: hashAt(100) });
    expect(accepted(signed(), context(5)).birth).toBeNull();
  });

  it('refuses a signature over another chain: a different birth block hash', () => {
    const ctx = { ...context(101), blockHashAt: (n: number) => hashAt(n + 1) };
    expect(checkExtrinsic(runtime, signed({ birth: 100 }).toU8a(), ctx)).toEqual({
      ok: false,
      error: 'BadProof',
    });
  });

  it('refuses an era whose birth block is not there yet', () => {
    // period 64, phase 36: at block 11 the era's first birth block (36) is still ahead
    expect(checkExtrinsic(runtime, signed({ birth: 100 }).toU8a(), context(10))).toEqual({
      ok: false,
      error: 'AncientBirthBlock',
    });
  });
});

describe('recheckExtrinsic', () => {
  it('keeps an extrinsic valid while its era lives on the same chain', () => {
    const xt = accepted(signed({ birth: 100 }), context(101));
    expect(recheckExtrinsic(xt, context(150))).toMatchObject({ ok: true, isFuture: false });
  });

  it('refuses it once the era has moved to its next cycle, as the signature no longer matches', () => {
    const xt = accepted(signed({ birth: 100 }), context(101));
    expect(recheckExtrinsic(xt, context(170))).toEqual({ ok: false, error: 'BadProof' });
  });

  it('refuses it when a reorg replaced its birth block', () => {
    const xt = accepted(signed({ birth: 100 }), context(101));
    const reorged = { ...context(120), blockHashAt: (n: number) => hashAt(n + 1) };
    expect(recheckExtrinsic(xt, reorged)).toEqual({ ok: false, error: 'BadProof' });
  });

  it('checks the nonce and the fee against the state of the block being built', () => {
    const xt = accepted(signed({ nonce: 1 }), context(5));
    expect(recheckExtrinsic(xt, context(5))).toMatchObject({ ok: true, isFuture: true });
    const state = genesisState(0n);
    const alice = devAccountIds().alice;
    state.accounts.set(alice, { nonce: 2, free: 10n ** 15n, reserved: 0n });
    expect(recheckExtrinsic(xt, context(5, state))).toEqual({ ok: false, error: 'Stale' });
    state.accounts.set(alice, { nonce: 1, free: 5n, reserved: 0n });
    expect(recheckExtrinsic(xt, context(5, state))).toEqual({ ok: false, error: 'Payment' });
  });
});
