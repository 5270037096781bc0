/**
 * HB-T2-REG-04, HB-T2-SUITE-01, HB-T2-EXP-05: no unused imports anywhere.
 * The lint stage of `npm test` enforces it on every file; this test locks in
 * that the rule stays on (as an error) for the runtime's modules and tests,
 * and that it does flag an unused import.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

describe('unused code is a lint error (HB-T2-REG-04, HB-T2-SUITE-01, HB-T2-EXP-05)', () => {
  it.each(['src/harness/suite.ts', 'src/harness/expectations.ts', 'src/runtime/registry.ts', 'test/harness/harness.test.ts'])(
    'no-unused-vars is an error for %s',
    async (file) => {
      const config = (await eslint.calculateConfigForFile(file)) as { rules: Record<string, unknown[]> };
      expect(config.rules['@typescript-eslint/no-unused-vars']?.[0]).toBe(2);
    },
  );

  it('flags an unused import', async () => {
    const linter = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: (await import('typescript-eslint')).parser },
          plugins: { '@typescript-eslint': (await import('typescript-eslint')).plugin },
          rules: { '@typescript-eslint/no-unused-vars': 'error' },
        },
      ],
    });
    const [result] = await linter.lintText("import { copy } from './copy.js';\nexport const x = 1;\n", { filePath: 'fixture.ts' });
    expect(result?.messages.map((message) => message.ruleId)).toEqual(['@typescript-eslint/no-unused-vars']);
  });
});

describe('no function over 60 lines in src/ and matchers/ (issue 23)', () => {
  it.each(['src/harness/determinism.ts', 'src/report/browser/run-page.ts', 'matchers/toMeetExpectations.ts'])(
    'max-lines-per-function is an error at 60 lines, blank lines and comments counted, for %s',
    async (file) => {
      const config = (await eslint.calculateConfigForFile(file)) as { rules: Record<string, unknown[]> };
      expect(config.rules['max-lines-per-function']).toEqual([2, { max: 60, skipBlankLines: false, skipComments: false, IIFEs: true }]);
    },
  );

  it('with those options, flags a function of 61 lines and not one of 60', async () => {
    const config = (await eslint.calculateConfigForFile('src/harness/determinism.ts')) as { rules: Record<string, unknown[]> };
    const linter = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.js'], rules: { 'max-lines-per-function': config.rules['max-lines-per-function'] as ['error'] } }],
    });
    // The signature and the closing brace count, and so do the body's blank line and comment.
    const body = (lines: number): string => ['  // why', '', ...Array.from({ length: lines - 2 }, (_, i) => `  const v${i} = ${i};`)].join('\n');
    const lint = async (lines: number): Promise<string[]> => {
      const [result] = await linter.lintText(`export function f() {\n${body(lines)}\n}\n`, { filePath: 'fixture.js' });
      return result?.messages.map((message) => message.message) ?? [];
    };
    expect(await lint(58)).toEqual([]);
    expect(await lint(59)).toEqual(["Function 'f' has too many lines (61). Maximum allowed is 60."]);
  });
});
