/**
 * YAML config files: one YAML 1.2 document (core schema). Plain block YAML is
 * read by the fast reader (yaml-fast.ts); anything else, and anything the fast
 * reader is not certain of, by the `yaml` package's full parse with the checks
 * of yaml-checks.ts. Either way the data and the errors are the same.
 */
import type { Document, LineCounter, YAMLError } from 'yaml';
import type { ConfigError, ErrorCode } from '../../data/errors.js';
import { fileError, textError } from './config-errors.js';
import { keepsInteger } from './integers.js';
import { lazyFinder, type PositionFinder } from './positions.js';
import { checkYamlDocument } from './yaml-checks.js';
import { readPlainBlockYaml } from './yaml-fast.js';
import { isScalar, yamlPackage } from './yaml-package.js';
import { yamlFastPositionFinder } from './yaml-fast-positions.js';
import { documentPositionFinder } from './yaml-positions.js';

/**
 * The `yaml` package's `maxAliasCount`: how much aliasing a document may do
 * (the package weighs each alias by the size of what it repeats). 100 is far
 * above what a hand-written suite needs and far below an expansion attack.
 */
export const MAX_ALIAS_COUNT = 100;

/** What a YAML file gives: its data, and where a path of it was written. */
export interface ParsedYaml {
  readonly data: unknown;
  readonly positionOf: PositionFinder;
  /** True when read by the fast reader (no aliases: each container once); the full parse may share a container between aliases. */
  readonly unshared: boolean;
}

/** The first line of a yaml error message, without its "at line L, column C" tail (we say that in the location). */
function yamlProblem(error: YAMLError): string {
  const first = error.message.split('\n')[0] ?? error.message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

function yamlError(error: YAMLError, file: string, lineCounter: LineCounter): ConfigError {
  const position = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
  const code: ErrorCode = error.code === 'TAG_RESOLVE_FAILED' ? 'invalid_value' : 'syntax';
  return textError(code, describeYamlCode(error, yamlProblem(error)), file, { line: position.line, column: position.col }, error);
}

function describeYamlCode(error: YAMLError, problem: string): string {
  // The yaml package turns its own stack overflow on absurd nesting into a parse error.
  if (/maximum call stack/i.test(problem)) return 'the document is nested too deeply to parse';
  if (error.code === 'TAG_RESOLVE_FAILED') return `${problem} (only plain YAML data is accepted: no custom tags)`;
  return problem;
}

const tooDeep = (file: string, error: unknown): ConfigError => fileError('too_large', 'the document is nested too deeply to parse', file, error);

function parseDocumentSafely(text: string, file: string, lineCounter: LineCounter): Document.Parsed {
  try {
    // The yaml package's own duplicate check compares each key with every earlier one (quadratic: a
    // 60,000-key mapping took minutes); checkYamlDocument does it in one pass, by the key's final string.
    return yamlPackage().parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false, merge: true, version: '1.2', schema: 'core' });
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(file, error);
    throw error;
  }
}

/** The document's data, with aliases expanded within {@link MAX_ALIAS_COUNT}. */
function documentData(doc: Document.Parsed, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /excessive alias count/i.test(error.message)) {
      throw fileError(
        'too_large',
        `too much alias expansion (${error.message}); anchors and aliases may repeat at most ${MAX_ALIAS_COUNT} nodes' worth of data`,
        file,
        error,
      );
    }
    if (error instanceof RangeError) throw tooDeep(file, error);
    throw error;
  }
}

/** The full parse: every check, errors with their line and column, and the document kept for positions. */
function parseFully(text: string, file: string): ParsedYaml {
  const { LineCounter } = yamlPackage();
  const lineCounter = new LineCounter();
  const doc = parseDocumentSafely(text, file, lineCounter);
  const firstError = doc.errors[0];
  if (firstError) throw yamlError(firstError, file, lineCounter);
  // An unknown tag (`!foo`, `!!js/function`) is only a warning to the yaml package; here it is an error.
  const tagWarning = doc.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (tagWarning) throw yamlError(tagWarning, file, lineCounter);
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    throw fileError('empty', 'the file has no content; expected a mapping (object) at the top level', file);
  }
  try {
    checkYamlDocument(doc, file, lineCounter);
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(file, error);
    throw error;
  }
  return { data: documentData(doc, file), unshared: false, positionOf: documentPositionFinder(doc, lineCounter) };
}

/**
 * Parses YAML config text.
 *
 * @param source gives the text again when a position is asked for (the caller may hold the file's bytes instead of the text).
 * @throws ConfigError for malformed or refused YAML, with its line and column.
 */
export function parseYaml(text: string, file: string, source: () => string): ParsedYaml {
  // Plain block YAML is read directly; its positions come from its lines, found when first asked for.
  const plain = readPlainBlockYaml(text, keepsInteger);
  if (plain !== undefined) return { data: plain, unshared: true, positionOf: lazyFinder(() => yamlFastPositionFinder(source())) };
  return parseFully(text, file);
}
