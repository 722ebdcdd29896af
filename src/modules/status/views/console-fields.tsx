import type { Translator } from '../../../platform/i18n/i18n.ts';
import { ErrorSummary } from '../../../platform/web/form.tsx';
import { componentChoice, serviceChoice, type Choosable } from '../affected.ts';
import type { FormProblem } from '../form-problems.ts';
import { fieldOf, type Languages } from '../language-texts.ts';

type Text = Record<string, string>;

const languageName = (tr: Translator, language: string) => new Intl.DisplayNames([tr.locale], { type: 'language' }).of(language) ?? language;

/** The sentence for one problem, in the viewer's language. */
export function problemText(tr: Translator, p: FormProblem): string {
  return tr.t(`status.form.error.${p.code}`, { language: p.language ? languageName(tr, p.language) : '', max: p.max ?? 0 });
}

/**
 * The list atop a refused form. A text's problem there names its field (`labels`, by the text's
 * name): "write this in Korean" twice would not say which.
 */
export function Problems({ tr, problems, labels }: { tr: Translator; problems: FormProblem[]; labels: Record<string, string> }): JSX.Element {
  const named = (p: FormProblem) => {
    const label = p.language ? labels[p.field.slice(0, -(p.language.length + 1))] : undefined;
    return label ? tr.t('status.form.error.named', { field: label, problem: problemText(tr, p) }) : problemText(tr, p);
  };
  return <ErrorSummary tr={tr} problems={problems.map((p) => ({ field: p.field, message: named(p) }))} />;
}

const errorOf = (tr: Translator, problems: FormProblem[], field: string) => {
  const p = problems.find((x) => x.field === field);
  return p && problemText(tr, p);
};

/**
 * One field per language of the pack, the default language first and marked required; the
 * others are optional and the page shows the default language's text where one is left empty.
 */
export function LanguageTexts(p: { tr: Translator; name: string; label: string; languages: Languages; values: Text; problems: FormProblem[]; multiline?: boolean; max: number }): JSX.Element {
  const { tr } = p;
  const ordered = [p.languages.fallback, ...p.languages.all.filter((l) => l !== p.languages.fallback)];
  return (
    <fieldset class="field">
      <legend class="field-label" safe>{p.label}</legend>
      <p class="hint" safe>{tr.t('status.form.languagesHint', { language: languageName(tr, p.languages.fallback) })}</p>
      {ordered.map((language) => {
        const id = fieldOf(p.name, language);
        const error = errorOf(tr, p.problems, id);
        const described = error ? `${id}-error` : undefined;
        const label = `${p.label} (${languageName(tr, language)})`;
        return (
          <div class={`field${error ? ' has-error' : ''}`}>
            <label for={id}>
              <span safe>{label}</span>{' '}
              <span class="optional" safe>{language === p.languages.fallback ? tr.t('status.form.required') : tr.t('status.form.optional')}</span>
            </label>
            {error ? <p class="field-error" id={`${id}-error`} safe>{error}</p> : ''}
            {p.multiline
              ? <textarea id={id} name={id} rows="4" lang={language} maxlength={String(p.max)} aria-describedby={described} aria-invalid={error ? 'true' : undefined} safe>{p.values[language] ?? ''}</textarea>
              : <input id={id} name={id} type="text" lang={language} maxlength={String(p.max)} value={p.values[language] ?? ''} aria-describedby={described} aria-invalid={error ? 'true' : undefined} />}
          </div>
        );
      })}
    </fieldset>
  );
}

/** The services (grouped by agency) and platform components a viewer may name, as checkboxes. */
export function AffectedChoices(p: { tr: Translator; options: Choosable; chosen: string[]; problems: FormProblem[]; agencyNames: Map<string, string> }): JSX.Element {
  const { tr } = p;
  const error = errorOf(tr, p.problems, 'affected');
  const agencies = [...new Set(p.options.services.map((s) => s.agencyId))];
  let n = 0;
  const Choice = ({ value, label }: { value: string; label: string }) => {
    const id = n++ === 0 ? 'affected' : `affected-${n}`;
    return (
      <div class="choice">
        <input type="checkbox" id={id} name="affected" value={value} checked={p.chosen.includes(value)} />
        <label for={id} safe>{label}</label>
      </div>
    );
  };
  return (
    <fieldset class={`field${error ? ' has-error' : ''}`} aria-describedby={error ? 'affected-error' : undefined}>
      <legend class="field-label">{tr.h('status.form.affected')}</legend>
      <p class="hint">{tr.h('status.form.affectedHint')}</p>
      {error ? <p class="field-error" id="affected-error" safe>{error}</p> : ''}
      {p.options.components.length ? (
        <details open>
          <summary>{tr.h('status.platform')}</summary>
          <div class="choices">{p.options.components.map((c) => <Choice value={componentChoice(c)} label={tr.t(`status.component.${c}`)} />)}</div>
        </details>
      ) : ''}
      {agencies.map((agencyId) => {
        const services = p.options.services.filter((s) => s.agencyId === agencyId);
        const open = agencies.length === 1 || services.some((s) => p.chosen.includes(serviceChoice(s.id)));
        return (
          <details open={open}>
            <summary safe>{p.agencyNames.get(agencyId) ?? agencyId}</summary>
            <div class="choices">{services.map((s) => <Choice value={serviceChoice(s.id)} label={tr.text(s.title)} />)}</div>
          </details>
        );
      })}
    </fieldset>
  );
}

/** A choice of one value among a few (state, impact), as radio buttons. */
export function OneOf(p: { tr: Translator; name: string; options: readonly string[]; chosen: string; problems: FormProblem[]; labelKey: (o: string) => string }): JSX.Element {
  const { tr } = p;
  const error = errorOf(tr, p.problems, p.name);
  return (
    <fieldset class={`field${error ? ' has-error' : ''}`} aria-describedby={error ? `${p.name}-error` : undefined}>
      <legend class="field-label">{tr.h(`status.form.${p.name}`)}</legend>
      {error ? <p class="field-error" id={`${p.name}-error`} safe>{error}</p> : ''}
      <div class="choices">
        {p.options.map((o, i) => (
          <div class="choice">
            <input type="radio" id={i === 0 ? p.name : `${p.name}-${o}`} name={p.name} value={o} checked={p.chosen === o} />
            <label for={i === 0 ? p.name : `${p.name}-${o}`}>{tr.h(p.labelKey(o))}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** The names of what an incident or window touches, in the viewer's language. */
export function affectedNames(tr: Translator, titles: Map<string, Text>, a: { services: string[]; components: string[] }): string {
  return [...a.components.map((c) => tr.t(`status.component.${c}`)), ...a.services.map((s) => tr.text(titles.get(s)) || s)].join(', ');
}

