/**
 * Never logged, by any line (domain or HTTP request): credentials in headers, and any field named
 * like a key or seed. pino replaces them with `[redacted]`; `Secret` values print `[REDACTED]` on
 * their own.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-polkamesh-owner-signature"]',
  'res.headers["set-cookie"]',
  // a field of a log entry, and the same field one level down
  'seed',
  '*.seed',
  'workerSeed',
  '*.workerSeed',
  'adminSeed',
  '*.adminSeed',
  'password',
  '*.password',
  'keystorePassword',
  '*.keystorePassword',
  'attestationSeed',
  '*.attestationSeed',
  'attestationKeystorePassword',
  '*.attestationKeystorePassword',
  'jwtSecret',
  '*.jwtSecret',
  'secret',
  '*.secret',
  'mnemonic',
  '*.mnemonic',
];
