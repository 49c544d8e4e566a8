import type { GenericExtrinsic } from '@polkadot/types';
import { blake2AsU8a, signatureVerify } from '@polkadot/util-crypto';
import { sr25519Verify } from '@polkadot/wasm-crypto';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { accountOf, type ChainState } from '../chain/chain-state';
import { feeFor } from './fees';
import type { RuntimeMetadata } from './runtime-metadata';

/** Calls a signed extrinsic may carry on the devnet; anything else is `InvalidTransaction::Call`. */
export const DISPATCHABLE_CALLS = new Set([
  'balances.transferKeepAlive',
  'balances.transferAllowDeath',
  'system.remark',
  'system.remarkWithEvent',
  'revive.call',
  'revive.mapAccount',
  'contracts.call',
]);

export type InvalidTransaction =
  | 'BadProof'
  | 'Stale'
  | 'Future'
  | 'Payment'
  | 'Call'
  | 'AncientBirthBlock'
  | 'BadSigner'
  | 'Undecodable';

/** The message a Substrate node puts in the JSON-RPC error `data` for each validity error. */
export const INVALID_TRANSACTION_TEXT: Record<InvalidTransaction, string> = {
  BadProof: 'Transaction has a bad signature',
  Stale: 'Transaction is outdated',
  Future: 'Transaction will be valid in the future',
  Payment: 'Inability to pay some fees (e.g. account balance too low)',
  Call: 'Transaction call is not expected',
  AncientBirthBlock: 'Transaction has an ancient birth block',
  BadSigner: 'Transaction has a bad signer',
  Undecodable: 'Could not decode extrinsic',
};

export interface CheckedExtrinsic {
  hash: string;
  bytes: Uint8Array;
  extrinsic: GenericExtrinsic;
  signer: string;
  nonce: number;
  tip: bigint;
  fee: bigint;
  callName: string;
}

export interface ValidityContext {
  state: ChainState;
  genesisHash: string;
  bestNumber: number;
  /** canonical block hash at a height, if known */
  blockHashAt(number: number): string | undefined;
  /** the pool already verified this extrinsic's signature (block building re-checks the rest) */
  isSignatureChecked?: boolean;
}

export type ValidityResult =
  { ok: true; xt: CheckedExtrinsic; isFuture: boolean } | { ok: false; error: InvalidTransaction };

export function decodeExtrinsic(
  runtime: RuntimeMetadata,
  bytes: Uint8Array,
): GenericExtrinsic | undefined {
  try {
    const xt = runtime.registry.createType('Extrinsic', bytes);
    return xt.encodedLength === bytes.length ? xt : undefined;
  } catch {
    return undefined;
  }
}

/** Checks a signed extrinsic the way a node's transaction pool does: decode, call, era, signature, nonce, fees. */
export function checkExtrinsic(
  runtime: RuntimeMetadata,
  bytes: Uint8Array,
  ctx: ValidityContext,
): ValidityResult {
  const xt = decodeExtrinsic(runtime, bytes);
  if (!xt) {
    return { ok: false, error: 'Undecodable' };
  }
  if (!xt.isSigned) {
    return { ok: false, error: 'Call' };
  }
  const callName = `${xt.method.section}.${xt.method.method}`;
  if (!DISPATCHABLE_CALLS.has(callName)) {
    return { ok: false, error: 'Call' };
  }
  const signer = u8aToHex(xt.signer.toU8a().subarray(1));
  if (xt.signer.toU8a()[0] !== 0) {
    return { ok: false, error: 'BadSigner' };
  }
  const blockHash = eraBlockHash(xt, ctx);
  if (!blockHash) {
    return { ok: false, error: 'AncientBirthBlock' };
  }
  const payload = runtime.registry.createType(
    'ExtrinsicPayload',
    {
      method: xt.method.toHex(),
      era: xt.era,
      nonce: xt.nonce,
      tip: xt.tip,
      assetId: xt.assetId,
      mode: xt.mode,
      metadataHash: undefined,
      specVersion: runtime.runtimeVersion.specVersion,
      transactionVersion: runtime.runtimeVersion.transactionVersion,
      genesisHash: ctx.genesisHash,
      blockHash,
    },
    { version: xt.version & 0x7f },
  );
  const signed = payload.toU8a({ method: true });
  const message = signed.length > 256 ? blake2AsU8a(signed, 256) : signed;
  if (
    !ctx.isSignatureChecked &&
    !verifyMultiSignature(message, multiSignatureOf(xt), hexToU8a(signer))
  ) {
    return { ok: false, error: 'BadProof' };
  }
  const account = accountOf(ctx.state, signer);
  const nonce = xt.nonce.toNumber();
  if (nonce < account.nonce) {
    return { ok: false, error: 'Stale' };
  }
  const tip = xt.tip.toBigInt();
  const fee = feeFor(bytes.length, tip);
  if (account.free < fee) {
    return { ok: false, error: 'Payment' };
  }
  const hash = u8aToHex(blake2AsU8a(bytes, 256));
  return {
    ok: true,
    isFuture: nonce > account.nonce,
    xt: { hash, bytes, extrinsic: xt, signer, nonce, tip, fee, callName },
  };
}

function eraBlockHash(xt: GenericExtrinsic, ctx: ValidityContext): string | undefined {
  const era = xt.era;
  if (era.isImmortalEra) {
    return ctx.genesisHash;
  }
  const mortal = era.asMortalEra;
  const current = ctx.bestNumber + 1;
  const birth = mortal.birth(current);
  const death = mortal.death(current);
  if (current >= death || birth > ctx.bestNumber) {
    return undefined;
  }
  return ctx.blockHashAt(birth);
}

/**
 * Sr25519 (MultiSignature variant 1) through @polkadot/wasm-crypto directly: about 7× faster than
 * util-crypto's pure-JS path, which the other variants still use.
 */
function verifyMultiSignature(
  message: Uint8Array,
  multiSignature: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  if (multiSignature[0] === 1 && multiSignature.length === 65) {
    return sr25519Verify(multiSignature.subarray(1), message, publicKey);
  }
  return signatureVerify(message, multiSignature, publicKey).isValid;
}

/** The signature with its MultiSignature variant byte (`xt.signature` is only the raw bytes). */
function multiSignatureOf(xt: GenericExtrinsic): Uint8Array {
  const inner = xt.inner as unknown as { signature: { multiSignature: { toU8a(): Uint8Array } } };
  return inner.signature.multiSignature.toU8a();
}
