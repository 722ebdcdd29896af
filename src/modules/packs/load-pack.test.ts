import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DEMO_PACK, copyOfDemoPack } from '../../../test/support/platform.ts';
import { loadPack } from './load-pack.ts';
import { PackInvalidError, type PackError } from './pack.ts';

function errorsOf(dir: string): PackError[] {
  try {
    loadPack(dir);
  } catch (err) {
    if (err instanceof PackInvalidError) return err.errors;
    throw err;
  }
  assert.fail('the pack was accepted');
}

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
