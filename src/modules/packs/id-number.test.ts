import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isValidIdNumber, luhnCheckDigit, weightedMod11CheckDigit } from './id-number.ts';

const KOREAN = { label: {}, pattern: '^[0-9]{6}-[0-9]{7}$', example: '', checkDigit: { algorithm: 'weighted-mod11' as const, weights: [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] } };
const LUHN = { label: {}, pattern: '^[0-9]{10}$', example: '', checkDigit: { algorithm: 'luhn' as const } };
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });

describe('ID numbers', () => {
  it('accepts a number whose check digit is right, and refuses every other last digit', () => {
    fc.assert(fc.property(digits(12), fc.integer({ min: 1, max: 9 }), (body, shift) => {
      const check = weightedMod11CheckDigit(body, KOREAN.checkDigit.weights)!;
      const s = body.join('');
      assert.ok(isValidIdNumber(`${s.slice(0, 6)}-${s.slice(6)}${check}`, KOREAN));
      assert.ok(!isValidIdNumber(`${s.slice(0, 6)}-${s.slice(6)}${(check + shift) % 10}`, KOREAN));
    }));
  });

  it('Luhn catches any single changed digit', () => {
    fc.assert(fc.property(digits(9), fc.nat(8), fc.integer({ min: 1, max: 9 }), (body, at, shift) => {
      const number = [...body, luhnCheckDigit(body)];
      assert.ok(isValidIdNumber(number.join(''), LUHN));
      number[at] = (number[at]! + shift) % 10;
      assert.ok(!isValidIdNumber(number.join(''), LUHN));
    }));
  });

  it('refuses the wrong shape whatever the digits', () => {
    assert.ok(isValidIdNumber('900101-1234568', KOREAN));
    for (const bad of ['9001011234568', '900101-123456', '900101-12345689', 'abcdef-1234568', ' 900101-1234568', '']) {
      assert.ok(!isValidIdNumber(bad, KOREAN), bad);
    }
  });
});
