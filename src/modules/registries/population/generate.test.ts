import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { isValidIdNumber, loadPack, compileDataSchema, newestPublished } from '../../packs/index.ts';
import { generatePopulation, IdNumbers } from './generate.ts';
import { Random } from './random.ts';

const pack = loadPack(path.join(import.meta.dirname, '..', '..', '..', '..', 'packs', 'demo'));
const rule = pack.country.idNumber;
const all = (n: number, seed?: string) => [...generatePopulation(n, rule, { reserved: pack.residents.map((r) => r.idNumber), ...(seed ? { seed } : {}) })];

describe('the synthetic population', () => {
  it('is the same for the same seed and size, and different for another seed', () => {
    assert.deepEqual(all(500), all(500));
    assert.notDeepEqual(all(50, 'other').flatMap((h) => h.people), all(50).flatMap((h) => h.people));
  });

  it('has exactly the number of people asked for, each with a unique, valid ID number none of the pack residents hold', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 400 }), fc.string({ minLength: 1, maxLength: 8 }), (n, seed) => {
      const people = all(n, seed).flatMap((h) => h.people);
      assert.equal(people.length, n);
      const ids = new Set(people.map((p) => p.idNumber));
      assert.equal(ids.size, n);
      for (const p of people) {
        assert.ok(isValidIdNumber(p.idNumber, rule), p.idNumber);
        assert.equal(p.idNumber.slice(0, 6), p.birthDate.slice(2, 4) + p.birthDate.slice(5, 7) + p.birthDate.slice(8, 10));
        assert.ok(!pack.residents.some((r) => r.idNumber === p.idNumber));
      }
    }), { numRuns: 30 });
  });

  it('writes ID numbers that pass the check digit for any birth date and sex', () => {
    const ids = new IdNumbers(rule);
    fc.assert(fc.property(fc.date({ min: new Date('1920-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }), fc.boolean(), fc.boolean(), (d, female, foreign) => {
      const id = ids.next(new Random(d.toISOString()), d.toISOString().slice(0, 10), female ? 'F' : 'M', foreign);
      assert.ok(isValidIdNumber(id, rule), id);
      const g = Number(id[7]);
      assert.equal(g % 2 === 0, female);
      assert.equal(g >= 5, foreign);
    }));
  });

  it('gives every record a shape its registry accepts, and relations between people who exist', () => {
    const validators = new Map(pack.registries.map((r) => [r.id, compileDataSchema(newestPublished(r)!.schema)]));
    const households = all(2000);
    const ids = new Set(households.flatMap((h) => h.people.map((p) => p.idNumber)));
    for (const { records } of households) {
      for (const r of records) {
        const validate = validators.get(r.registry)!;
        assert.ok(validate(r.content), `${r.registry}: ${JSON.stringify(validate.errors)} ${JSON.stringify(r.content)}`);
        if (r.registry === 'family-relations') assert.ok(ids.has(r.content.personIdNumber as string) && ids.has(r.content.relativeIdNumber as string));
      }
    }
    const people = households.flatMap((h) => h.people);
    assert.ok(people.some((p) => /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(p.nameLatin)) && people.every((p) => p.name.length >= 2));
    for (const kind of ['spouse', 'child']) assert.ok(households.some((h) => h.records.some((r) => r.content.relation === kind)));
  });
});
