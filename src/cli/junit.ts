/**
 * JUnit XML for CI: one `<testsuite>` per scenario, one `<testcase>` per
 * expectation. A failed expectation has a `<failure>`; an expectation whose
 * scenario could not run because a mission raised has an `<error>`. A scenario
 * whose mission raised but that no expectation mentions gets one testcase of
 * its own (`mission '<key>' raised`), so the error is never invisible.
 * Expectations naming a scenario that is not in the suite are grouped in a
 * testsuite named after that scenario, as failures (`scenario_missing`).
 *
 * No timestamps or durations are written: the same run gives the same bytes.
 */
import { canonicalJson, type JsonValue } from 'tier2-harness';
import type { CliOutcome, CliVerdict, MissionError } from './execute.js';

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
export function escapeXmlText(text: string): string {
  return visible(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value (double-quoted); tabs and line breaks survive attribute normalisation as references. */
export function escapeXmlAttribute(text: string): string {
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
}

function describePath(path: string | readonly string[]): string {
  return typeof path === 'string' ? path : JSON.stringify(path);
}

function verdictCase(suiteName: string, verdict: CliVerdict): Case {
  const { expectation } = verdict;
  const classname = `${suiteName}.${expectation.scenario}.${expectation.mission}`;
  if (verdict.status === 'passed') return { name: expectation.id, classname, body: '', kind: 'passed' };
  if (verdict.status === 'error') {
    const { missionError } = verdict;
    const message = `not evaluated: mission '${missionError.key}' of scenario '${missionError.scenario}' raised ${missionError.error.name}: ${missionError.error.message}`;
    return {
      name: expectation.id,
      classname,
      kind: 'error',
      body: `<error${attributes({ message, type: missionError.error.name })}>${escapeXmlText(message)}</error>`,
    };
  }
  const { result } = verdict;
  const reason = result.details.reason ?? 'failed';
  const expected = expectation.op === 'exists' ? 'the path to exist' : expectation.op === 'absent' ? 'the path not to resolve' : show(result.expected);
  const message = `${reason}: ${expectation.op} at path '${describePath(expectation.path)}': expected ${expected}, actual ${show(result.actual)}`;
  const lines = [
    `expectation: ${expectation.id}`,
    `scenario:    ${expectation.scenario}`,
    `mission:     ${expectation.mission}`,
    `path:        ${describePath(expectation.path)}`,
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
    body: `<failure${attributes({ message, type: reason })}>${escapeXmlText(lines.join('\n'))}</failure>`,
  };
}

function raisedCase(suiteName: string, missionError: MissionError): Case {
  const message = `mission '${missionError.key}' raised ${missionError.error.name}: ${missionError.error.message}`;
  return {
    name: `mission '${missionError.key}' raised`,
    classname: `${suiteName}.${missionError.scenario}.${missionError.key}`,
    kind: 'error',
    body: `<error${attributes({ message, type: missionError.error.name })}>${escapeXmlText(message)}</error>`,
  };
}

/**
 * The JUnit XML of an outcome.
 *
 * @example
 * ```ts
 * writeFileSync('junit.xml', toJunitXml(outcome));
 * ```
 */
export function toJunitXml(outcome: CliOutcome): string {
  const suiteName = outcome.suite.name;
  const groups = new Map<string, Case[]>();
  for (const scenario of outcome.suite.scenarios) groups.set(scenario.name, []);
  for (const verdict of outcome.verdicts) {
    const cases = groups.get(verdict.expectation.scenario) ?? [];
    cases.push(verdictCase(suiteName, verdict));
    groups.set(verdict.expectation.scenario, cases);
  }
  for (const missionError of outcome.missionErrors) {
    const cases = groups.get(missionError.scenario) ?? [];
    if (!cases.some((item) => item.kind === 'error')) cases.push(raisedCase(suiteName, missionError));
    groups.set(missionError.scenario, cases);
  }
  const hash = outcome.testRun?.metadata.testRunHash;
  const count = (cases: readonly Case[], kind: Case['kind']): number => cases.filter((item) => item.kind === kind).length;
  const all = [...groups.values()].flat();
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attributes({ name: suiteName, tests: all.length, failures: count(all, 'failure'), errors: count(all, 'error'), skipped: 0 })}>`);
  let id = 0;
  for (const [scenario, cases] of groups) {
    const scenarioHash = outcome.scenarioResults.get(scenario)?.metadata.scenarioHash;
    out.push(
      `  <testsuite${attributes({ name: scenario, id, package: suiteName, tests: cases.length, failures: count(cases, 'failure'), errors: count(cases, 'error'), skipped: 0 })}>`,
    );
    id += 1;
    const properties: [string, string][] = [['suite_name', suiteName]];
    if (scenarioHash) properties.push(['scenario_hash', scenarioHash]);
    if (hash) properties.push(['test_run_hash', hash]);
    out.push('    <properties>');
    for (const [name, value] of properties) out.push(`      <property${attributes({ name, value })}/>`);
    out.push('    </properties>');
    for (const item of cases) {
      const open = `    <testcase${attributes({ name: item.name, classname: item.classname })}`;
      out.push(item.body === '' ? `${open}/>` : `${open}>\n      ${item.body}\n    </testcase>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
