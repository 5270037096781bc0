/**
 * The HTML pages' scripts are TypeScript (src/report/browser/), type-checked
 * against the DOM, bundled by scripts/build-browser.ts into
 * src/report/page-scripts.ts and inlined by the pages. These tests hold the
 * chain together: the browser project type-checks, the checked-in bundle is
 * exactly what the script makes from the sources (so what runs in the page is
 * what was type-checked), and each page inlines its bundle.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';
import { pageScriptsModule } from '../../scripts/build-browser.js';
import { DIFF_PAGE_SCRIPT, RUN_PAGE_SCRIPT } from '../../src/report/page-scripts.js';
import { toHtmlReport } from '../../src/report/html.js';
import { compareHtml } from '../../src/report/compare-html.js';
import type { Comparison } from '../../src/compare/model.js';

function node(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the browser scripts', () => {
  it('type-check against the DOM, without Node types', () => {
    const tsc = node([join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'src/report/browser/tsconfig.json']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    const config = JSON.parse(readFileSync(join(root, 'src/report/browser/tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as {
      compilerOptions: { lib: string[]; types: string[] };
    };
    expect(config.compilerOptions.lib).toContain('DOM');
    expect(config.compilerOptions.types).toEqual([]);
  });

  it('are checked in exactly as scripts/build-browser.ts bundles them from the sources', async () => {
    const built = await pageScriptsModule();
    expect(built).toContain('export const RUN_PAGE_SCRIPT');
    const checkedIn = readFileSync(join(root, 'src/report/page-scripts.ts'), 'utf8');
    expect(checkedIn === built, 'src/report/page-scripts.ts is stale: a source in src/report/browser/ changed; run npm run build:browser').toBe(true);
  });

  it('render paths with the one path renderer (src/data/path-text.ts), not a copy', () => {
    expect(RUN_PAGE_SCRIPT).toContain('// src/data/path-text.ts');
    expect(RUN_PAGE_SCRIPT.match(/the whole result/g)).toHaveLength(1);
  });

  it('are inlined by their pages, whole', () => {
    const run = toHtmlReport({
      json: { passed: true },
      report: { suiteName: 's', suiteFile: null, noExpectations: null, scenarios: [], expectations: [], determinism: null },
    });
    expect(run).toContain(`<script>${RUN_PAGE_SCRIPT}</script>`);
    const diff = [...compareHtml({ baseline: { file: 'a' }, candidate: { file: 'b' } } as unknown as Comparison)].join('');
    expect(diff).toContain(`<script>${DIFF_PAGE_SCRIPT}</script>`);
  });
});
