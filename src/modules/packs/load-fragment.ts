import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { validatorFor } from './pack-schema.ts';
import { checkPackRules } from './pack-rules.ts';
import { checkRegistryRules } from './registry-rules.ts';
import { checkDataServiceRules } from './data-service-rules.ts';
import { checkBundleRules } from './bundle-rules.ts';
import { checkCredentialTypeRules } from './credential-type-rules.ts';
import { plainMessage, pointerToPath } from './load-pack.ts';
import type { Agency, CredentialType, DataService, Pack, PackError, PackSource, Registry, Service, StaffMember } from './pack.ts';

/** Requests per minute for the agency's API calls and office pages, and bytes of files and documents it may keep. */
export interface AgencyQuotas { requestsPerMinute: number; storageBytes: number }

/** One agency added to a running platform: its staff, services, registries, data services, mobile credentials and quotas. */
export interface AgencyFragment {
  agency: Agency;
  staff: StaffMember[];
  services: Service[];
  registries: Registry[];
  dataServices: DataService[];
  credentialTypes: CredentialType[];
  quotas: AgencyQuotas;
}

type Path = (string | number)[];

/** A mistake in a fragment, at a path written the way people read it: `services[0].form.layout.pages[1]`. */
export interface FragmentError { path: string; line?: number; message: string }

export class FragmentInvalidError extends Error {
  constructor(readonly errors: FragmentError[]) {
    super(`The agency fragment has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${errors.map(formatFragmentError).join('\n')}`);
  }
}

export function formatFragmentError(e: FragmentError): string {
  return `  ${e.path || '(the fragment)'}${e.line ? ` (line ${e.line})` : ''}: ${e.message}`;
}

export function readablePath(p: Path): string {
  return p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/**
 * Checks a fragment's text exactly as a pack is checked: its shape by the pack's JSON Schema, then
 * the pack's rules over `base` (the pack already loaded) with the fragment added, so a service must
 * name a category of the country and a data service a registry that exists. Returns the fragment and
 * the pack with it; any error rejects the whole fragment.
 */
export function checkFragment(text: string, base: Pack): { fragment: AgencyFragment; merged: Pack } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    throw new FragmentInvalidError(doc.errors.map((e) => ({ path: '', line: lines.linePos(e.pos[0]).line, message: `not valid YAML: ${e.message.split('\n')[0]}` })));
  }
  const errorAt = (p: Path, message: string): FragmentError => {
    const line = lineOf(doc, lines, p);
    return { path: readablePath(p), ...(line ? { line } : {}), message };
  };
  const value = doc.toJS() as unknown;
  const validate = validatorFor('fragment');
  if (!validate(value)) {
    throw new FragmentInvalidError((validate.errors ?? []).filter((x) => x.keyword !== 'propertyNames').map((e) => errorAt(pointerToPath(e.instancePath), plainMessage(e))));
  }
  const raw = value as Partial<AgencyFragment> & Pick<AgencyFragment, 'agency' | 'quotas'>;
  const fragment: AgencyFragment = { staff: [], services: [], registries: [], dataServices: [], credentialTypes: [], ...raw };
  const merged = withFragments(base, [fragment]);
  const errors = [...ownAgencyOnly(fragment, errorAt), ...checkMergedRules(merged, base, fragment, errorAt)];
  if (errors.length) throw new FragmentInvalidError(errors);
  return { fragment, merged };
}

/** A fragment speaks for its own agency only: it cannot give roles in another agency, nor platform roles. */
function ownAgencyOnly(f: AgencyFragment, errorAt: (p: Path, message: string) => FragmentError): FragmentError[] {
  const errors: FragmentError[] = [];
  const id = f.agency.id;
  const mine = (what: { agency: string }[], key: string) => what.forEach((x, i) => {
    if (x.agency !== id) errors.push(errorAt([key, i, 'agency'], `must be "${id}", the agency this fragment adds`));
  });
  mine(f.services, 'services');
  mine(f.registries, 'registries');
  mine(f.dataServices, 'dataServices');
  mine(f.credentialTypes, 'credentialTypes');
  f.staff.forEach((s, i) => {
    s.roles.forEach((r, j) => {
      if (r.agency !== id) errors.push(errorAt(['staff', i, 'roles', j, 'agency'], `must be "${id}": a fragment gives roles in its own agency only`));
    });
    if (s.platformRoles?.length) errors.push(errorAt(['staff', i, 'platformRoles'], 'a fragment cannot give platform roles'));
  });
  return errors;
}

