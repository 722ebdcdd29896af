import { duplicates, untranslatedTexts } from './pack-rules.ts';
import { newestPublished } from './registry-rules.ts';
import type { DataService, Pack, PackError, PackSource, Prefill, Service } from './pack.ts';

type Path = (string | number)[];

/**
 * The rules a data service follows: its agency keeps its registry, it returns fields that registry
 * has, it matches residents on a subject field, and its consumers are agencies. A service that
 * names data services names real ones it is a consumer of.
 */
export function checkDataServiceRules(pack: Pack, files: { dataServices: string[]; services: string[] }, src: PackSource): PackError[] {
  const errors: PackError[] = [];
  const agencies = new Set(pack.agencies.map((a) => a.id));
  const registries = new Map(pack.registries.map((r) => [r.id, r]));
  duplicates(pack.dataServices.map((d) => d.id)).forEach((id) => errors.push(src.errorAt(files.dataServices[0]!, [], `the data service "${id}" is defined twice`)));
  pack.dataServices.forEach((ds, i) => {
    const file = files.dataServices[i]!;
    const err = (p: Path, message: string) => errors.push(src.errorAt(file, p, message));
    if (`data-services/${ds.id}.yaml` !== file && `data-services/${ds.id}.yml` !== file) err(['id'], `the id "${ds.id}" must match the file name`);
    for (const t of untranslatedTexts(ds, pack.country.languages)) err(t.path, `the text has no ${t.missing.join(', ')} translation`);
    if (!agencies.has(ds.agency)) err(['agency'], `there is no agency "${ds.agency}"`);
    ds.consumers.forEach((c, j) => {
      if (!agencies.has(c)) err(['consumers', j], `there is no agency "${c}"`);
    });
    const registry = registries.get(ds.registry);
    if (!registry) return err(['registry'], `there is no registry "${ds.registry}"`);
    if (registry.agency !== ds.agency) err(['registry'], `the registry "${ds.registry}" is kept by ${registry.agency}, not ${ds.agency}`);
    if (!registry.subjectFields.includes(ds.subjectField)) err(['subjectField'], `"${ds.subjectField}" is not a subject field of ${ds.registry} (${registry.subjectFields.join(', ')})`);
    const fields = newestPublished(registry)?.schema.properties ?? {};
    ds.returns.forEach((f, j) => {
      if (!(f in fields)) err(['returns', j], `"${f}" is not a field of ${ds.registry}'s published schema`);
    });
  });
  const byId = new Map(pack.dataServices.map((d) => [d.id, d]));
  pack.services.forEach((service, i) => service.dataFromOtherAgencies?.forEach((id, j) => {
    const ds = byId.get(id);
    const err = (message: string) => errors.push(src.errorAt(files.services[i]!, ['dataFromOtherAgencies', j], message));
    if (!ds) err(`there is no data service "${id}"`);
    else if (!ds.consumers.includes(service.agency)) err(`${service.agency} is not a consumer of the data service "${id}"`);
  }));
  pack.services.forEach((service, i) => service.prefill?.forEach((p, j) => {
    for (const [path, message] of prefillProblems(service, p, byId.get(p.from))) errors.push(src.errorAt(files.services[i]!, ['prefill', j, ...path], message));
  }));
  return errors;
}

/** A prefill reads fields its data service returns, from a data service the service takes, into fields of its page. */
function prefillProblems(service: Service, p: Prefill, ds: DataService | undefined): [Path, string][] {
  if (!service.dataFromOtherAgencies?.includes(p.from) || !ds) return [[['from'], `"${p.from}" is not among the service's dataFromOtherAgencies`]];
  const page = service.form.layout.pages.find((pg) => pg.id === p.page);
  if (!page) return [[['page'], `there is no page "${p.page}"`]];
  const onPage = new Set(page.sections.flatMap((s) => s.fields.map((f) => f.name)));
  const problems: [Path, string][] = [];
  const returned = (f: string) => ds.returns.includes(f);
  for (const f of Object.keys(p.where ?? {})) if (!returned(f)) problems.push([['where', f], `"${f}" is not a field ${ds.id} returns`]);
  if (p.youngerThan && !returned(p.youngerThan.field)) problems.push([['youngerThan', 'field'], `"${p.youngerThan.field}" is not a field ${ds.id} returns`]);
  for (const [to, from] of Object.entries(p.fills)) {
    if (!onPage.has(to)) problems.push([['fills', to], `"${to}" is not a field of the page "${p.page}"`]);
    if (!returned(from)) problems.push([['fills', to], `"${from}" is not a field ${ds.id} returns`]);
  }
  return problems;
}
