import type { GenericExtrinsic } from '@polkadot/types';
import { blake2AsU8a, signatureVerify } from '@polkadot/util-crypto';
import { sr25519Verify } from '@polkadot/wasm-crypto';
import { compactFromU8a, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
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
  'utility.batch',
  'utility.batchAll',
  'utility.forceBatch',
]);

const BATCHES = new Set(['utility.batch', 'utility.batchAll', 'utility.forceBatch']);

interface CallLike {
  section: string;
  method: string;
  args: readonly unknown[];
}

/** A call the devnet models: a dispatchable one, or a batch of such calls (batches may nest). */
function isModelledCall(call: CallLike): boolean {
  const name = `${call.section}.${call.method}`;
  if (BATCHES.has(name)) {
    return [...(call.args[0] as Iterable<CallLike>)].every(isModelledCall);
  }
  return DISPATCHABLE_CALLS.has(name);
}

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
  /** the mortal era's birth block, whose hash the signature covers; null when immortal */
  birth: { number: number; hash: string } | null;
}

export interface ValidityContext {
  state: ChainState;
  genesisHash: string;
  bestNumber: number;
  /** canonical block hash at a height, if known */
  blockHashAt(number: number): string | undefined;
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

/**
 * Checks a signed extrinsic the way a node's transaction pool does: decode, call, era, signature,
 * nonce, fees. The signature is verified here, once; `recheckExtrinsic` re-checks the rest.
 */
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
  if (!isModelledCall(xt.method)) {
    return { ok: false, error: 'Call' };
  }
  const signerBytes = xt.signer.toU8a();
  if (signerBytes[0] !== 0) {
    return { ok: false, error: 'BadSigner' };
  }
  const signer = u8aToHex(signerBytes.subarray(1));
  const birth = eraBirth(xt, ctx.bestNumber);
  const blockHash =
    birth === undefined ? undefined : birth === null ? ctx.genesisHash : ctx.blockHashAt(birth);
  if (birth === undefined || !blockHash) {
    return { ok: false, error: 'AncientBirthBlock' };
  }
  const signed = signingPayload(runtime, xt, bytes, ctx.genesisHash, blockHash);
  const message = signed.length > 256 ? blake2AsU8a(signed, 256) : signed;
  if (!verifyMultiSignature(message, multiSignatureOf(xt), signerBytes.subarray(1))) {
    return { ok: false, error: 'BadProof' };
  }
  const tip = xt.tip.toBigInt();
  const checked: CheckedExtrinsic = {
    hash: u8aToHex(blake2AsU8a(bytes, 256)),
    bytes,
    extrinsic: xt,
    signer,
    nonce: xt.nonce.toNumber(),
    tip,
    fee: feeFor(bytes.length, tip),
    callName,
    birth: birth === null ? null : { number: birth, hash: blockHash },
  };
  return checkAgainstState(checked, ctx.state);
}

/**
 * Re-checks a pooled extrinsic for the block being built on `ctx`: its era must still be alive on
 * this chain (the birth block the signature covers is still the era's birth, with the same hash),
 * and the nonce and fees must fit the state. Nothing is decoded or verified again.
 */
export function recheckExtrinsic(xt: CheckedExtrinsic, ctx: ValidityContext): ValidityResult {
  if (xt.birth !== null) {
    const birth = eraBirth(xt.extrinsic, ctx.bestNumber);
    if (birth === undefined) {
      return { ok: false, error: 'AncientBirthBlock' };
    }
    // a later era cycle, or the birth block replaced by a reorg: the signed hash no longer matches
    if (birth !== xt.birth.number || ctx.blockHashAt(birth) !== xt.birth.hash) {
      return { ok: false, error: 'BadProof' };
    }
  }
  return checkAgainstState(xt, ctx.state);
}

function checkAgainstState(xt: CheckedExtrinsic, state: ChainState): ValidityResult {
  const account = accountOf(state, xt.signer);
  if (xt.nonce < account.nonce) {
    return { ok: false, error: 'Stale' };
  }
  if (account.free < xt.fee) {
    return { ok: false, error: 'Payment' };
  }
  return { ok: true, isFuture: xt.nonce > account.nonce, xt };
}

/** The birth block of a mortal era for a block built on `bestNumber`; null when immortal. */
function eraBirth(xt: GenericExtrinsic, bestNumber: number): number | null | undefined {
  const era = xt.era;
  if (era.isImmortalEra) {
    return null;
  }
  const mortal = era.asMortalEra;
  const current = bestNumber + 1;
  const birth = mortal.birth(current);
  const death = mortal.death(current);
  return current >= death || birth > bestNumber ? undefined : birth;
}

/**
 * The bytes a v4 signed extrinsic's signature covers: the call, the signed extensions' extra
 * values exactly as the extrinsic carries them (era, nonce, tip, asset id, metadata-hash mode),
 * then their additional signed data (spec and transaction versions, genesis hash, the era's
 * birth block hash, no metadata hash). The same bytes as Polkadot.js' `ExtrinsicPayload` encodes
 * (covered by transaction-validity.spec.ts), without building one per extrinsic.
 */
export function signingPayload(
  runtime: RuntimeMetadata,
  xt: GenericExtrinsic,
  bytes: Uint8Array,
  genesisHash: string,
  blockHash: string,
): Uint8Array {
  if ((xt.version & 0x7f) !== 4) {
    return signingPayloadViaCodec(runtime, xt, genesisHash, blockHash);
  }
  const [prefixLength] = compactFromU8a(bytes);
  const inner = xt.inner as unknown as {
    signature: { signer: { encodedLength: number }; multiSignature: { encodedLength: number } };
  };
  const extraStart =
    prefixLength +
    1 +
    inner.signature.signer.encodedLength +
    inner.signature.multiSignature.encodedLength;
  const callStart = bytes.length - xt.method.encodedLength;
  const versions = new Uint8Array(8);
  const view = new DataView(versions.buffer);
  view.setUint32(0, runtime.runtimeVersion.specVersion, true);
  view.setUint32(4, runtime.runtimeVersion.transactionVersion, true);
  return u8aConcat(
    bytes.subarray(callStart),
    bytes.subarray(extraStart, callStart),
    versions,
    hexToU8a(genesisHash),
    hexToU8a(blockHash),
    NO_METADATA_HASH,
  );
}

const NO_METADATA_HASH = new Uint8Array([0]);

/** The same payload through Polkadot.js' `ExtrinsicPayload` codec, for other extrinsic versions. */
export function signingPayloadViaCodec(
  runtime: RuntimeMetadata,
  xt: GenericExtrinsic,
  genesisHash: string,
  blockHash: string,
): Uint8Array {
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
      genesisHash,
      blockHash,
    },
    { version: xt.version & 0x7f },
  );
  return payload.toU8a({ method: true });
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
