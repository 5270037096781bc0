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
