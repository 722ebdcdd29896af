import type { Translator } from '../i18n/i18n.ts';
import type { ApiScope } from '../http/api-scopes.ts';

/** Checkboxes for the API scopes an agency system may be given, each with its name and what it allows. */
export function ApiScopeChoices(p: { tr: Translator; name: string; legend: string; scopes: readonly ApiScope[]; chosen: readonly string[]; error?: string }): JSX.Element {
  const id = (s: ApiScope) => `${p.name}-${s.name}`;
  return (
    <fieldset class={`field${p.error ? ' has-error' : ''}`} aria-describedby={p.error ? `${p.name}-error` : undefined}>
      <legend class="field-label" safe>{p.legend}</legend>
      {p.error ? <p class="field-error" id={`${p.name}-error`} safe>{p.error}</p> : ''}
      <div class="choices">
        {p.scopes.map((s) => (
          <div class="choice">
            <input type="checkbox" id={id(s)} name={p.name} value={s.name} checked={p.chosen.includes(s.name)} aria-describedby={`${id(s)}-hint`} />
            <div>
              <label for={id(s)}>{p.tr.h(s.label)}</label>
              <p class="hint" id={`${id(s)}-hint`}><code safe>{s.name}</code> {p.tr.h(s.hint)}</p>
            </div>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
