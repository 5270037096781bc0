/**
 * src/data/common.ts: the one value describer, the own-property helpers and
 * mission call labels, as every layer now uses them; and the
 * deliberate message changes that unifying the describers made (each is
 * pinned here through the public API that shows it).
 */
import { describe, expect, it } from 'vitest';
import { checkMission } from 'tier2-harness/fast-check';
import { className, dataProperty, describeValue, isPlainObject, missionCallLabel } from '../../src/data/common.js';
import { describeThrown } from '../../src/data/describe-thrown.js';
import { describeReceived } from '../../matchers/message.js';

/** A Proxy whose every trap fails the test: describing it must run none. */
const trapped = (): object =>
  new Proxy(
    {},
    {
      get: () => expect.fail('a get trap ran'),
      getOwnPropertyDescriptor: () => expect.fail('a getOwnPropertyDescriptor trap ran'),
      getPrototypeOf: () => expect.fail('a getPrototypeOf trap ran'),
      ownKeys: () => expect.fail('an ownKeys trap ran'),
    },
  );

class Uint {}

describe('describeValue', () => {
  it.each<[unknown, string, string]>([
    [null, 'null', 'null'],
    [undefined, 'undefined', 'undefined'],
    [3, 'a number', '3'],
    [Number.NaN, 'NaN', 'NaN'],
    ['wf', 'a string', '"wf"'],
    [true, 'a boolean', 'a boolean'],
    [1n, 'a BigInt', 'a BigInt'],
    [Symbol('s'), 'a symbol', 'a symbol'],
    [() => 1, 'a function', 'a function'],
    [[1], 'an array', 'an array'],
    [{ a: 1 }, 'an object', 'an object'],
    [Object.create(null), 'an object', 'an object'],
    [new Map(), 'a Map instance', 'a Map instance'],
    [new Error('x'), 'an Error instance', 'an Error instance'],
    [new Uint(), 'a Uint instance', 'a Uint instance'],
  ])('describes %o as %s (literal: %s)', (value, type, literal) => {
    expect(describeValue(value)).toBe(type);
    expect(describeValue(value, { literal: true })).toBe(literal);
  });

  it('runs no trap of a Proxy, nor of a Proxy prototype or constructor', () => {
    expect(describeValue(trapped())).toBe('a Proxy');
    // Before the describers were one, the runtime's read the constructor through a Proxy prototype's trap.
    expect(describeValue(Object.create(trapped()) as object)).toBe('a non-plain object');
    const ProxiedCtor = new Proxy(class Named {}, { getOwnPropertyDescriptor: () => expect.fail('a trap of the constructor ran') });
    const proto = Object.create(Object.prototype, { constructor: { value: ProxiedCtor } }) as object;
    expect(describeValue(Object.create(proto) as object)).toBe('a non-plain object');
  });

  it('runs no getter: a constructor getter is not called', () => {
    const proto = Object.create(Object.prototype, { constructor: { get: () => expect.fail('the getter ran') } }) as object;
    expect(describeValue(Object.create(proto) as object)).toBe('a non-plain object');
    expect(className(Object.create(proto) as object)).toBeUndefined();
  });
});

describe('one describer behind every layer', () => {
  it('thrown values: an object is described as the runtime describes it, a primitive as its text', () => {
    expect(describeThrown(new Map()).message).toBe(describeValue(new Map()));
    expect(describeThrown('boom').message).toBe('boom');
    expect(describeThrown(trapped()).message).toBe('a Proxy (not inspected: reading it would run its traps)');
    // Deliberate: the article follows the sound ("a Uint…", as the runtime said), where the thrown-value describer said "an Uint…".
    expect(describeThrown(new Uint()).message).toBe('a Uint instance');
  });

  it('matchers: numbers and strings as themselves, a plain object with its keys, never a crash', () => {
    expect(describeReceived(42)).toBe('42');
    expect(describeReceived('wf')).toBe('"wf"');
    expect(describeReceived({ b: 1, a: 2 })).toBe('an object with keys b, a');
    expect(describeReceived({})).toBe('an object with keys (none)');
    expect(describeReceived(new Map())).toBe('a Map instance');
    // Before: `undefined undefined`, `symbol undefined`, and a TypeError from JSON.stringify for a BigInt.
    expect(describeReceived(undefined)).toBe('undefined');
    expect(describeReceived(Symbol('s'))).toBe('a symbol');
    expect(describeReceived(1n)).toBe('a BigInt');
    expect(describeReceived(trapped())).toBe('a Proxy');
  });

  it('fast-check options: a class instance is named (it was "an object"), a BigInt is "a BigInt" (it was "a bigint")', () => {
    expect(() => checkMission('echo', { runs: new Map() as never })).toThrow(
      'checkMission: options.runs must be an integer from 1 to 1000000, got a Map instance',
    );
    expect(() => checkMission('echo', { runs: 2n as never })).toThrow('got a BigInt');
    expect(() => checkMission('echo', { runs: 'x' as never })).toThrow('got "x"');
  });
});

describe('own properties and plain objects', () => {
  it('dataProperty reads through the prototype chain without calling getters or traps', () => {
    const withGetter = Object.create({ a: 1 }, { b: { get: () => expect.fail('the getter ran') } }) as object;
    expect(dataProperty(withGetter, 'a')).toEqual({ found: 'data', value: 1 });
    expect(dataProperty(withGetter, 'b')).toEqual({ found: 'accessor' });
    expect(dataProperty(trapped(), 'a')).toBeUndefined();
  });

  it('isPlainObject refuses Proxies, arrays and class instances', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject(trapped())).toBe(false);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(new Map())).toBe(false);
  });
});

describe('mission call labels', () => {
  it('name the key, and the mission when the key differs', () => {
    expect(missionCallLabel('echo', 'echo')).toBe("'echo'");
    expect(missionCallLabel('first', 'echo')).toBe("'first' (mission 'echo')");
  });
});
