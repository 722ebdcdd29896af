/**
 * The labels of the forms this node has rendered, by language and action, so the reduced-service
 * page can give a posted form back under the words the person saw, while the database that the
 * form's own page needs is down. Read from the HTML as sent: every module's forms are covered,
 * whatever component drew them. Kept in memory only: a form rendered by another node, or before a
 * restart, comes back under its field names.
 */
const MAX_FORMS = 2_000;

/** A form's fields by name, and each checkbox or radio choice by `name=value`, as the form labels them. */
export interface FormLabels { fields: Record<string, string>; choices: Record<string, string> }
const NONE: FormLabels = { fields: {}, choices: {} };

export function formLabelBook() {
  const book = new Map<string, FormLabels>();
  const keyOf = (locale: string, action: string) => `${locale} ${pathOf(action)}`;
  return {
    /** Notes the labels of each posted form of a page rendered at `pageUrl` in `locale`. */
    remember(locale: string, pageUrl: string, html: string): void {
      if (!html.includes('method="post"')) return;
      for (const form of postForms(html)) {
        const key = keyOf(locale, form.action ?? pageUrl);
        book.delete(key);
        book.set(key, form.labels);
        if (book.size > MAX_FORMS) book.delete(book.keys().next().value!);
      }
    },
    labelsOf: (locale: string, action: string): FormLabels => book.get(keyOf(locale, action)) ?? NONE,
  };
}

export type FormLabelBook = ReturnType<typeof formLabelBook>;

const pathOf = (url: string) => url.split(/[?#]/)[0]!;
/** The value of attribute `name` in a tag as the views write it (double-quoted). */
export const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** Each `method="post"` form's fields by name: a radio or checkbox group under its legend, any other field under its label. */
export function postForms(html: string): { action: string | undefined; labels: FormLabels }[] {
  const forms: { action: string | undefined; labels: FormLabels }[] = [];
  for (const [, tag, body] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    if (attr(tag!, 'method')?.toLowerCase() !== 'post') continue;
    const action = attr(tag!, 'action');
    forms.push({ action: action === undefined ? undefined : decode(action), labels: labelsIn(body!) });
  }
  return forms;
}

function labelsIn(body: string): FormLabels {
  const byId = new Map<string, string>();
  for (const [, tag, inner] of body.matchAll(/<label\b([^>]*)>([\s\S]*?)<\/label>/gi)) {
    // A label names its field by `for`, or wraps it.
    const id = attr(tag!, 'for') ?? attr(/<input\b([^>]*)>/i.exec(inner!)?.[1] ?? '', 'id');
    if (id) byId.set(id, textOf(inner!));
  }
  const labels: FormLabels['fields'] = {};
  const choices: FormLabels['choices'] = {};
  for (const [, legend, inner] of body.matchAll(/<fieldset\b[^>]*>\s*<legend\b[^>]*>([\s\S]*?)<\/legend>([\s\S]*?)<\/fieldset>/gi)) {
    for (const [, tag] of inner!.matchAll(/<input\b([^>]*)>/gi)) {
      const name = attr(tag!, 'name');
      if (name && /^(radio|checkbox)$/.test(attr(tag!, 'type') ?? '')) labels[decode(name)] ??= textOf(legend!);
    }
  }
  for (const [, tag] of body.matchAll(/<(?:input|select|textarea)\b([^>]*)>/gi)) {
    const name = attr(tag!, 'name');
    const label = byId.get(attr(tag!, 'id') ?? '') ?? attr(tag!, 'aria-label');
    if (!name || !label || attr(tag!, 'type') === 'hidden') continue;
    if (/^(radio|checkbox)$/.test(attr(tag!, 'type') ?? '')) choices[`${decode(name)}=${decode(attr(tag!, 'value') ?? 'on')}`] = decode(label);
    labels[decode(name)] ??= decode(label);
  }
  return { fields: labels, choices };
}

const textOf = (html: string) => decode(html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim());

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decode = (s: string) => s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) =>
  e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e] ?? whole);
