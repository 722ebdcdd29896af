import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DEMO_PACK, copyOfDemoPack, packErrorsOf as errorsOf } from '../../../test/support/platform.ts';
import { loadPack } from './load-pack.ts';
import { PackInvalidError } from './pack.ts';

function edit(dir: string, file: string, from: string | RegExp, to: string) {
  const p = path.join(dir, file);
  const text = fs.readFileSync(p, 'utf8');
  const changed = text.replace(from, to);
  assert.notEqual(changed, text, `the edit of ${file} changed nothing`);
  fs.writeFileSync(p, changed);
}

describe('country packs', () => {
  it('loads the demo pack: ≥ 6 agencies, ≥ 20 services, Korean and English everywhere', () => {
    const pack = loadPack(DEMO_PACK);
    assert.deepEqual(pack.country.languages, ['ko', 'en']);
    assert.ok(pack.agencies.length >= 6);
    assert.ok(pack.services.length >= 20);
    for (const s of pack.services) {
      assert.ok(pack.agencies.some((a) => a.id === s.agency), s.id);
      assert.ok(s.title.ko && s.title.en, s.id);
    }
  });

  it('reports every error with its file, line, path and a plain message', () => {
    const dir = copyOfDemoPack();
    edit(dir, 'services/passport-application.yaml', /^agency: foreign$/m, 'agency: ministry-of-nothing');
    edit(dir, 'services/building-permit.yaml', /^processingDays: .*$/m, 'processingDays: soon');
    edit(dir, 'agencies.yaml', 'en: "National Police Agency"', 'fr: "Police nationale"');
    const errors = errorsOf(dir);
    const find = (file: string, needle: RegExp) => errors.find((e) => e.file === file && needle.test(e.message));
    const agency = find('services/passport-application.yaml', /no agency "ministry-of-nothing"/);
    assert.ok(agency, JSON.stringify(errors, null, 1));
    assert.equal(agency.path, '/agency');
    assert.equal(agency.line, 2);
    const days = find('services/building-permit.yaml', /must be integer/);
    assert.ok(days);
    assert.equal(days.path, '/processingDays');
    assert.ok(days.line && days.line > 1);
    assert.ok(find('agencies.yaml', /no en translation/), 'a missing translation is named');
  });

  it('checks the forms: every property placed, conditions that can be met, option labels', () => {
    const dir = copyOfDemoPack();
    edit(dir, 'services/resident-registration-certificate.yaml', 'showIf: { field: purpose, equals: other }', 'showIf: { field: purpose, equals: moon }');
    edit(dir, 'services/resident-registration-certificate.yaml', '                  court: { ko: 법원, en: Court }\n', '');
    const messages = errorsOf(dir).map((e) => `${e.path}: ${e.message}`);
    assert.ok(messages.some((m) => /"moon" is not a value "purpose" can take/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /the option "court" has no label/.test(m)), messages.join('\n'));
  });

  it('checks the ID-number example against its check digit', () => {
    const dir = copyOfDemoPack();
    edit(dir, 'country.yaml', 'example: "900101-1234568"', 'example: "900101-1234567"');
    assert.ok(errorsOf(dir).some((e) => e.path === '/idNumber/example'));
  });

  it('refuses passwords in a pack that is not a demo', () => {
    const dir = copyOfDemoPack();
    edit(dir, 'country.yaml', 'demo: true', 'demo: false');
    assert.ok(errorsOf(dir).some((e) => e.file === 'staff.yaml' && /only a demo pack/.test(e.message)));
  });

  it('names broken YAML with its line', () => {
    const dir = copyOfDemoPack();
    fs.appendFileSync(path.join(dir, 'agencies.yaml'), '\n- id: [unclosed\n');
    const [first] = errorsOf(dir);
    assert.equal(first?.file, 'agencies.yaml');
    assert.match(first!.message, /not valid YAML/);
    assert.ok(first?.line);
  });

  it('checks data services: the agency keeps the registry, fields it has, a subject field, agencies as consumers', () => {
    const pack = loadPack(DEMO_PACK);
    assert.ok(pack.dataServices.length >= 6);
    const residence = pack.dataServices.find((d) => d.id === 'proof-of-residence');
    assert.ok(residence?.consumers.includes('welfare'));
    assert.deepEqual(pack.services.find((s) => s.id === 'child-allowance')?.dataFromOtherAgencies, ['proof-of-residence', 'family-relations']);

    const dir = copyOfDemoPack();
    edit(dir, 'data-services/vehicle-ownership.yaml', /^agency: land$/m, 'agency: tax');
    edit(dir, 'data-services/proof-of-residence.yaml', 'returns: [name, household, address, addressHistory]', 'returns: [name, shoeSize]');
    edit(dir, 'data-services/family-relations.yaml', 'subjectField: personIdNumber', 'subjectField: relation');
    edit(dir, 'data-services/income-tax-status.yaml', 'consumers: [welfare, land]', 'consumers: [welfare, ministry-of-magic]');
    edit(dir, 'data-services/driving-licence-status.yaml', 'consent: required', 'consent: maybe');
    const errors = errorsOf(dir);
    const find = (file: string, p: string, needle: RegExp) => errors.find((e) => e.file === `data-services/${file}.yaml` && e.path === p && needle.test(e.message));
    const all = JSON.stringify(errors, null, 1);
    assert.ok(find('vehicle-ownership', '/registry', /kept by land, not tax/), all);
    assert.ok(find('proof-of-residence', '/returns/1', /"shoeSize" is not a field of residents/), all);
    assert.ok(find('family-relations', '/subjectField', /not a subject field/), all);
    assert.ok(find('income-tax-status', '/consumers/1', /no agency "ministry-of-magic"/), all);
    assert.ok(find('driving-licence-status', '/consent', /must be one of: required, legal-duty/), all);
    assert.equal(errors.filter((e) => e.file.startsWith('data-services/')).length, 5, all);
  });

  it('gives every personal field and every field a data service returns a title, and titles only fields the schema has', () => {
    const pack = loadPack(DEMO_PACK);
    const residents = pack.registries.find((r) => r.id === 'residents');
    assert.deepEqual(residents?.fieldTitles?.address, { ko: '주소', en: 'Address' });
    assert.deepEqual(pack.registries.find((r) => r.id === 'family-relations')?.valueTitles?.relation?.spouse, { ko: '배우자', en: 'Spouse' });

    const dir = copyOfDemoPack();
    edit(dir, 'registries/residents.yaml', '  address: { ko: 주소, en: Address }\n', '');
    edit(dir, 'registries/income-tax.yaml', '  annualIncome: { ko: 연 소득금액, en: Annual income }\n', '');
    edit(dir, 'registries/vehicles.yaml', '  fuel: { ko: 연료, en: Fuel }\n', '  fuel: { ko: 연료, en: Fuel }\n  colour: { ko: 색상, en: Colour }\n');
    edit(dir, 'registries/family-relations.yaml', '    child: { ko: 자녀, en: Child }', '    cousin: { ko: 사촌, en: Cousin }');
    edit(dir, 'registries/health-insurance.yaml', 'type: { ko: 가입 유형, en: Insurance type }', 'type: { ko: 가입 유형 }');
    const errors = errorsOf(dir);
    const find = (file: string, p: string, needle: RegExp) => errors.find((e) => e.file === `registries/${file}.yaml` && e.path === p && needle.test(e.message));
    const all = JSON.stringify(errors, null, 1);
    assert.ok(find('residents', '/personalFields', /the personal field "address" has no title/), all);
    assert.ok(find('income-tax', '/fieldTitles', /"annualIncome", which the data service "income-tax-status" returns, has no title/), all);
    assert.ok(find('vehicles', '/fieldTitles/colour', /"colour" has a title but no version's schema has a field "colour"/), all);
    assert.ok(find('family-relations', '/valueTitles/relation/cousin', /"cousin" is not a value "relation" can take/), all);
    assert.ok(find('family-relations', '/valueTitles/relation', /the value "child" of "relation" has no title/), all);
    assert.ok(find('health-insurance', '/fieldTitles/type', /no en translation/), all);
    assert.equal(errors.length, 6, all);
    assert.match(new PackInvalidError(errors).message, /registries\/vehicles\.yaml:\d+ \/fieldTitles\/colour: "colour" has a title/);
  });

  it('checks that a service takes data only from data services it may call', () => {
    const dir = copyOfDemoPack();
    edit(dir, 'services/child-allowance.yaml', 'dataFromOtherAgencies: [proof-of-residence, family-relations]', 'dataFromOtherAgencies: [proof-of-residence, driving-licence-status, proof-of-love]');
    const errors = errorsOf(dir).filter((e) => e.file === 'services/child-allowance.yaml');
    const all = JSON.stringify(errors, null, 1);
    assert.ok(errors.some((e) => e.path === '/dataFromOtherAgencies/2' && /no data service "proof-of-love"/.test(e.message)), all);
    assert.ok(!errors.some((e) => e.path === '/dataFromOtherAgencies/0'), all);
    edit(dir, 'data-services/driving-licence-status.yaml', 'consumers: [land, welfare]', 'consumers: [land]');
    const later = errorsOf(dir).filter((e) => e.file === 'services/child-allowance.yaml');
    assert.ok(later.some((e) => e.path === '/dataFromOtherAgencies/1' && /welfare is not a consumer of the data service "driving-licence-status"/.test(e.message)), JSON.stringify(later));
  });

  it('`hanaro pack validate` lists the errors and exits non-zero; a good pack exits 0', () => {
    const dir = copyOfDemoPack();
    edit(dir, 'services/passport-application.yaml', /^agency: foreign$/m, 'agency: nowhere');
    const cli = (packDir: string) => spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'pack', 'validate', packDir], { encoding: 'utf8' });
    const bad = cli(dir);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /services\/passport-application\.yaml:2 \/agency: there is no agency "nowhere"/);
    const good = cli(DEMO_PACK);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /valid country pack: 7 agencies, 24 services/);
  });
});
