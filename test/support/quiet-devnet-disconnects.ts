/**
 * Polkadot.js logs an error for every live subscription when a test's devnet shuts down
 * ("RPC-CORE: … disconnected from ws://127.0.0.1:…"). Those lines are expected at teardown, and when
 * they arrive after a test file finished Jest counts them as a failure ("Cannot log after tests are
 * done"), so they are dropped here. Every other console.error still goes through.
 */
const LOOPBACK_DISCONNECT = /(RPC-CORE|API-WS):.*disconnected from ws:\/\/127\.0\.0\.1:\d+/;

const original = console.error.bind(console);
console.error = (...args: unknown[]): void => {
  if (LOOPBACK_DISCONNECT.test(args.map(String).join(' '))) {
    return;
  }
  original(...args);
};
