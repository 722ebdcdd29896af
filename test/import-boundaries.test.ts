/**
 * The layer rules `npm run lint` checks (.dependency-cruiser.js, docs/architecture.md): a copy of
 * src/ passes them, and the same copy with a cycle and each kind of boundary breach planted in it
 * is refused, each planted import named with its rule.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = path.join(import.meta.dirname, '..');
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

/** `depcruise src` in `dir`, as `npm run lint` runs it in the repository. */
function cruise(dir: string) {
  const run = spawnSync(process.execPath, [DEPCRUISE, 'src'], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

function plant(dir: string, file: string, line: string): void {
  const at = path.join(dir, file);
  fs.writeFileSync(at, `${line}\n${fs.readFileSync(at, 'utf8')}`);
}

describe('the import cycle and boundary check', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanaro-boundaries-'));
    fs.cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
    for (const file of ['.dependency-cruiser.js', 'tsconfig.json', 'package.json']) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes src/ as it is, and refuses a planted cycle, a reach into internals, the kernel importing a module and a module importing app.ts', { timeout: 120_000 }, () => {
    const clean = cruise(dir);
    assert.equal(clean.status, 0, clean.output);

    // packs is the floor every module reads: packs reading identity closes a cycle through identity's index.
    plant(dir, 'src/modules/packs/pack.ts', "import type { MandateCheck } from '../identity/index.ts';");
    plant(dir, 'src/modules/catalog/store.ts', "import '../agencies/store.ts';");
    plant(dir, 'src/platform/tenancy.ts', "import '../modules/agencies/index.ts';");
    plant(dir, 'src/modules/bundles/index.ts', "import '../../app.ts';");
    const planted = cruise(dir);

    assert.notEqual(planted.status, 0, 'the planted imports were accepted');
    const errors = planted.output.split('\n  error ');
    assert.ok(errors.some((e) => e.startsWith('no-circular:') && /src\/modules\/packs\/pack\.ts →\s+src\/modules\/identity\/index\.ts/.test(e)), 'the planted cycle is not named');
    assert.match(planted.output, /module-through-its-index: src\/modules\/catalog\/store\.ts → src\/modules\/agencies\/store\.ts/);
    assert.match(planted.output, /kernel-imports-no-module: src\/platform\/tenancy\.ts → src\/modules\/agencies\/index\.ts/);
    assert.match(planted.output, /modules-not-above-app: src\/modules\/bundles\/index\.ts → src\/app\.ts/);
  });
});
