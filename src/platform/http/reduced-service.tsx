import type { FastifyRequest } from 'fastify';
import type { Shell } from '../web/shell.ts';
import { Page } from '../web/layout.tsx';
import { ErrorSummary, formTitle } from '../web/form.tsx';
import type { FormLabels } from './form-labels.ts';

/** Fields that are the platform's, not the resident's: sent back hidden, as they came. */
const TECHNICAL = /^_|^(csrf|state|nonce|return|step)$/i;
const SECRET = /pass(word|code|phrase)?|pin$|secret|otp/i;

export interface KeptField { name: string; value: string; kind: 'text' | 'hidden' | 'secret' }

/** What a browser form posted, ready to be sent again; files cannot be kept and are not listed. */
export function keptFields(request: FastifyRequest): KeptField[] | null {
  if (request.method !== 'POST') return null;
  const type = String(request.headers['content-type'] ?? '');
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return null;
  const body = request.body;
  if (!body || typeof body !== 'object') return [];
  const fields: KeptField[] = [];
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    for (const value of [raw].flat()) {
      if (typeof value !== 'string') continue;
      const kind = TECHNICAL.test(name) ? 'hidden' : SECRET.test(name) ? 'secret' : 'text';
      fields.push({ name, value: kind === 'secret' ? '' : value, kind });
    }
  }
  return fields;
}

/** The 503 page: says plainly what happened and, for a form, gives back what was typed to send again, under the form's own labels. */
export function UnavailablePage({ shell, action, fields, labels = { fields: {}, choices: {} } }: { shell: Shell; action: string; fields: KeptField[] | null; labels?: FormLabels }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('error.unavailable.title');
  return (
    <Page shell={shell} title={title}>
      <div class="error-page">
        <h1 safe>{title}</h1>
        <p safe>{tr.t('error.unavailable')}</p>
        <p>{tr.h('error.unavailable.status')} <a href="/status">/status</a></p>
        {fields ? (
          <form method="post" action={action} class="stack">
            <p safe>{tr.t('error.unavailable.kept')}</p>
            {groupsOf(fields, labels).map((g, i) => <KeptGroup group={g} id={`kept-${i}`} hint={tr.t('error.unavailable.secret')} />)}
            <p class="hint" safe>{tr.t('error.unavailable.files')}</p>
            <button type="submit" class="button">{tr.h('error.unavailable.sendAgain')}</button>
          </form>
        ) : <p><a href="/" class="button">{tr.h('error.backHome')}</a></p>}
      </div>
    </Page>
  );
}

/** Which field was longer than its limit, as the request's schema found it. */
export interface TooLong { name: string; limit: number }

/**
 * A form field longer than the route allows: the form comes back with everything typed, the long
 * field marked with its limit, to shorten and send again (never a dead-end page).
 */
export function TooLongPage({ shell, action, fields, labels, tooLong }: { shell: Shell; action: string; fields: KeptField[]; labels: FormLabels; tooLong: TooLong }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('error.tooLong.title');
  const groups = groupsOf(fields, labels);
  const at = groups.findIndex((g) => 'field' in g && g.field.name === tooLong.name);
  const typed = at >= 0 ? (groups[at] as { field: KeptField }).field.value.length : 0;
  const error = tr.t('error.tooLong.field', { label: labels.fields[tooLong.name] ?? tooLong.name, limit: tooLong.limit, length: typed });
  return (
    <Page shell={shell} title={formTitle(tr, title, true)}>
      <div class="narrow">
        <h1 safe>{title}</h1>
        <ErrorSummary tr={tr} problems={at >= 0 ? [{ field: `kept-${at}`, message: error }] : []} />
        <form method="post" action={action} class="stack" novalidate>
          <p safe>{tr.t('error.tooLong.lead')}</p>
          {groups.map((g, i) => <KeptGroup group={g} id={`kept-${i}`} hint={tr.t('error.unavailable.secret')} {...(i === at ? { error, limit: tooLong.limit } : {})} />)}
          <p class="hint" safe>{tr.t('error.unavailable.files')}</p>
          <button type="submit" class="button">{tr.h('error.unavailable.sendAgain')}</button>
        </form>
      </div>
    </Page>
  );
}

type KeptGroup = { field: KeptField; label: string } | { name: string; label: string; choices: { value: string; label: string }[] };

/** Ticked boxes and radio choices the form labelled come back ticked, one group per name; every other field as typed. */
function groupsOf(fields: KeptField[], labels: FormLabels): KeptGroup[] {
  const groups: KeptGroup[] = [];
  for (const field of fields) {
    const label = labels.fields[field.name] ?? field.name;
    const choice = field.kind === 'text' ? labels.choices[`${field.name}=${field.value}`] : undefined;
    if (choice === undefined) {
      groups.push({ field, label });
      continue;
    }
    const open = groups.find((g): g is Extract<KeptGroup, { choices: unknown }> => 'choices' in g && g.name === field.name);
    if (open) open.choices.push({ value: field.value, label: choice });
    else groups.push({ name: field.name, label, choices: [{ value: field.value, label: choice }] });
  }
  return groups;
}

function KeptGroup({ group, id, hint, error, limit }: { group: KeptGroup; id: string; hint: string; error?: string; limit?: number }): JSX.Element {
  if ('choices' in group) {
    return (
      <fieldset class="field">
        <legend safe>{group.label}</legend>
        {group.choices.map((c, j) => (
          <div class="choice">
            <input type="checkbox" id={`${id}-${j}`} name={group.name} value={c.value} checked />
            <label for={`${id}-${j}`} safe>{c.label}</label>
          </div>
        ))}
      </fieldset>
    );
  }
  const { field: f, label } = group;
  if (f.kind === 'hidden') return <input type="hidden" name={f.name} value={f.value} />;
  const described = [f.kind === 'secret' ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id} safe>{label}</label>
      {f.kind === 'secret' && <p class="hint" id={`${id}-hint`} safe>{hint}</p>}
      {error ? <p class="field-error" id={`${id}-error`} safe>{error}</p> : ''}
      <input id={id} type={f.kind === 'secret' ? 'password' : 'text'} name={f.name} value={f.value} maxlength={limit === undefined ? undefined : String(limit)}
        aria-describedby={described} aria-invalid={error ? 'true' : undefined} {...(f.kind === 'secret' ? { autocomplete: 'off' } : {})} />
    </div>
  );
}
