import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_PACK, copyOfDemoPack, packErrorsOf as errorsOf } from '../../../test/support/platform.ts';
import { loadPack } from '../packs/index.ts';

describe("the pack's operations.yaml", () => {
  it('gives service levels and costs', () => {
    const ops = loadPack(DEMO_PACK).operations!;
    assert.equal(ops.slo?.availability, 99.9);
    assert.equal(ops.slo?.services?.['passport-application']?.latencyP95Ms, 1000);
    assert.equal(ops.costs?.minServersStandalone, 2);
  });

  it('refuses an unknown service, a foreign currency and a missing cost, each by path', () => {
    const dir = copyOfDemoPack();
    const file = path.join(dir, 'operations.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('driving-licence-renewal:', 'flying-licence:').replace('currency: HGW', 'currency: EUR'));
    const errors = errorsOf(dir);
    assert.ok(errors.some((e) => e.file === 'operations.yaml' && e.path === '/slo/services/flying-licence' && e.message.includes('no service')), JSON.stringify(errors));
    assert.ok(errors.some((e) => e.path === '/costs/currency' && e.message.includes('HGW')), JSON.stringify(errors));
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n {2}centerServers: 4/, '').replace('availability: 99.9', 'availability: 140'));
    const shape = errorsOf(dir);
    assert.ok(shape.some((e) => e.path === '/costs' && e.message.includes('"centerServers" is missing')), JSON.stringify(shape));
    assert.ok(shape.some((e) => e.path === '/slo/availability'), JSON.stringify(shape));
  });
});
