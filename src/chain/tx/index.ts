/**
 * The transaction manager: drives the `chain_actions` outbox (idempotency key per action) to a
 * FINALIZED on-chain effect, exactly once.
 *
 * Per action: claim (lease, fenced by `attempts`) → dry run (`ReviveApi_call` / `ContractsApi_call`;
 * false / 0 / None / trap / revert ⇒ failed, never submitted) → allocate the key's nonce → sign with
 * a mortal era born at the finalized head → RECORD nonce, hash, bytes and era window (write-ahead)
 * → submit → track. Done = the expected contract event (contract + name + fields, emitted by this
 * very extrinsic) is in a finalized block: the manager reads the block's events itself through
 * ChainClient, so it needs no follower.
 *
 * Crash safety (ARCHITECTURE invariant 4): only the RECORDED transaction of an action can ever be
 * live. A restarted manager (or another instance, once the lease lapses) re-claims in-flight
 * actions and tracks the recorded bytes: it re-sends the SAME bytes (same hash and nonce: the
 * chain can include them at most once), and signs a NEW transaction only after proving the recorded
 * one can never be included — its whole era window is finalized without it, or the signer's
 * finalized nonce passed it without it (someone else used the nonce) — and after a fresh dry run.
 * A crash between "sent" and "recorded" therefore cannot repeat an effect.
 */
export * from './call-input';
export * from './chain-view';
export * from './expected-event';
export * from './nonce-manager';
export * from './outbox';
export * from './signer';
export * from './track-transaction';
export * from './transaction-submitter';
export * from './tx-manager';
export * from './tx-manager-config';
export * from './tx-sender';
export { KeyringSigner } from './polkadot/keyring-signer';
export {
  PolkadotTransactionSubmitter,
  type PolkadotTransactionSubmitterConfig,
} from './polkadot/polkadot-transaction-submitter';
