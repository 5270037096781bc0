/**
 * JUnit XML for CI: one `<testsuite>` per scenario, one `<testcase>` per
 * expectation. A failed expectation has a `<failure>`; an expectation whose
 * scenario could not run because a mission raised has an `<error>`. A scenario
 * whose mission raised but that no expectation mentions gets one testcase of
 * its own (`mission '<key>' raised`), so the error is never invisible.
 * Expectations naming a scenario that is not in the suite are grouped in a
 * testsuite named after that scenario, as failures (`scenario_missing`). A run
 * that failed for want of expectations (see `requireExpectations`) has one
 * failing testcase, `has expectations`, in a testsuite named after the suite:
 * a report with no testcase at all would read as a pass in most CI views.
 *
 * By default the document is valid against the Jenkins xunit-plugin schema
 * `junit-10.xsd`: `classname` is the scenario, the suite file is the
 * `<testsuite>`'s `file`, and every `<testsuite>`, `<testcase>` and the
 * `<testsuites>` carry `time="0"` (the CLI measures no durations, so the same
 * run gives the same bytes; a missing `time` breaks some parsers).
 * {@link JunitOptions.testcaseLocations} adds `file` and `line` on each
 * `<testcase>`, which that schema does not allow but GitLab and the GitHub
 * JUnit actions read.
 */
import { canonicalJson } from '../data/canonical.js';
import type { JsonValue } from '../data/json.js';
import { expectationPathText } from '../data/path-text.js';
import type { CliOutcome, CliVerdict, MissionError } from '../harness/outcome.js';
import type { SourceLocation, SourceLocations } from '../data/source-locations.js';
import { expectedText, failureReason } from '../data/verdict-text.js';

/** Options of {@link toJunitXml}. */
export interface JunitOptions {
  /** Where expectations and mission calls were written; without it no `file` or `line` is written. */
  readonly sources?: SourceLocations;
  /** Add `file` and `line` (the expectation's, or the raising mission call's) on each `<testcase>` (`--junit-testcase-file`). */
  readonly testcaseLocations?: boolean;
}

// Characters XML 1.0 allows: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// Anything else (control characters, lone surrogates, U+FFFE/U+FFFF) cannot be
// written at all, not even as a character reference, so it is shown as \uXXXX.
function allowedInXml(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
}

