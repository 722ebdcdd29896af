import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { validatorFor, type SchemaPart } from './pack-schema.ts';
import { checkPackRules } from './pack-rules.ts';
import { checkBundleRules } from './bundle-rules.ts';
import { checkRegistryRules } from './registry-rules.ts';
import { checkCredentialTypeRules } from './credential-type-rules.ts';
import { checkDataServiceRules } from './data-service-rules.ts';
import { checkOperationsRules } from './operations-rules.ts';
import { PackInvalidError, type Pack, type PackError, type PackSource } from './pack.ts';

interface SourceFile { file: string; doc: Document; lines: LineCounter; value: unknown }

/**
 * Reads and validates a whole pack. Any error anywhere rejects the whole pack: a pack either
 * loads completely or not at all.
 */
export function loadPack(dir: string): Pack {
  const errors: PackError[] = [];
  const files = new Map<string, SourceFile>();
  const malformed = new Set<string>();
  const read = (rel: string, part: SchemaPart, required: boolean): unknown => {
    const abs = path.join(dir, rel);
    if (!fs.existsSync(abs)) {
      if (required) errors.push({ file: rel, path: '', message: 'this file is missing' });
      return undefined;
    }
    const lines = new LineCounter();
    const doc = parseDocument(fs.readFileSync(abs, 'utf8'), { lineCounter: lines, prettyErrors: false });
    for (const e of doc.errors) errors.push({ file: rel, line: lines.linePos(e.pos[0]).line, path: '', message: `not valid YAML: ${e.message.split('\n')[0]}` });
    if (doc.errors.length) {
      malformed.add(rel);
      return undefined;
    }
    const value = doc.toJS();
    files.set(rel, { file: rel, doc, lines, value });
    const validate = validatorFor(part);
    if (!validate(value)) {
      malformed.add(rel);
      for (const e of (validate.errors ?? []).filter((x) => x.keyword !== 'propertyNames')) {
        errors.push(at(files.get(rel)!, pointerToPath(e.instancePath), plainMessage(e)));
      }
    }
    return value;
  };
  const listDir = (sub: string) => fs.existsSync(path.join(dir, sub))
    ? fs.readdirSync(path.join(dir, sub)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `${sub}/${f}`)
    : [];

  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new PackInvalidError([{ file: dir, path: '', message: 'no pack folder here' }]);
  }
  const pack = {
    dir: path.resolve(dir),
    country: read('country.yaml', 'country', true),
    agencies: read('agencies.yaml', 'agencies', true) ?? [],
    staff: read('staff.yaml', 'staff', false) ?? [],
    residents: read('residents.yaml', 'residents', false) ?? [],
    services: listDir('services').map((f) => read(f, 'service', true)),
    bundles: listDir('bundles').map((f) => read(f, 'bundle', true)),
    registries: listDir('registries').map((f) => read(f, 'registry', true)),
    credentialTypes: listDir('credential-types').map((f) => read(f, 'credentialType', true)),
    dataServices: listDir('data-services').map((f) => read(f, 'dataService', true)),
    operations: read('operations.yaml', 'operations', false),
  } as Pack;
  // The rules compare files with each other: they run on every service whose own shape is right,
  // so one broken file does not hide the mistakes in the others.
  if (['country.yaml', 'agencies.yaml', 'staff.yaml', 'residents.yaml'].some((f) => malformed.has(f))) throw new PackInvalidError(errors);
  const serviceFiles = listDir('services');
  const wellFormed = serviceFiles.map((f, i) => ({ f, s: pack.services[i]! })).filter(({ f }) => !malformed.has(f));
  const source: PackSource = { errorAt: (file, p, message) => at(files.get(file)!, p, message) };
  errors.push(...checkPackRules({ ...pack, services: wellFormed.map((x) => x.s) }, wellFormed.map((x) => x.f), source));
  const bundles = listDir('bundles').map((f, i) => ({ f, b: pack.bundles[i]! })).filter(({ f }) => !malformed.has(f));
  errors.push(...checkBundleRules({ ...pack, bundles: bundles.map((x) => x.b) }, bundles.map((x) => x.f), source));
  const registries = listDir('registries').map((f, i) => ({ f, r: pack.registries[i]! })).filter(({ f }) => !malformed.has(f));
  errors.push(...checkRegistryRules({ ...pack, registries: registries.map((x) => x.r) }, registries.map((x) => x.f), source));
  const credentialTypes = listDir('credential-types').map((f, i) => ({ f, c: pack.credentialTypes[i]! })).filter(({ f }) => !malformed.has(f));
  if (!registries.some(({ f }) => malformed.has(f)) && registries.length === pack.registries.length) {
    errors.push(...checkCredentialTypeRules({ ...pack, credentialTypes: credentialTypes.map((x) => x.c) }, credentialTypes.map((x) => x.f), source));
  }
  const dataServices = listDir('data-services').map((f, i) => ({ f, d: pack.dataServices[i]! })).filter(({ f }) => !malformed.has(f));
  if (registries.length === pack.registries.length) {
    errors.push(...checkDataServiceRules(
      { ...pack, services: wellFormed.map((x) => x.s), dataServices: dataServices.map((x) => x.d) },
      { dataServices: dataServices.map((x) => x.f), services: wellFormed.map((x) => x.f) }, source));
  }
  if (pack.operations && !malformed.has('operations.yaml')) errors.push(...checkOperationsRules(pack, source));
  if (errors.length) throw new PackInvalidError(errors);
  return pack;
}

function at(src: SourceFile, jsonPath: (string | number)[], message: string): PackError {
  const node = src.doc.getIn(jsonPath, true);
  const offset = isNode(node) && node.range ? node.range[0] : undefined;
  return {
    file: src.file,
    ...(offset !== undefined ? { line: src.lines.linePos(offset).line } : {}),
    path: jsonPath.length ? `/${jsonPath.join('/')}` : '',
    message,
  };
}

export function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export interface AjvError { keyword: string; message?: string; params: Record<string, unknown>; propertyName?: string }

export function plainMessage(e: AjvError): string {
  if (e.propertyName !== undefined) return `"${e.propertyName}" is not a language code like ko or en`;
  switch (e.keyword) {
    case 'required': return `"${String(e.params.missingProperty)}" is missing`;
    case 'additionalProperties': return `"${String(e.params.additionalProperty)}" is not a known field here`;
    case 'enum': return `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`;
    case 'pattern': return `does not have the expected form (${String(e.params.pattern)})`;
    case 'type': return `must be ${String(e.params.type)}`;
    case 'oneOf': return 'must be null or a document with a title and validityDays';
    default: return e.message ?? e.keyword;
  }
}
