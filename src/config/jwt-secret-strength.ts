/** The shortest JWT_SECRET accepted. */
export const MIN_JWT_SECRET_LENGTH = 32;

/** A command that prints a good secret (32 random bytes, base64url). */
export const JWT_SECRET_COMMAND = `node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`;

/** Secrets this repository has published as examples: public, so never a secret. */
const PUBLISHED_PLACEHOLDERS: readonly string[] = ['at-least-32-characters-of-random-secret'];

/** Below this estimate (bits, from the characters' frequencies) a secret is too predictable. */
const MIN_ESTIMATED_BITS = 80;
const MIN_DISTINCT_CHARACTERS = 8;

/**
 * Why `secret` is unfit to sign API tokens, or null when it is fit. Refused: blank, shorter than
 * 32 characters, a published placeholder, a repeated pattern (`abcabc…`), a character run
 * (`abcdef…`, `12345…`), fewer than 8 distinct characters, or under 80 bits by a
 * character-frequency estimate. A heuristic: it stops the usual mistakes, not a determined human
 * choosing a poor secret; generate one instead (JWT_SECRET_COMMAND).
 */
export function weakJwtSecretReason(secret: string): string | null {
  if (secret.trim() === '') {
    return 'is blank';
  }
  if (secret.length < MIN_JWT_SECRET_LENGTH) {
    return `must be at least ${MIN_JWT_SECRET_LENGTH} characters`;
  }
  if (PUBLISHED_PLACEHOLDERS.includes(secret.trim().toLowerCase())) {
    return 'is the published example placeholder';
  }
  if (hasRepeatedPattern(secret)) {
    return 'is a repeated pattern';
  }
  if (isCharacterRun(secret)) {
    return 'is a run of consecutive characters';
  }
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS) {
    return `has fewer than ${MIN_DISTINCT_CHARACTERS} distinct characters`;
  }
  if (estimatedBits(secret) < MIN_ESTIMATED_BITS) {
    return 'is too predictable (low entropy)';
  }
  return null;
}

/** The config or CLI message for a weak secret: what is wrong and how to make a good one. */
export function weakJwtSecretMessage(reason: string): string {
  return `${reason}; generate one with: ${JWT_SECRET_COMMAND}`;
}

/** True when the secret is a shorter unit repeated (the last copy may be cut short). */
function hasRepeatedPattern(secret: string): boolean {
  for (let period = 1; period <= secret.length / 2; period++) {
    let repeats = true;
    for (let i = period; i < secret.length && repeats; i++) {
      repeats = secret[i] === secret[i - period];
    }
    if (repeats) {
      return true;
    }
  }
  return false;
}

/** True when most neighbours are consecutive code points (`abcd…`, `9876…`, `0123456789…`). */
function isCharacterRun(secret: string): boolean {
  let consecutive = 0;
  for (let i = 1; i < secret.length; i++) {
    if (Math.abs(secret.charCodeAt(i) - secret.charCodeAt(i - 1)) === 1) {
      consecutive += 1;
    }
  }
  return consecutive * 2 >= secret.length - 1;
}

/**
 * Shannon entropy of the character frequencies times the length. For a random secret it is close
 * to the true entropy (32 random hex digits: about 120 of 128 bits); it only catches skewed ones.
 */
function estimatedBits(secret: string): number {
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const char of chars) {
    counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let bitsPerChar = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    bitsPerChar -= p * Math.log2(p);
  }
  return bitsPerChar * chars.length;
}
