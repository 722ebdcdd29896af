import type { Country, Service } from '../../packs/index.ts';

export type EForm = Service['form'];
export type FormPage = EForm['layout']['pages'][number];
export type FormField = FormPage['sections'][number]['fields'][number];
export type IdNumberRule = Country['idNumber'];

/** One answer as stored in a draft: typed per the form's JSON Schema. */
export type Answer = string | number | boolean | string[];
export type Answers = Record<string, Answer>;
/** What a person typed that did not become a value (e.g. "12a" in a number field), by field name. */
export type RawValues = Record<string, string>;

export function pageById(form: EForm, pageId: string): FormPage | undefined {
  return form.layout.pages.find((p) => p.id === pageId);
}

export function fieldsOf(page: FormPage): FormField[] {
  return page.sections.flatMap((s) => s.fields);
}

export function allFields(form: EForm): FormField[] {
  return form.layout.pages.flatMap(fieldsOf);
}

export function findField(form: EForm, name: string): FormField | undefined {
  return allFields(form).find((f) => f.name === name);
}

export function pageOfField(form: EForm, name: string): FormPage | undefined {
  return form.layout.pages.find((p) => fieldsOf(p).some((f) => f.name === name));
}

export function propertyOf(form: EForm, name: string): Record<string, unknown> {
  return form.schema.properties[name] ?? {};
}

export function isRequired(form: EForm, name: string): boolean {
  return form.schema.required?.includes(name) ?? false;
}

/** A multi-choice checkbox list: a checkbox field whose property is an array of options. */
export function isMultiChoice(form: EForm, field: FormField): boolean {
  return field.widget === 'checkbox' && propertyOf(form, field.name).type === 'array';
}

/** Whether a field's showIf condition holds; a field without one always shows. */
export function conditionHolds(field: FormField, answers: Answers): boolean {
  if (!field.showIf) return true;
  const value = answers[field.showIf.field];
  const wanted = field.showIf.equals;
  if (wanted === false) return value === false || value === undefined;
  return value === wanted;
}

/**
 * The answers with every field whose showIf condition is false removed. Fields are taken in
 * layout order, so a field that depends on a hidden field is hidden too.
 */
export function dropHiddenAnswers(form: EForm, answers: Answers): Answers {
  const kept: Answers = {};
  for (const field of allFields(form)) {
    const value = answers[field.name];
    if (value !== undefined && conditionHolds(field, kept)) kept[field.name] = value;
  }
  return kept;
}

/** The fields of a page a person is asked to answer, given everything answered so far. */
export function visibleFields(form: EForm, page: FormPage, answers: Answers): FormField[] {
  const kept = dropHiddenAnswers(form, answers);
  return fieldsOf(page).filter((f) => conditionHolds(f, kept));
}

/** The pages with at least one question to answer; a page whose every field is hidden is skipped. */
export function visiblePages(form: EForm, answers: Answers): FormPage[] {
  return form.layout.pages.filter((p) => visibleFields(form, p, answers).length > 0);
}

/** The next page to show, or undefined when the next step is checking the answers. */
export function nextPageId(form: EForm, pageId: string, answers: Answers): string | undefined {
  return neighbour(form, pageId, answers, 1);
}

/** The page before this one, or undefined on the first page. */
export function previousPageId(form: EForm, pageId: string, answers: Answers): string | undefined {
  return neighbour(form, pageId, answers, -1);
}

function neighbour(form: EForm, pageId: string, answers: Answers, step: 1 | -1): string | undefined {
  const pages = form.layout.pages;
  const at = pages.findIndex((p) => p.id === pageId);
  if (at < 0) return undefined;
  const visible = new Set(visiblePages(form, answers).map((p) => p.id));
  for (let i = at + step; i >= 0 && i < pages.length; i += step) {
    if (visible.has(pages[i]!.id)) return pages[i]!.id;
  }
  return undefined;
}

/** "Step 2 of 3": where a page stands among the pages the person will see. */
export function pageProgress(form: EForm, pageId: string, answers: Answers): { step: number; total: number } {
  const pages = visiblePages(form, answers);
  return { step: pages.findIndex((p) => p.id === pageId) + 1, total: pages.length };
}

/**
 * A draft's answers after one page was read: that page's fields replaced by what was sent,
 * then the answers of fields hidden by the new choices dropped everywhere in the form.
 */
export function mergePageAnswers(form: EForm, pageId: string, saved: Answers, pageAnswers: Answers): Answers {
  const page = pageById(form, pageId);
  const merged: Answers = { ...saved };
  for (const f of page ? fieldsOf(page) : []) delete merged[f.name];
  return dropHiddenAnswers(form, { ...merged, ...pageAnswers });
}
