import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from './utf8.ts';

const encoder = new TextEncoder();

describe('UTF-8 byte length (KV-1, ATTR-1 measure keys and names in bytes)', () => {
  it('equals the length TextEncoder produces, lone surrogates included', () => {
    const anyUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 24 }).map((units) => String.fromCharCode(...units));
    const mostlyText = fc.string({ unit: 'grapheme', maxLength: 24 });
    fc.assert(
      fc.property(fc.oneof(anyUnits, mostlyText), (text) => {
        expect(utf8ByteLength(text)).toBe(encoder.encode(text).length);
      }),
      { seed: 7, numRuns: 2000 },
    );
    expect(utf8ByteLength('a\u00e9\u20ac\u{1f600}')).toBe(1 + 2 + 3 + 4);
    expect(utf8ByteLength('\ud800x\udc00')).toBe(3 + 1 + 3);
  });

  it('is the same for long texts, which it remembers, asked again and again', () => {
    const longUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 60, maxLength: 300 }).map((units) => String.fromCharCode(...units));
    fc.assert(
      fc.property(longUnits, fc.string({ unit: 'grapheme', minLength: 60, maxLength: 300 }), (units, text) => {
        for (const t of [units, text, units, text]) expect(utf8ByteLength(t)).toBe(encoder.encode(t).length);
      }),
      { seed: 8, numRuns: 500 },
    );
  });
});