/** The pack with the agencies of `fragments` added to it, as the platform serves it. */
export function withFragments(pack: Pack, fragments: readonly AgencyFragment[]): Pack {
  return {
    ...pack,
    agencies: [...pack.agencies, ...fragments.map((f) => f.agency)],
    staff: [...pack.staff, ...fragments.flatMap((f) => f.staff)],
    services: [...pack.services, ...fragments.flatMap((f) => f.services)],
    registries: [...pack.registries, ...fragments.flatMap((f) => f.registries)],
    dataServices: [...pack.dataServices, ...fragments.flatMap((f) => f.dataServices)],
    // Fragments kept before fragments could carry credential types have none.
    credentialTypes: [...pack.credentialTypes, ...fragments.flatMap((f) => f.credentialTypes ?? [])],
  };
}

/**
 * Runs the pack's rules over the merged pack, naming each file the way the rules expect, and turns
 * an error in the fragment's part back into the fragment's path; an error in the base pack's own
 * files (only a clash with the fragment can cause one) is reported at the fragment's root.
 */
function checkMergedRules(merged: Pack, base: Pack, fragment: AgencyFragment, errorAt: (p: Path, message: string) => FragmentError): FragmentError[] {
  const fragmentFiles = new Map<string, Path>();
  const name = (dir: string, id: string, p: Path) => {
    const file = `${dir}/${id}.yaml`;
    if (!fragmentFiles.has(file)) fragmentFiles.set(file, p);
    return file;
  };
  const services = [...base.services.map((s) => `services/${s.id}.yaml`), ...fragment.services.map((s, i) => name('services', s.id, ['services', i]))];
  const registries = [...base.registries.map((r) => `registries/${r.id}.yaml`), ...fragment.registries.map((r, i) => name('registries', r.id, ['registries', i]))];
  const dataServices = [...base.dataServices.map((d) => `data-services/${d.id}.yaml`), ...fragment.dataServices.map((d, i) => name('data-services', d.id, ['dataServices', i]))];
  const credentialTypes = [...base.credentialTypes.map((c) => `credential-types/${c.id}.yaml`), ...fragment.credentialTypes.map((c, i) => name('credential-types', c.id, ['credentialTypes', i]))];
  const source: PackSource = {
    errorAt: (file, p, message): PackError => {
      const inFragment = fragmentPath(file, p);
      const e = inFragment ? errorAt(inFragment, message) : { path: '', message: `${message} (${file}${p.length ? ` /${p.join('/')}` : ''} of the pack)` };
      return { file, path: e.path, message: e.message, ...(e.line ? { line: e.line } : {}) };
    },
  };
  const fragmentPath = (file: string, p: Path): Path | null => {
    const own = fragmentFiles.get(file);
    if (own) return [...own, ...p];
    if (file === 'services') return ['services'];
    if (file === 'agencies.yaml' && p[0] === base.agencies.length) return ['agency', ...p.slice(1)];
    if (file === 'agencies.yaml' && p.length === 0) return ['agency', 'id'];
    if (file === 'staff.yaml' && typeof p[0] === 'number' && p[0] >= base.staff.length) return ['staff', p[0] - base.staff.length, ...p.slice(1)];
    if (file === 'staff.yaml' && p.length === 0) return ['staff'];
    return null;
  };
  const errors = [
    ...checkPackRules(merged, services, source),
    ...checkRegistryRules(merged, registries, source),
    ...checkDataServiceRules(merged, { dataServices, services }, source),
    ...checkBundleRules(merged, base.bundles.map((b) => `bundles/${b.id}.yaml`), source),
    ...checkCredentialTypeRules(merged, credentialTypes, source),
  ];
  // The country's own texts and the base pack's files were checked when the pack loaded; only what the fragment brings is news.
  const baseOnly = new Set(['country.yaml', 'residents.yaml']);
  return errors.filter((e) => !baseOnly.has(e.file)).map((e) => ({ path: e.path, ...(e.line ? { line: e.line } : {}), message: e.message }));
}

function lineOf(doc: Document, lines: LineCounter, p: Path): number | undefined {
  const node = doc.getIn(p, true);
  return isNode(node) && node.range ? lines.linePos(node.range[0]).line : undefined;
}
