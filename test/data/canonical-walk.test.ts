/**
 * canonicalJson has a fast walk for valid data and falls back to the checked
 * walk for anything unusual: the text and the errors must be the same as the
 * checked walk's, whichever path a value takes.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, runScenario } from '../../src/index.js';

describe('canonicalJson fast and checked walks', () => {
  it('serialises runtime-frozen results exactly like a plain copy of them', () => {
    const result = runScenario({
      name: 'walk',
      initialState: { z: [1, 2.5, 'é'], a: { '𝄞': true, b: null, '10': 1e-7, '2': 2 ** 53 } },
      missions: [{ mission: 'echo', params: { y: { x: [] } } }],
    });
    const frozen = result.toDict();
    const plain: unknown = JSON.parse(JSON.stringify(frozen));
    expect(canonicalJson(frozen)).toBe(canonicalJson(plain));
    expect(canonicalJson(plain)).toContain('"10":1e-07,"2":9007199254740992.0');
  });

  it('refuses a proxy without running any of its traps, in either walk', () => {
    const ran: string[] = [];
    const proxy = new Proxy(
      { a: 1 },
      {
        getPrototypeOf(target) {
          ran.push('getPrototypeOf');
          return Reflect.getPrototypeOf(target);
        },
        isExtensible(target) {
          ran.push('isExtensible');
          return Reflect.isExtensible(target);
        },
        ownKeys(target) {
          ran.push('ownKeys');
          return Reflect.ownKeys(target);
        },
        getOwnPropertyDescriptor(target, key) {
          ran.push('getOwnPropertyDescriptor');
          return Reflect.getOwnPropertyDescriptor(target, key);
        },
        get(target, key): unknown {
          ran.push('get');
          return Reflect.get(target, key) as unknown;
        },
        has(target, key) {
          ran.push('has');
          return Reflect.has(target, key);
        },
      },
    );
    expect(() => canonicalJson({ x: proxy })).toThrow('canonicalJson: x: a Proxy is not JSON data');
    expect(() => canonicalJson([proxy])).toThrow('canonicalJson: [0]: a Proxy is not JSON data');
    expect(ran).toEqual([]);
  });

  it.each([
    [
      'a circular reference',
      (): unknown => {
        const loop: Record<string, unknown> = { a: 1 };
        loop.self = { back: loop };
        return loop;
      },
      'canonicalJson: self.back: a circular reference',
    ],
    [
      'nesting past the limit',
      (): unknown => {
        let deep: unknown = 1;
        for (let i = 0; i < 400; i++) deep = [deep];
        return { deep };
      },
      'nesting deeper than MAX_JSON_DEPTH (256) levels + 64 levels of room for results',
    ],
    ['a symbol key', (): unknown => ({ ok: 1, inner: { [Symbol('s')]: 1 } }), 'canonicalJson: inner: an object with symbol keys'],
    [
      'a sparse array',
      (): unknown => {
        const list: unknown[] = [1];
        list[2] = 3;
        return { list };
      },
      'canonicalJson: list: a sparse array or an array with extra properties',
    ],
    ['NaN', (): unknown => ({ n: [0, NaN] }), 'canonicalJson: n[1]: NaN is not a finite number'],
    ['undefined', (): unknown => ({ u: undefined }), 'canonicalJson: u: undefined is not JSON data'],
    ['a class instance', (): unknown => ({ d: new Date(0) }), 'canonicalJson: d: a Date instance is not JSON data'],
  ])('rejects %s with the checked walk’s message', (_name, make, message) => {
    expect(() => canonicalJson(make())).toThrow(message);
  });
});
