import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, withinDepth } from './json.js';

/** `{"a":{"a":…1…}}`, `depth` objects deep, built as text and parsed (JSON.parse itself copes with any depth). */
function deepObject(depth: number): unknown {
  return JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown;
}

function depthOf(value: unknown): number {
  let depth = 0;
  for (
    let v = value;
    typeof v === 'object' && v !== null;
    v = (v as { a?: unknown }).a ?? (v as unknown[])[0]
  )
    depth += 1;
  return depth;
}

describe('withinDepth', () => {
  it('copies a shallow value unchanged and says nothing was cut', () => {
    const value = { a: [1, { b: 'x' }], c: null, d: 'text' };
    const bounded = withinDepth(value);
    expect(bounded).toEqual({ value, cut: false });
    expect(bounded.value).not.toBe(value);
  });

  it('keeps the first levels of a 100,000-deep object, without recursion, and says it cut', () => {
    const bounded = withinDepth(deepObject(100_000));
    expect(bounded.cut).toBe(true);
    expect(depthOf(bounded.value)).toBe(MAX_JSON_DEPTH);
    expect(() => JSON.stringify(bounded.value)).not.toThrow();
  });

  it('cuts deep arrays too, and keeps the siblings of the deep part', () => {
    const value = {
      urls: ['https://cdn.example/a.png'],
      extra: JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`) as unknown,
    };
    const bounded = withinDepth(value, 4);
    expect(bounded.cut).toBe(true);
    expect(bounded.value).toEqual({ urls: ['https://cdn.example/a.png'], extra: [[[null]]] });
  });

  it('keeps a "__proto__" key as data, never as the prototype', () => {
    const bounded = withinDepth(JSON.parse('{"__proto__":{"polluted":true}}'));
    expect(Object.getPrototypeOf(bounded.value)).toBe(Object.prototype);
    expect((bounded.value as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(bounded.value as object)).toEqual(['__proto__']);
  });
});
