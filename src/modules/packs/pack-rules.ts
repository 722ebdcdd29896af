import { isValidIdNumber } from './id-number.ts';
import { compileDataSchema } from './pack-schema.ts';
import type { Pack, PackError, PackSource, Service } from './pack.ts';

type Path = (string | number)[];

/** The rules a pack must follow beyond the shape its JSON Schema checks: references, languages, forms. */
export function checkPackRules(pack: Pack, serviceFiles: string[], src: PackSource): PackError[] {
  const errors: PackError[] = [];
  const err = (file: string, p: Path, message: string) => errors.push(src.errorAt(file, p, message));
  const { country } = pack;
  const languages = country.languages;

  const checkTexts = (file: string, value: unknown) => {
    for (const t of untranslatedTexts(value, languages)) err(file, t.path, `the text has no ${t.missing.join(', ')} translation`);
  };

  checkTexts('country.yaml', country);
  checkTexts('agencies.yaml', pack.agencies);
  checkTexts('staff.yaml', pack.staff);
  if (!isValidIdNumber(country.idNumber.example, country.idNumber)) {
    err('country.yaml', ['idNumber', 'example'], 'the example ID number does not pass the pattern or its check digit');
  }
  const { algorithm, weights } = country.idNumber.checkDigit;
  if (algorithm === 'weighted-mod11' && !weights) err('country.yaml', ['idNumber', 'checkDigit'], 'weighted-mod11 needs "weights"');
  try {
    new Intl.DateTimeFormat('en', { timeZone: country.timeZone });
  } catch {
    err('country.yaml', ['timeZone'], `"${country.timeZone}" is not a known time zone`);
  }
  duplicates(country.categories.map((c) => c.id)).forEach((id) => err('country.yaml', ['categories'], `the category "${id}" is listed twice`));
  duplicates(country.lifeEvents.map((c) => c.id)).forEach((id) => err('country.yaml', ['lifeEvents'], `the life event "${id}" is listed twice`));

  const agencyIds = new Set(pack.agencies.map((a) => a.id));
  duplicates(pack.agencies.map((a) => a.id)).forEach((id) => err('agencies.yaml', [], `the agency "${id}" is listed twice`));

  duplicates(pack.staff.map((s) => s.email.toLowerCase())).forEach((email) => err('staff.yaml', [], `${email} is listed twice`));
  pack.staff.forEach((s, i) => {
    if (s.password && !country.demo) err('staff.yaml', [i, 'password'], 'only a demo pack may carry passwords; real staff set their own');
    s.roles.forEach((r, j) => {
      if (!agencyIds.has(r.agency)) err('staff.yaml', [i, 'roles', j, 'agency'], `there is no agency "${r.agency}"`);
    });
  });

  checkTexts('residents.yaml', pack.residents);
  duplicates(pack.residents.map((r) => r.idNumber)).forEach((id) => err('residents.yaml', [], `the ID number ${id} is listed twice`));
  pack.residents.forEach((r, i) => {
    if (!country.demo) err('residents.yaml', [i], 'only a demo pack may list residents; a real country connects its resident registry');
    if (!isValidIdNumber(r.idNumber, country.idNumber)) err('residents.yaml', [i, 'idNumber'], 'the ID number does not pass the pattern or its check digit');
  });

  const categories = new Set(country.categories.map((c) => c.id));
  const lifeEvents = new Set(country.lifeEvents.map((c) => c.id));
  duplicates(pack.services.map((s) => s.id)).forEach((id) => err('services', [], `the service "${id}" is defined twice`));
  pack.services.forEach((service, i) => {
    const file = serviceFiles[i]!;
    checkTexts(file, service);
    if (`services/${service.id}.yaml` !== file && `services/${service.id}.yml` !== file) err(file, ['id'], `the id "${service.id}" must match the file name`);
    if (!agencyIds.has(service.agency)) err(file, ['agency'], `there is no agency "${service.agency}"`);
    if (!categories.has(service.category)) err(file, ['category'], `there is no category "${service.category}" in country.yaml`);
    service.lifeEvents?.forEach((e, j) => {
      if (!lifeEvents.has(e)) err(file, ['lifeEvents', j], `there is no life event "${e}" in country.yaml`);
    });
    Object.keys(service.keywords ?? {}).forEach((lang) => {
      if (!languages.includes(lang)) err(file, ['keywords', lang], `"${lang}" is not a language of this pack`);
    });
    checkForm(service, (p, m) => err(file, ['form', ...p], m));
    checkWorkflow(service, (p, m) => err(file, ['workflow', ...p], m));
  });
  return errors;
}

