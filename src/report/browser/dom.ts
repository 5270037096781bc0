/**
 * What both HTML pages' scripts do the same way: read the embedded data,
 * make elements (text only, through `textContent`: a name in the data is never
 * markup), and say when the page is ready.
 */
import { DATA_ELEMENT_ID } from './page-data.js';

/** The page's embedded data (the `tier2-data` element), parsed. */
export function readPageData<T>(): T {
  const element = document.getElementById(DATA_ELEMENT_ID);
  if (element === null) throw new Error(`tier2: the page has no #${DATA_ELEMENT_ID} element`);
  return JSON.parse(element.textContent ?? 'null') as T;
}

/** An element with a class and text (never markup). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The element with this id, of the expected kind; a missing one is a bug of the page. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`tier2: the page has no #${id} element`);
  return found as T;
}

/** Sets the text of the element with this id. */
export function setText(id: string, text: string): void {
  byId(id).textContent = text;
}

/** Marks the page rendered (read by the browser tests and scripts/bench-html.mjs), with the milliseconds it took. */
export function markReady(): void {
  document.body.setAttribute('data-ready-ms', String(Math.round(performance.now())));
  document.body.setAttribute('data-ready', 'true');
}

/** A value for people: JSON, or `(none)` when there is none. */
export function show(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}
