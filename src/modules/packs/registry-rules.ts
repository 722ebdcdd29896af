import type { PackSource } from './load-pack.ts';
import { isValidIdNumber } from './id-number.ts';
import { compileDataSchema } from './pack-schema.ts';
import { duplicates, untranslatedTexts } from './pack-rules.ts';
import type { Pack, PackError, Registry } from './pack.ts';

type Path = (string | number)[];

/**
 * The rules a registry follows: its agency exists, every named field is in every version's schema,
 * each version's schema compiles, and demo records fit the newest published version and name real residents.
 */
export function checkRegistryRules(pack: Pack, registryFiles: string[], src: PackSource): PackError[] {
  const errors: PackError[] = [];
  const agencies = new Set(pack.agencies.map((a) => a.id));
  const residents = new Set(pack.residents.map((r) => r.idNumber));
  duplicates(pack.registries.map((r) => r.id)).forEach((id) => errors.push(src.errorAt(registryFiles[0]!, [], `the registry "${id}" is defined twice`)));
  pack.registries.forEach((registry, i) => {
    const file = registryFiles[i]!;
    const err = (p: Path, message: string) => errors.push(src.errorAt(file, p, message));
    if (`registries/${registry.id}.yaml` !== file && `registries/${registry.id}.yml` !== file) err(['id'], `the id "${registry.id}" must match the file name`);
    if (!agencies.has(registry.agency)) err(['agency'], `there is no agency "${registry.agency}"`);
    const { versions, records, ...described } = registry;
    for (const t of untranslatedTexts(described, pack.country.languages)) err(t.path, `the text has no ${t.missing.join(', ')} translation`);
    duplicates(versions.map((v) => v.version)).forEach((v) => err(['versions'], `the version ${v} is listed twice`));
    versions.forEach((version, j) => checkFieldsNamed(registry, version.schema.properties, (p, m) => err(['versions', j, ...p], m)));
    const newest = newestPublished(registry);
    if (!newest) err(['versions'], 'at least one version must be published');
    if (!records?.length || !newest) return;
    if (!pack.country.demo) err(['records'], 'only a demo pack may list records; a real registry is filled through its API');
    let validate;
    try {
      validate = compileDataSchema(newest.schema);
    } catch (e) {
      err(['versions', versions.indexOf(newest), 'schema'], `the schema does not compile: ${(e as Error).message}`);
      return;
    }
    records.forEach((record, j) => {
      if (!validate(record)) err(['records', j], `does not fit version ${newest.version}: ${validate.errors?.[0]?.instancePath || '/'} ${validate.errors?.[0]?.message ?? ''}`);
      for (const field of registry.subjectFields) {
        const id = record[field];
        if (typeof id === 'string' && (!isValidIdNumber(id, pack.country.idNumber) || !residents.has(id))) err(['records', j, field], `${id} is not a resident of residents.yaml`);
      }
    });
  });
  return errors;
}

function checkFieldsNamed(registry: Registry, properties: Record<string, unknown>, err: (p: Path, message: string) => void): void {
  const lists = { keyFields: registry.keyFields, subjectFields: registry.subjectFields, personalFields: registry.personalFields, secretFields: registry.secretFields ?? [] };
  for (const [list, fields] of Object.entries(lists)) {
    for (const field of fields) if (!(field in properties)) err(['schema', 'properties'], `${list} names "${field}", which this version's schema does not have`);
  }
}

/** The version new records go to: the newest published one. */
export function newestPublished(registry: Pick<Registry, 'versions'>): Registry['versions'][number] | undefined {
  const byNumber = (v: string) => v.split('.').map(Number) as [number, number];
  return registry.versions.filter((v) => v.status === 'published')
    .sort((a, b) => byNumber(b.version)[0] - byNumber(a.version)[0] || byNumber(b.version)[1] - byNumber(a.version)[1])[0];
}
