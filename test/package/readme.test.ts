/**
 * The documentation's TypeScript examples run as tests: every ```ts block of
 * a document that imports only from 'tier2-harness' is joined into one module
 * and executed, and each `expression; // value` comment (or a `// value` line
 * right after a statement) becomes an assertion that the expression equals the
 * value.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const generated = `${root}test/.generated`;

function literal(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- documentation literals only
    const evaluate = new Function(`return (${text});`) as () => unknown;
    return { ok: true, value: evaluate() };
  } catch {
    return { ok: false };
  }
}

/** Rewrites a document's ts blocks into one module; returns it and how many assertions it makes. */
export function toModule(markdown: string): { source: string; assertions: number } {
  const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  // Matcher examples (expect(...)) need a runner; they are exercised by examples/ and the matcher tests.
  const runnable = blocks.filter(
    (block) => !block.includes('expect(') && [...block.matchAll(/from '([^']+)'/g)].every((match) => match[1] === 'tier2-harness'),
  );
  const names = new Set<string>();
  let assertions = 0;
  const bodies = runnable.map((block) => {
    const lines = block
      .replace(/import\s*\{([^}]*)\}\s*from 'tier2-harness';?\n/g, (_all, list: string) => {
        for (const name of list.split(',')) if (name.trim() !== '') names.add(name.trim());
        return '';
      })
      .split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      const inline = /^(\s*)([^/].*?);\s*\/\/\s*(.+)$/.exec(line);
      if (inline) {
        const value = literal(inline[3] ?? '');
        if (value.ok) {
          lines[i] = `${inline[1]}__check(() => (${inline[2]}), ${inline[3]}, ${JSON.stringify(line.trim())});`;
          assertions += 1;
        }
        continue;
      }
      const standalone = /^\s*\/\/\s*(.+)$/.exec(line);
      const previous = lines[i - 1] ?? '';
      const statement = /^(\s*)([^/].*?);\s*$/.exec(previous);
      if (standalone && statement && !previous.includes('__check') && literal(standalone[1] ?? '').ok) {
        lines[i - 1] = `${statement[1]}__check(() => (${statement[2]}), ${standalone[1]}, ${JSON.stringify(previous.trim())});`;
        assertions += 1;
      }
    }
    return `{\n${lines.join('\n').replace(/^export /gm, '')}\n}`;
  });
  const header = names.size === 0 ? '' : `import { ${[...names].map((name) => name.replace(/^type /, 'type ')).join(', ')} } from 'tier2-harness';\n`;
  const check = `import { expect } from 'vitest';\nfunction __check(actual: () => unknown, expected: unknown, where: string): void { expect(actual(), where).toEqual(expected); }\n`;
  // Blocks that build on earlier ones (a guide's steps) share one scope.
  const sharesScope = runnable.some((block) => /^export /m.test(block));
  const body = sharesScope ? bodies.map((text) => text.slice(2, -2)).join('\n') : bodies.join('\n');
  return { source: `${header}${check}export const ran = true;\n${body}\n`, assertions };
}

describe.each(['README.md', 'docs/extending.md'])('the examples in %s', (document) => {
  it('run, and every value they show is what the code returns', async () => {
    const { source, assertions } = toModule(readFileSync(`${root}${document}`, 'utf8'));
    expect(assertions).toBeGreaterThan(0);
    mkdirSync(generated, { recursive: true });
    const file = `${generated}/${document.replace(/[/.]/g, '_')}.ts`;
    writeFileSync(file, source);
    const module = (await import(/* @vite-ignore */ file)) as { ran: boolean };
    expect(module.ran).toBe(true);
  });
});

// What the first example prints when it fails is checked by test/packaging/matrix.test.ts: the README's own code in a fresh project.
describe("README's first example", () => {
  const readme = readFileSync(`${root}README.md`, 'utf8');

  it('is examples/quickstart.test.ts verbatim (which npm test runs under Vitest and Jest), with the vitest import', () => {
    const example = readFileSync(`${root}examples/quickstart.test.ts`, 'utf8').split('\n').slice(1).join('\n');
    expect(readme).toContain(`\`\`\`ts\nimport { describe, expect, it } from 'vitest';\n${example}\`\`\``);
  });
});
