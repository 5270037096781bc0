#!/usr/bin/env node
// The public surface of every entry point, as API Extractor reports it, in api/<entry>.api.md.
//
//   node scripts/api-report.mjs            check: exit 1 and name each report that differs from api/
//   node scripts/api-report.mjs --update   write the reports to api/ (then review the diff and commit it)
//   node scripts/api-report.mjs --out DIR  write the reports to DIR (test/package/api-report.test.ts compares them)
//
// The declarations come from the sources, emitted by the project's TypeScript with tsconfig.json's options
// (`stripInternal` included) into test/.generated/api/, so no build is needed and the report never lags behind
// `src/`. API Extractor follows their relative imports from each entry file, as it would in dist/, whose
// declarations tsup makes from the same sources. The entries are read from package.json's `exports` and
// tsconfig.json's `paths`, so a new entry point cannot be left out.
import { Extractor, ExtractorConfig, CompilerState } from '@microsoft/api-extractor';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const generated = join(root, 'test', '.generated', 'api');
const declarations = join(generated, 'declarations');
const reports = join(root, 'api');

/** Each public entry point: its import specifier, its source file, and its report's file name. */
function entryPoints() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const tsconfig = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile).config;
  return Object.keys(pkg.exports)
    .filter((subpath) => subpath !== './package.json')
    .map((subpath) => {
      const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
      const [source] = tsconfig.compilerOptions.paths[specifier] ?? [];
      if (source === undefined) throw new Error(`tsconfig.json has no paths entry for '${specifier}' (package.json exports '${subpath}')`);
      return { specifier, root: subpath === '.', source: join(root, source), report: `${specifier.replace('/', '-')}.api.md` };
    });
}

/** Emits the declarations of the entries' sources (and all they import) with tsconfig.json's options; returns the root entry's export names. */
function emitDeclarations(entries) {
  rmSync(declarations, { recursive: true, force: true });
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    { noEmit: false, declaration: true, emitDeclarationOnly: true, declarationMap: false, sourceMap: false, outDir: declarations, rootDir: root },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => fail([diagnostic]) },
  );
  const program = ts.createProgram({ rootNames: entries.map((entry) => entry.source), options: parsed.options });
  const emitted = program.emit(undefined, undefined, undefined, true);
  const problems = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (problems.length > 0) fail(problems);
  const checker = program.getTypeChecker();
  const rootModule = checker.getSymbolAtLocation(program.getSourceFile(entries.find((entry) => entry.root).source));
  return new Set(checker.getExportsOfModule(rootModule).map((symbol) => symbol.name));
}

function fail(diagnostics) {
  const host = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => '\n' };
  throw new Error(`the declarations could not be emitted:\n${ts.formatDiagnostics(diagnostics, host)}`);
}

/** The declaration file that tsc emitted for a source file. */
const declarationOf = (source) => join(declarations, relative(root, source).replace(/\.ts$/, '.d.ts'));

function extractorConfig(entry, entries, folder) {
  return ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      newlineKind: 'lf',
      mainEntryPointFilePath: declarationOf(entry.source),
      // Only the emitted declarations: the project's tsconfig.json would bring in every test and example.
      compiler: {
        overrideTsconfig: {
          compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', types: ['node'], skipLibCheck: true, strict: true },
          files: entries.map((each) => declarationOf(each.source)),
        },
      },
      apiReport: { enabled: true, reportFileName: entry.report, reportFolder: folder, reportTempFolder: join(generated, 'temp') },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'error' } },
        extractorMessageReporting: {
          default: { logLevel: 'error', addToApiReportFile: true },
          // The package has one audience and no release stages, so no symbol carries @public/@beta/@alpha.
          'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
          // The report marks these itself: "(undocumented)", and a Warning comment at a type that a public
          // signature names but no entry exports, where review sees it.
          'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
          'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
        },
        tsdocMessageReporting: { default: { logLevel: 'none', addToApiReportFile: false } },
      },
    },
    configObjectFullPath: join(root, 'api', 'api-extractor.json'),
    packageJsonFullPath: join(root, 'package.json'),
  });
}

/**
 * What API Extractor does not see, made visible: the module augmentations of an entry (`declare module 'vitest'`,
 * `declare global`), shown as tsc emits them; and no "forgotten export" warning in another entry's report for a
 * type that the root entry exports (API Extractor judges each entry alone, so it cannot know users have it).
 */
function complete(text, entry, rootExports) {
  const completed = text.replace(
    /^( *)\/\/ Warning: \(ae-forgotten-export\) The symbol "(\w+)" needs to be exported by the entry point [^\n]*\n(\1\/\/\n)?/gm,
    (line, _indent, name) => (entry.root || !rootExports.has(name) ? line : ''),
  );
  const file = declarationOf(entry.source);
  const declaration = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  if (!declaration.statements.some((statement) => ts.isModuleDeclaration(statement))) return completed;
  const printed = ts.createPrinter({ removeComments: true }).printFile(declaration);
  return `${completed}\n## Module augmentations\n\nAPI Extractor does not list them: the entry's declarations as tsc emits them, without comments.\n\n\`\`\`ts\n${printed.trimEnd()}\n\`\`\`\n`;
}

/** Writes every entry's report to `folder`; returns the entries. */
function writeReports(folder) {
  const entries = entryPoints();
  const rootExports = emitDeclarations(entries);
  mkdirSync(folder, { recursive: true });
  const configs = entries.map((entry) => extractorConfig(entry, entries, folder));
  // One TypeScript program for all entries: each entry's own would parse the same declarations again.
  const compilerState = CompilerState.create(configs[0], { additionalEntryPoints: configs.map((config) => config.mainEntryPointFilePath) });
  const messages = [];
  for (const config of configs) {
    const result = Extractor.invoke(config, {
      localBuild: true,
      compilerState,
      messageCallback: (message) => {
        if (message.logLevel === 'error' || message.logLevel === 'warning') messages.push(`${message.messageId}: ${message.text}`);
        message.handled = true;
      },
    });
    if (!result.succeeded) throw new Error(`API Extractor failed on ${config.mainEntryPointFilePath}:\n${messages.join('\n')}`);
  }
  for (const entry of entries) {
    const file = join(folder, entry.report);
    writeFileSync(file, complete(readFileSync(file, 'utf8'), entry, rootExports));
  }
  return entries;
}

function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--update') {
    writeReports(reports);
    console.log(`api-report: wrote ${reports}`);
    return;
  }
  const out = args[0] === '--out' ? args[1] : join(generated, 'reports');
  if (args.length > 0 && !(args[0] === '--out' && out)) throw new Error('usage: node scripts/api-report.mjs [--update | --out DIR]');
  rmSync(out, { recursive: true, force: true });
  const entries = writeReports(out);
  if (args[0] === '--out') return;
  const differ = entries.filter(
    (entry) => !existsSync(join(reports, entry.report)) || readFileSync(join(reports, entry.report), 'utf8') !== readFileSync(join(out, entry.report), 'utf8'),
  );
  const stray = existsSync(reports) ? readdirSync(reports).filter((file) => file.endsWith('.api.md') && !entries.some((entry) => entry.report === file)) : [];
  for (const entry of differ) console.error(`api-report: ${entry.specifier} differs from api/${entry.report}`);
  for (const file of stray) console.error(`api-report: api/${file} belongs to no entry point`);
  if (differ.length + stray.length > 0) {
    console.error('Review the change to the public surface, then run `npm run api-report -- --update` and commit api/.');
    process.exitCode = 1;
  } else console.log(`api-report: ${entries.length} entry points match api/`);
}

main();
