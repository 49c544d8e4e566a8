const REDACTED = '[REDACTED]';

/**
 * A secret value (seed, mnemonic, keystore password). Every way a value is usually printed —
 * `String()`, template literals, `JSON.stringify`, `util.inspect` / `console.log` — shows
 * `[REDACTED]`; only `reveal()` returns the value. Hand it to the code that needs it, never to a log.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** A Secret from an environment-style value; null when absent or blank. */
  static fromOptional(value: string | undefined | null): Secret | null {
    return value === undefined || value === null || value.trim() === ''
      ? null
      : new Secret(value.trim());
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  // util.inspect.custom, by its global name: shared/ stays free of Node built-ins (browser bundle).
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Secret(${REDACTED})`;
  }
}