/** Every text (an object of language codes) under `value` that lacks a language of the pack. */
export function untranslatedTexts(value: unknown, languages: string[], p: Path = []): { path: Path; missing: string[] }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => untranslatedTexts(v, languages, [...p, i]));
  if (!value || typeof value !== 'object') return [];
  const entries = Object.entries(value);
  const isText = entries.length > 0 && entries.every(([k, v]) => typeof v === 'string' && /^[a-z]{2,3}(-[A-Z]{2})?$/.test(k))
    && entries.some(([k]) => languages.includes(k));
  if (!isText) return entries.flatMap(([k, v]) => untranslatedTexts(v, languages, [...p, k]));
  const missing = languages.filter((l) => !(l in value));
  return missing.length ? [{ path: p, missing }] : [];
}

function checkForm(service: Service, err: (p: Path, message: string) => void): void {
  const { schema, layout } = service.form;
  try {
    compileDataSchema(schema);
  } catch (e) {
    err(['schema'], `not a valid JSON Schema: ${(e as Error).message}`);
  }
  const properties = schema.properties;
  const required = new Set(schema.required ?? []);
  const placed = new Map<string, Path>();
  const seenBefore = new Set<string>();
  layout.pages.forEach((page, pi) => page.sections.forEach((section, si) => section.fields.forEach((field, fi) => {
    const p: Path = ['layout', 'pages', pi, 'sections', si, 'fields', fi];
    const prop = properties[field.name];
    if (placed.has(field.name)) err(p, `"${field.name}" is placed twice`);
    placed.set(field.name, p);
    if (!prop) return err(p, `"${field.name}" is not a property of the form's schema`);
    const values = prop.enum as unknown[] | undefined;
    if (field.widget === 'radio' || field.widget === 'select') {
      if (!values) err(p, `a ${field.widget} field needs an "enum" in the schema`);
      values?.forEach((v) => {
        if (!field.options?.[String(v)]) err(p, `the option "${String(v)}" has no label`);
      });
    }
    if (field.widget === 'checkbox' && prop.type !== 'boolean') err(p, 'a checkbox field needs a boolean property');
    if (field.widget === 'file') {
      if (prop.type !== 'array') err(p, 'a file field needs an array property');
      if (!field.accept || !field.maxSizeMb || !field.maxFiles) err(p, 'a file field needs "accept", "maxSizeMb" and "maxFiles"');
    }
    if (field.showIf) {
      const target = properties[field.showIf.field];
      if (!seenBefore.has(field.showIf.field) || !target) err([...p, 'showIf'], `"${field.showIf.field}" must be a field placed before this one`);
      else if (Array.isArray(target.enum) && !target.enum.includes(field.showIf.equals)) {
        err([...p, 'showIf', 'equals'], `"${String(field.showIf.equals)}" is not a value "${field.showIf.field}" can take`);
      }
      if (required.has(field.name)) err(p, `"${field.name}" is shown only sometimes, so it cannot be required`);
    }
    seenBefore.add(field.name);
  })));
  Object.keys(properties).forEach((name) => {
    if (!placed.has(name)) err(['schema', 'properties', name], `"${name}" is not placed on any page of the layout`);
  });
  duplicates(layout.pages.map((p) => p.id)).forEach((id) => err(['layout', 'pages'], `the page "${id}" is listed twice`));
}

function checkWorkflow(service: Service, err: (p: Path, message: string) => void): void {
  const steps = service.workflow.steps;
  duplicates(steps.map((s) => s.id)).forEach((id) => err(['steps'], `the step "${id}" is listed twice`));
  if (steps[0]?.fourEyes) err(['steps', 0, 'fourEyes'], 'the first step has no earlier step to be checked against');
}

export function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(ids.filter((id) => seen.has(id) || !seen.add(id)))];
}
