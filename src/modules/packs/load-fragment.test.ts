import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadPack } from './load-pack.ts';
import { checkFragment, FragmentInvalidError, type FragmentError } from './load-fragment.ts';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const base = loadPack(path.join(ROOT, 'packs', 'demo'));
const FRAGMENT = fs.readFileSync(path.join(ROOT, 'packs', 'fragments', 'environment.yaml'), 'utf8');

const errorsOf = (text: string): FragmentError[] => {
  try {
    checkFragment(text, base);
  } catch (err) {
    if (err instanceof FragmentInvalidError) return err.errors;
    throw err;
  }
  assert.fail('the fragment was accepted');
};
const at = (errors: FragmentError[], p: string) => errors.filter((e) => e.path === p).map((e) => e.message);

const DATA_SERVICE = `dataServices:
  - id: waste-records
    agency: environment
    registry: waste-register
    title: { ko: 배출 기록, en: Waste records }
    subjectField: residentIdNumber
    returns: [items]
    consent: required
    legalBasis: { ko: 폐기물관리법, en: Waste Control Act }
    consumers: [nowhere]
quotas:`;

describe('an agency fragment, checked like a pack', () => {
  it('accepts the example and adds it to the pack', () => {
    const { fragment, merged } = checkFragment(FRAGMENT, base);
    assert.equal(fragment.agency.id, 'environment');
    assert.equal(merged.services.length, base.services.length + 1);
    assert.equal(merged.agencies.at(-1)?.id, 'environment');
  });

  it('names a YAML mistake by its line', () => {
    const [e] = errorsOf('agency:\n  id: [environment\n');
    assert.match(e!.message, /not valid YAML/);
    assert.ok(e!.line);
  });

  it('lists shape errors by path, with their lines', () => {
    const errors = errorsOf(FRAGMENT.replace('  requestsPerMinute: 600\n', '').replace('processingDays: 3', 'processingDays: soon'));
    assert.deepEqual(at(errors, 'quotas'), ['"requestsPerMinute" is missing']);
    assert.deepEqual(at(errors, 'services[0].processingDays'), ['must be integer']);
    assert.ok(errors.find((e) => e.path === 'services[0].processingDays')?.line);
  });

  it('runs the pack rules: a missing translation, a field not in the schema, a data service over a registry that is not there', () => {
    const errors = errorsOf(FRAGMENT.replace('title: { ko: 대형 폐기물 배출 신고, en: Bulky waste collection }', 'title: { ko: 대형 폐기물 배출 신고 }')
      .replace('- name: pickupAddress', '- name: pickupPlace')
      .replace('quotas:', DATA_SERVICE));
    assert.deepEqual(at(errors, 'services[0].title'), ['the text has no en translation']);
    assert.ok(at(errors, 'services[0].form.layout.pages[0].sections[0].fields[2]').some((m) => /"pickupPlace" is not a property/.test(m)));
    assert.deepEqual(at(errors, 'dataServices[0].registry'), ['there is no registry "waste-register"']);
    assert.deepEqual(at(errors, 'dataServices[0].consumers[0]'), ['there is no agency "nowhere"']);
  });

  it('speaks for its own agency only', () => {
    const errors = errorsOf(FRAGMENT.replace('    agency: environment\n    category', '    agency: tax\n    category')
      .replace("roles: [{ agency: environment, role: agency_admin }]", "roles: [{ agency: environment, role: agency_admin }]\n    platformRoles: [platform_operator]"));
    assert.deepEqual(at(errors, 'services[0].agency'), ['must be "environment", the agency this fragment adds']);
    assert.deepEqual(at(errors, 'staff[1].platformRoles'), ['a fragment cannot give platform roles']);
  });
});
