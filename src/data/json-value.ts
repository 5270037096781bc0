/**
 * The types of JSON values, alone in a module that imports nothing, so code
 * that runs in the browser (the HTML reports' scripts, src/report/browser/)
 * can name them without the runtime's Node modules.
 */

/** A JSON primitive. */
export type JsonPrimitive = string | number | boolean | null;
/** Any JSON value. Numbers must be finite. */
export type JsonValue = JsonPrimitive | JsonArray | JsonObject;
/** A JSON array (read-only view). */
export type JsonArray = readonly JsonValue[];
/** A JSON object with string keys (read-only view). */
export type JsonObject = { readonly [key: string]: JsonValue };
