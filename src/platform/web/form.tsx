import type { Translator } from '../i18n/i18n.ts';

/** One problem with what a person entered: the field's id and a sentence saying what to do. */
export interface FieldProblem { field: string; message: string }

/** The list at the top of a form that failed, each line linking to its field. */
export function ErrorSummary({ tr, problems }: { tr: Translator; problems: FieldProblem[] }): JSX.Element {
  if (!problems.length) return <></>;
  return (
    <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{tr.h('form.errorSummary')}</h2>
      <ul>{problems.map((p) => <li><a href={`#${p.field}`} safe>{p.message}</a></li>)}</ul>
    </div>
  );
}

export interface InputFieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value?: string;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  required?: boolean;
  /** The most characters the server takes for this field: the browser stops typing there. */
  maxlength?: number;
}

/** A labelled text input with its hint and, after a failed submit, its problem beside it. */
export function InputField(p: InputFieldProps): JSX.Element {
  const described = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${p.error ? ' has-error' : ''}`}>
      <label for={p.id} safe>{p.label}</label>
      {p.hint ? <p class="hint" id={`${p.id}-hint`} safe>{p.hint}</p> : ''}
      {p.error ? <p class="field-error" id={`${p.id}-error`} safe>{p.error}</p> : ''}
      <input id={p.id} name={p.id} type={p.type ?? 'text'} value={p.type === 'password' ? undefined : p.value}
        autocomplete={p.autocomplete} inputmode={p.inputmode} required={p.required} maxlength={p.maxlength === undefined ? undefined : String(p.maxlength)}
        aria-describedby={described} aria-invalid={p.error ? 'true' : undefined} />
    </div>
  );
}

/** The prefix screen readers hear first in a page title when the form on it has problems. */
export function formTitle(tr: Translator, title: string, failed: boolean): string {
  return failed ? `${tr.t('form.errorPrefix')} ${title}` : title;
}

export interface ReasonFormProps {
  /** The row this form acts on: makes the field's id unique on a page with one form per row. */
  id: string;
  action: string;
  csrfToken: string;
  label: string;
  hint: string;
  button: string;
  /** After a refused submit: what was typed and what is wrong with it. */
  refused?: { reason: string; error: string };
}

/** A one-line "why" and a button, for acts that need a stated reason (revoking, for instance). */
export function ReasonForm(p: ReasonFormProps): JSX.Element {
  const field = `reason-${p.id}`;
  return (
    <form method="post" action={p.action} class="inline-form" novalidate>
      <input type="hidden" name="_csrf" value={p.csrfToken} />
      <div class={`field${p.refused ? ' has-error' : ''}`}>
        <label for={field} safe>{p.label}</label>
        <p class="hint" id={`${field}-hint`} safe>{p.hint}</p>
        {p.refused ? <p class="field-error" id={`${field}-error`} safe>{p.refused.error}</p> : ''}
        <input id={field} name="reason" type="text" maxlength="200" required value={p.refused?.reason ?? ''}
          aria-describedby={p.refused ? `${field}-hint ${field}-error` : `${field}-hint`} aria-invalid={p.refused ? 'true' : undefined} />
      </div>
      <button type="submit" class="button secondary" safe>{p.button}</button>
    </form>
  );
}
