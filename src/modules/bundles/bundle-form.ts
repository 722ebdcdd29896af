import type { Bundle, Service, Text } from '../packs/index.ts';

type EForm = Service['form'];
type FormPage = EForm['layout']['pages'][number];
type FormField = FormPage['sections'][number]['fields'][number];
type Answer = string | number | boolean | string[];
type Answers = Record<string, Answer>;

/** The page of shared questions, always the first of a bundle's form. */
export const SHARED_PAGE = 'shared';
const SEPARATOR = '__';

/**
 * The name a member service's field has in the bundle's form: the shared question's name when the
 * bundle shares it by design, otherwise the service's id before it, so two services' fields never clash.
 */
export function bundleFieldName(bundle: Bundle, serviceId: string, field: string): string {
  return bundle.shared.find((q) => q.fields[serviceId] === field)?.name ?? `${serviceId}${SEPARATOR}${field}`;
}

/** The member service and its own field name behind a non-shared field or page of the bundle's form. */
export function memberOf(name: string): { serviceId: string; name: string } | undefined {
  const at = name.indexOf(SEPARATOR);
  return at > 0 ? { serviceId: name.slice(0, at), name: name.slice(at + SEPARATOR.length) } : undefined;
}

/**
 * One eForm for the whole bundle: the shared questions first, then each member service's own
 * questions, page by page. A shared answer must satisfy every service it fills (allOf their schemas).
 */
export function bundleForm(bundle: Bundle, services: Service[]): EForm {
  const properties: EForm['schema']['properties'] = {};
  const required: string[] = [];
  const sharedFields: FormField[] = [];
  for (const q of bundle.shared) {
    const members = services.filter((s) => q.fields[s.id] !== undefined);
    const [first, ...rest] = members.map((s) => s.form.schema.properties[q.fields[s.id]!] ?? {});
    const template = fieldOf(members[0]!, q.fields[members[0]!.id]!);
    properties[q.name] = rest.length ? { ...first, allOf: rest } : { ...first };
    if (members.some((s) => s.form.schema.required?.includes(q.fields[s.id]!))) required.push(q.name);
    sharedFields.push({ ...withoutHint(template), name: q.name, label: q.label, ...(q.hint ? { hint: q.hint } : {}) });
  }
  const pages: FormPage[] = [{ id: SHARED_PAGE, title: bundle.sharedTitle, sections: [{ fields: sharedFields }] }];
  for (const service of services) {
    const rename = (field: string) => bundleFieldName(bundle, service.id, field);
    for (const [name, property] of Object.entries(service.form.schema.properties)) {
      if (memberOf(rename(name))) properties[rename(name)] = property;
    }
    for (const name of service.form.schema.required ?? []) if (memberOf(rename(name))) required.push(rename(name));
    for (const page of service.form.layout.pages) {
      const sections = page.sections.map((section) => ({
        ...section,
        fields: section.fields.filter((f) => memberOf(rename(f.name))).map((f) => ({
          ...f, name: rename(f.name), ...(f.showIf ? { showIf: { ...f.showIf, field: rename(f.showIf.field) } } : {}),
        })),
      })).filter((s) => s.fields.length > 0);
      if (sections.length) pages.push({ ...page, id: `${service.id}${SEPARATOR}${page.id}`, title: pageTitle(page.title, service.title), sections });
    }
  }
  return { schema: { type: 'object', required, properties }, layout: { pages } };
}

/** The answers each member service gets from the bundle's answers, under its own field names. */
export function splitAnswers(bundle: Bundle, services: Service[], answers: Answers): Map<string, Answers> {
  const out = new Map<string, Answers>();
  for (const service of services) {
    const own: Answers = {};
    for (const name of Object.keys(service.form.schema.properties)) {
      const value = answers[bundleFieldName(bundle, service.id, name)];
      if (value !== undefined) own[name] = value;
    }
    out.set(service.id, own);
  }
  return out;
}

function fieldOf(service: Service, name: string): FormField {
  return service.form.layout.pages.flatMap((p) => p.sections.flatMap((s) => s.fields)).find((f) => f.name === name)!;
}

function withoutHint(field: FormField): FormField {
  const rest = { ...field };
  delete rest.hint;
  return rest;
}

/** "Payment (Apply for child allowance)": several services ask about a child or a bank account. */
function pageTitle(page: Text, service: Text): Text {
  return Object.fromEntries(Object.entries(page).map(([lang, text]) => [lang, `${text} (${service[lang] ?? ''})`]));
}
