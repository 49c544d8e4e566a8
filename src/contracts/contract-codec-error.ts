/**
 * Thrown by the contract codecs for invalid input values (naming the field) and for malformed
 * bytes where the API promises a throw rather than a failure result.
 */
export class ContractCodecError extends Error {
  override readonly name = 'ContractCodecError';

  constructor(
    message: string,
    /** Dotted path of the offending field, e.g. `getJob.return.owner`; empty when not field-specific. */
    readonly field = '',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
