/** The largest `u128`: `actual_output` and every amount the contract stores must fit. */
export const MAX_U128 = (1n << 128n) - 1n;
