import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/**
 * The labels of each posted form travel with the form, so the reduced-service page can give a
 * posted form back under the words the person saw, on whichever node it reaches, while the
 * database that the form's own page needs is down. Read from the HTML as sent: every module's
 * forms are covered, whatever component drew them. Sealed with a key every node shares, so a form
 * posted from elsewhere (reduced service answers before the CSRF check) cannot put words of its
 * own on this origin's page; a form whose seal does not hold comes back under its field names.
 */
export const LABELS_FIELD = '_labels';

/** A form's fields by name, and each checkbox or radio choice by `name=value`, as the form labels them. */
export interface FormLabels { fields: Record<string, string>; choices: Record<string, string> }
const NONE: FormLabels = { fields: {}, choices: {} };
const FORM_TAG = /<form\b([^>]*)>([\s\S]*?)<\/form>/gi;

export function formLabelSeal(secret: string) {
  const key = createHmac('sha256', secret).update('hanaro form labels').digest();
  const tagOf = (payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16);
  const carried = new WeakMap<FastifyRequest, FormLabels>();
  const open = (sealed: string): FormLabels => {
    const dot = sealed.indexOf('.');
    const [tag, payload] = [sealed.slice(0, dot), sealed.slice(dot + 1)];
    if (dot < 1 || !payload) return NONE;
    const given = Buffer.from(tag);
    const expected = Buffer.from(tagOf(payload).toString('base64url'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return NONE;
    try {
      const labels = JSON.parse(payload) as FormLabels;
      return { fields: { ...labels.fields }, choices: { ...labels.choices } };
    } catch { return NONE; }
  };
  return {
    /** The page's HTML with each urlencoded posted form carrying its labels, sealed, in a hidden field. */
    carry(html: string): string {
      if (!html.includes('method="post"')) return html;
      return html.replace(FORM_TAG, (whole, tag: string, body: string) => {
        if (attr(tag, 'method')?.toLowerCase() !== 'post' || attr(tag, 'enctype') === 'multipart/form-data') return whole;
        const labels = labelsIn(body);
        if (!Object.keys(labels.fields).length && !Object.keys(labels.choices).length) return whole;
        // Plain JSON, not base64: the page's compression finds the same words in its labels.
        const payload = JSON.stringify(labels);
        return `<form${tag}><input type="hidden" name="${LABELS_FIELD}" value="${tagOf(payload).toString('base64url')}.${escapeAttribute(payload)}">${body}</form>`;
      });
    },
    /** Takes the carried labels out of a posted form before any route sees its body. */
    take(request: FastifyRequest): void {
      const body = request.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object' || !(LABELS_FIELD in body)) return;
      // Only a browser form carries them: a JSON API's field of that name is the client's own.
      if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return;
      const sealed = body[LABELS_FIELD];
      delete body[LABELS_FIELD];
      if (typeof sealed === 'string') carried.set(request, open(sealed));
    },
    labelsOf: (request: FastifyRequest): FormLabels => carried.get(request) ?? NONE,
  };
}

export type FormLabelSeal = ReturnType<typeof formLabelSeal>;

const escapeAttribute = (text: string) => text.replace(/[&"<>]/g, (c) => `&${({ '&': 'amp', '"': 'quot', '<': 'lt', '>': 'gt' } as Record<string, string>)[c]};`);

/** The value of attribute `name` in a tag as the views write it (double-quoted). */
export const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** A posted form as read from the page: its fields by name, and the sealed labels it carries (what a browser sends back). */
export interface PostForm { action: string | undefined; labels: FormLabels; sealed?: string }

/** Each `method="post"` form's fields by name: a radio or checkbox group under its legend, any other field under its label. */
export function postForms(html: string): PostForm[] {
  const forms: PostForm[] = [];
  for (const [, tag, body] of html.matchAll(FORM_TAG)) {
    if (attr(tag!, 'method')?.toLowerCase() !== 'post') continue;
    const action = attr(tag!, 'action');
    const sealed = new RegExp(`<input type="hidden" name="${LABELS_FIELD}" value="([^"]*)">`).exec(body!)?.[1];
    forms.push({ action: action === undefined ? undefined : decode(action), labels: labelsIn(body!), ...(sealed === undefined ? {} : { sealed: decode(sealed) }) });
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
