import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkWalkInClaim } from './serve-walk-in.ts';

const rule = { label: { en: 'ID' }, pattern: '^[0-9]{6}-[0-9]{7}$', example: '900101-1234568', checkDigit: { algorithm: 'weighted-mod11' as const, weights: [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] } };
const claim = { idNumber: '900101-1234568', name: '김민준', birthDate: '1990-01-01', documentKind: 'resident_card', documentRef: 'AB12345' };

describe("the officer's check of a walk-in resident's ID number", () => {
  it('tells a mistyped digit from a number typed in the wrong shape', () => {
    assert.equal(checkWalkInClaim({ ...claim, idNumber: '900101-1234567' }, rule).idNumber, 'checkDigit');
    assert.equal(checkWalkInClaim({ ...claim, idNumber: '9001011234568' }, rule).idNumber, 'invalid');
    assert.equal(checkWalkInClaim(claim, rule).idNumber, undefined);
  });
});
