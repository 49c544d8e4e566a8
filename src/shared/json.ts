/** JSON as written: bigints are allowed and are stored as decimal strings. */
export type JsonInput =
  | null
  | boolean
  | number
  | string
  | bigint
  | readonly JsonInput[]
  | { readonly [key: string]: JsonInput };

/** JSON as read back: every bigint that went in comes back as its decimal string. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
