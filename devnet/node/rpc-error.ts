/** A JSON-RPC error with the code and text a Substrate node uses. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: string,
  ) {
    super(message);
  }
}

export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INVALID_TRANSACTION = 1010;
export const UNKNOWN_TRANSACTION = 1011;
export const TRANSACTION_VERIFICATION = 1002;
export const ALREADY_IMPORTED = 1013;
export const PRIORITY_TOO_LOW = 1014;
export const STATE_UNAVAILABLE = 4003;
