import { InvalidArgumentError } from 'commander';

/** Exit status for a usage error (bad option value, unknown option, conflicting options). */
export const USAGE_EXIT_CODE = 2;

/** An option parser for commander: a decimal integer within `min..max`, else a clear error. */
export function integerOption(name: string, min: number, max: number): (raw: string) => number {
  return (raw: string) => {
    const trimmed = raw.trim();
    const value = /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(
        `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}.`,
      );
    }
    return value;
  };
}

/** An option parser for a non-empty string (a host name, a file path). */
export function nonEmptyOption(name: string): (raw: string) => string {
  return (raw: string) => {
    if (raw.trim() === '') {
      throw new InvalidArgumentError(`${name} must not be empty.`);
    }
    return raw;
  };
}

export const parsePort = integerOption('port', 0, 65_535);
export const parseBlockTime = integerOption('block time (ms)', 1, 3_600_000);
export const parseFinalityLag = integerOption('finality lag (blocks)', 0, 10_000);
export const parseHost = nonEmptyOption('host');
export const parseStateFile = nonEmptyOption('state file');
