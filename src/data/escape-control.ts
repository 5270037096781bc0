/**
 * The one escaping of control characters for every human report and message:
 * a name such as `"a\r\u001b[2Kfake PASS"` must not move the cursor, erase a
 * line or inject colour when it is printed. C0 controls, DEL, C1 controls and
 * the Unicode line/paragraph separators become visible escapes (`\r`,
 * `\u001b`); everything else, backslashes included, is printed as is.
 *
 * @internal Not part of the public API.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(char: string): string {
  return NAMED[char] ?? `\\u${(char.codePointAt(0) as number).toString(16).padStart(4, '0')}`;
}

/**
 * Escapes control characters; with `keepNewlines`, line breaks (`\n`) of a
 * multi-line message stay (use it only on text the product laid out itself).
 *
 * @example
 * ```ts
 * escapeControl('day\r\u001b[2K'); // 'day\\r\\u001b[2K'
 * ```
 */
export function escapeControl(text: string, options?: { readonly keepNewlines?: boolean }): string {
  return text.replace(options?.keepNewlines === true ? CONTROL_BUT_NEWLINE : CONTROL, visible);
}
