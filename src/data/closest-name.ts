/**
 * The known name closest to a misspelt one, for the reader's "did you mean"
 * (fields.ts): edit distance with swaps of neighbours, ignoring case, `_` and
 * `-`, then a known name that begins or ends with the other.
 */

/**
 * The optimal string alignment distance between two strings: insertions,
 * deletions, substitutions and swaps of two neighbours each cost 1
 * (`initalState` is 1 from `initialState`, `parmas` 1 from `params`).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((d[(i - 1) * cols + j] as number) + 1, (d[i * cols + j - 1] as number) + 1, (d[(i - 1) * cols + j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (d[(i - 2) * cols + j - 2] as number) + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1] as number;
}

/** Case, `_` and `-` do not matter when matching names: `initial_state` suggests `initialState`. */
function normalised(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

/**
 * The known field closest to `key`, or undefined when none is close: at most
 * one edit for names up to 4 characters, two up to 8, three beyond (compared
 * ignoring case, `_` and `-`). Ties go to the first in `allowed`. Failing
 * that, a known name that starts or ends with the key, or the other way round
 * (at least 4 characters in common): `mission` suggests `mission_name`, the
 * config spelling, and `scenario_name` suggests `name`.
 */
export function closestField(key: string, allowed: readonly string[]): string | undefined {
  const wanted = normalised(key);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const known = normalised(candidate);
    const distance = editDistance(wanted, known);
    const limit = known.length <= 4 ? 1 : known.length <= 8 ? 2 : 3;
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined || wanted.length < 4) return best;
  return allowed.find((candidate) => {
    const known = normalised(candidate);
    return known.length >= 4 && (known.startsWith(wanted) || known.endsWith(wanted) || wanted.startsWith(known) || wanted.endsWith(known));
  });
}
