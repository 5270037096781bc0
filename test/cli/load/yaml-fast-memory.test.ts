/**
 * The fast YAML reader's strings are copies of their own: a value cut from the
 * file's text must not keep that text alive for as long as the suite lives
 * (V8 shares the memory of a `slice` of 13 characters or more with its source).
 * Measured as retained heap after a collection: the text is about five times
 * the data here, so the two cases are far apart.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { keepsInteger } from '../../../src/cli/load/integers.js';
import { readPlainBlockYaml } from '../../../src/cli/load/yaml-fast.js';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const ITEMS = 200_000;
const MB = 1024 * 1024;

/** Block YAML of ITEMS values of 19 characters, each followed by a 200-character comment line (skipped by the reader). */
function bigText(): string {
  const comment = `# ${'x'.repeat(200)}\n`;
  const lines = ['items:\n'];
  for (let i = 0; i < ITEMS; i++) lines.push(`  - value-number-${String(i).padStart(6, '0')}\n`, comment);
  return lines.join('');
}

it('keeps no part of the file text alive through the values it read', () => {
  collect();
  const before = process.memoryUsage().heapUsed;
  let text: string | undefined = bigText();
  const textMB = text.length / MB;
  const data = readPlainBlockYaml(text, keepsInteger) as { items: string[] };
  text = undefined;
  collect();
  const retainedMB = (process.memoryUsage().heapUsed - before) / MB;
  expect(data.items).toHaveLength(ITEMS);
  expect(data.items[ITEMS - 1]).toBe(`value-number-${String(ITEMS - 1).padStart(6, '0')}`);
  expect(textMB).toBeGreaterThan(40);
  // The data itself (200,000 short strings and one array) is about 10 MB.
  expect(retainedMB).toBeLessThan(textMB / 2);
});