function visible(text: string): string {
  let out = '';
  // for...of walks code points: a valid surrogate pair arrives as one character (>= 0x10000), a lone surrogate alone.
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    out += allowedInXml(code) ? char : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** Escapes text content. */
function escapeXmlText(text: string): string {
  return visible(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value (double-quoted); tabs and line breaks survive attribute normalisation as references. */
function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}

function show(value: JsonValue | undefined): string {
  return value === undefined ? '(none)' : canonicalJson(value);
}

interface Case {
  readonly name: string;
  readonly classname: string;
  readonly body: string;
  readonly kind: 'passed' | 'failure' | 'error';
  readonly location: SourceLocation | undefined;
}

function verdictCase(verdict: CliVerdict, sources: SourceLocations | undefined): Case {
  const { expectation } = verdict;
  const classname = expectation.scenario;
  const location = sources?.expectation(expectation.id);
  if (verdict.status === 'passed') return { name: expectation.id, classname, body: '', kind: 'passed', location };
  if (verdict.status === 'error') {
    const { missionError } = verdict;
    const message = `not evaluated: mission '${missionError.key}' of scenario '${missionError.scenario}' raised ${missionError.error.name}: ${missionError.error.message}`;
    return {
      name: expectation.id,
      classname,
      kind: 'error',
      location,
      body: `<error${attributes({ message, type: missionError.error.name })}>${escapeXmlText(message)}</error>`,
    };
  }
  const { result } = verdict;
  const reason = failureReason(result.details);
  const expected = expectedText(expectation.op, result.expected, show);
  const message = `${reason}: ${expectation.op} at path '${expectationPathText(expectation.path)}': expected ${expected}, actual ${show(result.actual)}`;
  const lines = [
    `expectation: ${expectation.id}`,
    `scenario:    ${expectation.scenario}`,
    `mission:     ${expectation.mission}`,
    `path:        ${expectationPathText(expectation.path)}`,
    `op:          ${expectation.op}`,
    `expected:    ${expected}`,
    `actual:      ${show(result.actual)}`,
    `reason:      ${reason}`,
    ...(result.details.message ? [`message:     ${result.details.message}`] : []),
  ];
  return {
    name: expectation.id,
    classname,
    kind: 'failure',
    location,
    body: `<failure${attributes({ message, type: reason })}>${escapeXmlText(lines.join('\n'))}</failure>`,
  };
}

function raisedCase(missionError: MissionError, sources: SourceLocations | undefined): Case {
  const message = `mission '${missionError.key}' raised ${missionError.error.name}: ${missionError.error.message}`;
  return {
    name: `mission '${missionError.key}' raised`,
    classname: missionError.scenario,
    kind: 'error',
    location: sources?.missionCall(missionError.scenarioIndex, missionError.key),
    body: `<error${attributes({ message, type: missionError.error.name })}>${escapeXmlText(message)}</error>`,
  };
}

/** The one testcase of a run that failed because it had no expectation to judge. */
function noExpectationsCase(suiteName: string, sources: SourceLocations | undefined): Case {
  const message = 'no expectations were given, so nothing was checked but that every mission ran without raising';
  const hint = `${message}; pass --pass-with-no-expectations if that is all you mean to check`;
  return {
    name: 'has expectations',
    classname: suiteName,
    kind: 'failure',
    location: sources === undefined ? undefined : { file: sources.suiteFile, line: 1 },
    body: `<failure${attributes({ message, type: 'no_expectations' })}>${escapeXmlText(hint)}</failure>`,
  };
}

/**
 * The JUnit XML of an outcome.
 *
 * @example
 * ```ts
 * writeFileSync('junit.xml', toJunitXml(outcome, { sources }));
 * ```
 */
export function toJunitXml(outcome: CliOutcome, options: JunitOptions = {}): string {
  const { sources } = options;
  const suiteName = outcome.suite.name;
  const groups = new Map<string, Case[]>();
  for (const scenario of outcome.suite.scenarios) groups.set(scenario.name, []);
  for (const verdict of outcome.verdicts) {
    const cases = groups.get(verdict.expectation.scenario) ?? [];
    cases.push(verdictCase(verdict, sources));
    groups.set(verdict.expectation.scenario, cases);
  }
  for (const missionError of outcome.missionErrors) {
    const cases = groups.get(missionError.scenario) ?? [];
    if (!cases.some((item) => item.kind === 'error')) cases.push(raisedCase(missionError, sources));
    groups.set(missionError.scenario, cases);
  }
  const inSuite = new Set(outcome.suite.scenarios.map((scenario) => scenario.name));
  // Keyed apart from every scenario name (a scenario may carry the suite's name).
  const unjudged = outcome.noExpectations === 'failed' ? [noExpectationsCase(suiteName, sources)] : [];
  const hash = outcome.testRun?.metadata.testRunHash;
  const count = (cases: readonly Case[], kind: Case['kind']): number => cases.filter((item) => item.kind === kind).length;
  const all = [...groups.values(), unjudged].flat();
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attributes({ name: suiteName, tests: all.length, failures: count(all, 'failure'), errors: count(all, 'error'), time: 0 })}>`);
  let id = 0;
  const testsuites: [string, Case[]][] = [...groups, ...(unjudged.length > 0 ? [[suiteName, unjudged] as [string, Case[]]] : [])];
  for (const [scenario, cases] of testsuites) {
    const scenarioHash = outcome.scenarioResults.get(scenario)?.metadata.scenarioHash;
    // A scenario lives in the suite file; a scenario that only expectations name, where they were written.
    const file = inSuite.has(scenario) ? sources?.suiteFile : cases[0]?.location?.file;
    out.push(
      `  <testsuite${attributes({ name: scenario, id, package: suiteName, tests: cases.length, failures: count(cases, 'failure'), errors: count(cases, 'error'), skipped: 0, time: 0, ...(file === undefined ? {} : { file }) })}>`,
    );
    id += 1;
    const properties: [string, string][] = [['suite_name', suiteName]];
    if (scenarioHash) properties.push(['scenario_hash', scenarioHash]);
    if (hash) properties.push(['test_run_hash', hash]);
    out.push('    <properties>');
    for (const [name, value] of properties) out.push(`      <property${attributes({ name, value })}/>`);
    out.push('    </properties>');
    for (const item of cases) {
      const where: Record<string, string | number> =
        options.testcaseLocations === true && item.location ? { file: item.location.file, line: item.location.line } : {};
      const open = `    <testcase${attributes({ name: item.name, classname: item.classname, time: 0, ...where })}`;
      out.push(item.body === '' ? `${open}/>` : `${open}>\n      ${item.body}\n    </testcase>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
