import { duplicates, untranslatedTexts } from './pack-rules.ts';
import type { Bundle, FormField, Pack, PackError, PackSource, Service } from './pack.ts';

type Path = (string | number)[];

/** What a shared answer must agree on in every service it fills: the same kind of value, read and checked the same way. */
const SAME = ['type', 'enum', 'format', 'pattern', 'items'] as const;

/** The rules a bundle follows: its services exist, and each shared question fills a real, compatible field of its members. */
export function checkBundleRules(pack: Pack, bundleFiles: string[], src: PackSource): PackError[] {
  const errors: PackError[] = [];
  const services = new Map(pack.services.map((s) => [s.id, s]));
  const lifeEvents = new Set(pack.country.lifeEvents.map((e) => e.id));
  duplicates(pack.bundles.map((b) => b.id)).forEach((id) => errors.push(src.errorAt(bundleFiles[0]!, [], `the bundle "${id}" is defined twice`)));
  pack.bundles.forEach((bundle, i) => {
    const file = bundleFiles[i]!;
    const err = (p: Path, message: string) => errors.push(src.errorAt(file, p, message));
    if (`bundles/${bundle.id}.yaml` !== file && `bundles/${bundle.id}.yml` !== file) err(['id'], `the id "${bundle.id}" must match the file name`);
    for (const t of untranslatedTexts(bundle, pack.country.languages)) err(t.path, `the text has no ${t.missing.join(', ')} translation`);
    if (bundle.lifeEvent && !lifeEvents.has(bundle.lifeEvent)) err(['lifeEvent'], `there is no life event "${bundle.lifeEvent}" in country.yaml`);
    bundle.services.forEach((id, j) => {
      if (!services.has(id)) err(['services', j], `there is no service "${id}"`);
    });
    checkShared(bundle, services, err);
  });
  return errors;
}

function checkShared(bundle: Bundle, services: Map<string, Service>, err: (p: Path, message: string) => void): void {
  duplicates(bundle.shared.map((q) => q.name)).forEach((name) => err(['shared'], `the shared question "${name}" is listed twice`));
  const filled = new Set<string>();
  bundle.shared.forEach((question, qi) => {
    let first: { field: FormField; property: Record<string, unknown>; at: string } | undefined;
    for (const [serviceId, fieldName] of Object.entries(question.fields)) {
      const p: Path = ['shared', qi, 'fields', serviceId];
      const service = services.get(serviceId);
      if (!bundle.services.includes(serviceId)) { err(p, `"${serviceId}" is not one of the bundle's services`); continue; }
      if (!service) continue;
      const field = fieldOf(service, fieldName);
      const property = service.form.schema.properties[fieldName];
      if (!field || !property) { err(p, `the service "${serviceId}" has no form field "${fieldName}"`); continue; }
      if (filled.has(`${serviceId}/${fieldName}`)) err(p, `"${fieldName}" of "${serviceId}" is filled by two shared questions`);
      filled.add(`${serviceId}/${fieldName}`);
      if (field.widget === 'file') err(p, 'a file belongs to one application and cannot be shared');
      if (field.showIf) err(p, `"${fieldName}" of "${serviceId}" is asked only sometimes, so it cannot be shared`);
      if (!first) { first = { field, property, at: `"${fieldName}" of "${serviceId}"` }; continue; }
      const differs = field.widget !== first.field.widget ? ['widget'] : SAME.filter((k) => JSON.stringify(canonical(property[k])) !== JSON.stringify(canonical(first!.property[k])));
      if (differs.length) err(p, `"${fieldName}" of "${serviceId}" does not take the same answer as ${first.at} (${differs.join(', ')} differ)`);
    }
  });
}

function fieldOf(service: Service, name: string): FormField | undefined {
  return service.form.layout.pages.flatMap((p) => p.sections.flatMap((s) => s.fields)).find((f) => f.name === name);
}

/** Enum values in any order are the same set of answers. */
function canonical(value: unknown): unknown {
  return Array.isArray(value) ? [...value].map(String).sort() : value;
}
