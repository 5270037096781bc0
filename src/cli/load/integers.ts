/**
 * Integer literals a JavaScript number cannot hold: refused in YAML and JSON
 * alike, instead of being rounded without a word.
 */

/**
 * Whether a JavaScript number keeps an integer literal beyond the safe range: it is the literal's exact
 * value, or it is written back as the same digits. `9007199254740992` (2^53) and `10000000000000000` keep
 * theirs, and so does `1152921504606847000` (what `JSON.stringify(2 ** 60)` writes, read back as itself);
 * `9007199254740993` becomes `9007199254740992` and `12345678901234567890` becomes `12345678901234567000`.
 */
export function keepsInteger(literal: string, value: number): boolean {
  if (String(value) === literal.replace(/^\+/, '').replace(/^(-?)0+(?=[0-9])/, '$1')) return true;
  try {
    return BigInt(literal) === BigInt(value);
  } catch {
    return false;
  }
}

/** What is wrong with an integer literal that {@link keepsInteger} refused, and what to write instead. */
export function inexactIntegerProblem(text: string, value: number): string {
  return (
    `the integer ${text} cannot be held by a JavaScript number (it would be read as ${String(value)}); ` +
    `integers are exact only up to ±${Number.MAX_SAFE_INTEGER} (2^53 - 1): write it as a string, or with an exponent (1.2e19) if an approximate float is meant`
  );
}
