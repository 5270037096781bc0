/**
 * Output pasted into the docs, compared with what a runner really prints.
 * Both sides are normalised the same way (colour codes, the absolute paths
 * the caller names, test durations, clock readings and random ids), then a
 * block must be one contiguous piece of the output, or, for a block the docs
 * mark as an excerpt, its lines must appear in the output in the same order.
 */

/** The ```lang blocks of a markdown text, in order, each without its fences. */
export function codeBlocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((match) => match[1] as string);
}

/** The text of the markdown section that starts with the `heading` line, up to the next heading of its level or above (outside code blocks). */
export function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start === -1) throw new Error(`no section '${heading}'`);
  const level = /^#+/.exec(heading)?.[0].length ?? 1;
  let fenced = false;
  let end = start + 1;
  for (; end < lines.length; end += 1) {
    const line = lines[end] ?? '';
    if (line.startsWith('```')) fenced = !fenced;
    else if (!fenced && new RegExp(`^#{1,${level}} `).test(line)) break;
  }
  return lines.slice(start + 1, end).join('\n');
}

const ESCAPE = String.fromCharCode(27);

/**
 * What may differ between two runs of the same tests, taken out: colour codes; the absolute
 * directories in `paths` (each followed by `/`); durations at the end of a line (Vitest's
 * `12ms`, Jest's `(12 ms)`); readings of `performance.now()` (a number with 4 or more
 * decimals); UUIDs; trailing spaces.
 */
export function normaliseOutput(text: string, paths: readonly string[] = []): string {
  let out = text.replace(new RegExp(`${ESCAPE}\\[[0-9;]*m`, 'g'), '');
  for (const path of paths) out = out.split(`${path.replace(/\/$/, '')}/`).join('');
  return out
    .split('\n')
    .map((line) =>
      line
        .replace(/ \d+ms$/, '')
        .replace(/ \(\d+ m?s\)$/, '')
        .replace(/(?<![\d.])\d+\.\d+(?![\d.])/g, '<clock>')
        .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uuid>')
        .trimEnd(),
    )
    .join('\n');
}

/** Where a block stops matching the output: the line the block shows and the one the output has there. */
export interface Mismatch {
  readonly line: number;
  readonly shown: string;
  readonly printed: string | undefined;
}

/**
 * `undefined` when `block` (normalised) is one contiguous piece of `output`
 * (normalised); otherwise where the best attempt stopped matching.
 */
export function blockMismatch(output: string, block: string, paths: readonly string[] = []): Mismatch | undefined {
  const printed = normaliseOutput(output, paths).split('\n');
  const shown = normaliseOutput(block, paths).replace(/\n+$/, '').split('\n');
  let best: Mismatch = { line: 1, shown: shown[0] ?? '', printed: undefined };
  for (let start = 0; start < printed.length; start += 1) {
    if (printed[start] !== shown[0]) continue;
    const at = shown.findIndex((line, index) => printed[start + index] !== line);
    if (at === -1) return undefined;
    if (at + 1 > best.line || best.printed === undefined) best = { line: at + 1, shown: shown[at] ?? '', printed: printed[start + at] };
  }
  return best;
}

/** The lines of an excerpt (normalised, blank ones left out) that do not appear in `output` in the excerpt's order. */
export function excerptMissing(output: string, excerpt: string, paths: readonly string[] = []): string[] {
  const printed = normaliseOutput(output, paths).split('\n');
  const missing: string[] = [];
  let from = 0;
  for (const line of normaliseOutput(excerpt, paths).split('\n')) {
    if (line.trim() === '') continue;
    const at = printed.indexOf(line, from);
    if (at === -1) missing.push(line);
    else from = at + 1;
  }
  return missing;
}
