/**
 * What users read never names the hardening backlog: a message says what was
 * wrong, where, and what is allowed. The backlog's ids (`BLD-H7`,
 * `HB-T2-SUITE-03`, …) belong in docs/decisions.md and in code comments, so
 * this test reads every string and template literal in `src/` and `matchers/`
 * (comments are not literals) and fails on an id inside one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A backlog id: ORCH-H1, BLD-H7, DLR-H3, HB-T2-REG-01, … */
const BACKLOG_ID = /\b(?:ORCH-H\d+|BLD-H\d+|DLR-H\d+|HB-T2-[A-Z]+-\d+)\b/;

const LITERALS = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
]);

/** Every string and template literal of a TypeScript text that holds a backlog id, as `file:line: text`. */
function idsInLiterals(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (LITERALS.has(node.kind) && BACKLOG_ID.test(node.getText(source))) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${file}:${line + 1}: ${node.getText(source)}`);
    }
    node.forEachChild(visit);
  };
  visit(source);
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

describe('backlog ids stay out of what users read', () => {
  it('no string or template literal in src/ or matchers/ names a backlog id', () => {
    const found = [...sources('src'), ...sources('matchers')].flatMap((file) => idsInLiterals(file, readFileSync(join(root, file), 'utf8')));
    expect(found).toEqual([]);
  });

  it('finds an id in a message, and none in a comment beside it', () => {
    const planted = [
      '// keys are unique (HB-T2-HAR-01)',
      '/** id and name agree (HB-T2-REG-01) */',
      "const a = 'plain text';",
      'const b = `mission ${name}: template broke a rule (BLD-H7)`;',
      "const c = 'names must be unique (HB-T2-SUITE-03)';",
    ].join('\n');
    expect(idsInLiterals('src/example.ts', planted)).toEqual([
      'src/example.ts:4: }: template broke a rule (BLD-H7)`',
      "src/example.ts:5: 'names must be unique (HB-T2-SUITE-03)'",
    ]);
  });
});
