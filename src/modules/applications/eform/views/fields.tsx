import type { Translator } from '../../../../platform/i18n/i18n.ts';
import { isMultiChoice, isRequired, type Answer, type EForm, type FormField } from '../form-model.ts';
import { fieldId, fileRules, fileSize, inputText, optionLabel, optionValues, type UploadedFile } from './present.ts';

export interface FieldProps {
  tr: Translator;
  form: EForm;
  field: FormField;
  answer: Answer | undefined;
  raw: string | undefined;
  error: string | undefined;
  /** "Answer only if …", for a question whose condition is decided on the same page. */
  condition: string;
  files: UploadedFile[];
  removeHref: ((attachmentId: string) => string) | undefined;
}

/** One question of an eForm, with its label, hints, error and what was typed. */
export function FieldView(props: FieldProps): JSX.Element {
  const { form, field } = props;
  if (field.widget === 'radio' || isMultiChoice(form, field)) return <ChoiceList {...props} />;
  if (field.widget === 'checkbox') return <SingleCheckbox {...props} />;
  if (field.widget === 'file') return <FileField {...props} />;
  return <TextLike {...props} />;
}

function ids(props: FieldProps) {
  const id = fieldId(props.field.name);
  const hint = props.field.hint ? `${id}-hint` : '';
  const when = props.condition ? `${id}-when` : '';
  const rules = props.field.widget === 'file' ? `${id}-rules` : '';
  const error = props.error ? `${id}-error` : '';
  const describedBy = [when, hint, rules, error].filter(Boolean).join(' ') || undefined;
  return { id, hint, when, rules, error, describedBy };
}

function Label({ tr, form, field, id }: { tr: Translator; form: EForm; field: FormField; id: string }): JSX.Element {
  return (
    <label class="field-label" for={id}>
      <span safe>{tr.text(field.label)}</span>
      {isRequired(form, field.name) ? '' : <span class="optional"> {tr.h('eform.optional')}</span>}
    </label>
  );
}

function Hints(props: FieldProps): JSX.Element {
  const { tr, field, condition, error } = props;
  const i = ids(props);
  return (
    <>
      {condition ? <p class="hint condition" id={i.when} safe>{condition}</p> : ''}
      {field.hint ? <p class="hint" id={i.hint} safe>{tr.text(field.hint)}</p> : ''}
      {field.widget === 'file' ? <p class="hint" id={i.rules} safe>{fileRules(tr, field)}</p> : ''}
      {error ? <p class="field-error" id={i.error} safe>{error}</p> : ''}
    </>
  );
}

function fieldClass(props: FieldProps, extra = ''): string {
  return ['field', extra, props.error ? 'has-error' : ''].filter(Boolean).join(' ');
}

function TextLike(props: FieldProps): JSX.Element {
  const { tr, form, field, answer, raw, error } = props;
  const i = ids(props);
  const value = inputText(answer, raw);
  const invalid = error ? 'true' : undefined;
  let control: JSX.Element;
  if (field.widget === 'textarea') {
    control = <textarea id={i.id} name={field.name} rows="5" aria-describedby={i.describedBy} aria-invalid={invalid} safe>{value}</textarea>;
  } else if (field.widget === 'select') {
    control = (
      <select id={i.id} name={field.name} aria-describedby={i.describedBy} aria-invalid={invalid}>
        <option value="">{tr.h('eform.choose')}</option>
        {optionValues(form, field).map((v) => <option value={v} selected={v === value} safe>{optionLabel(tr, field, v)}</option>)}
      </select>
    );
  } else {
    control = <input id={i.id} name={field.name} value={value} aria-describedby={i.describedBy} aria-invalid={invalid} {...inputAttributes(form, field, value)} />;
  }
  return (
    <div class={fieldClass(props, `widget-${field.widget}`)}>
      <Label tr={tr} form={form} field={field} id={i.id} />
      <Hints {...props} />
      {control}
    </div>
  );
}

/** Input type, keyboard and autofill per widget; numbers use a text box with a numeric keyboard so "12a" survives to be explained. */
function inputAttributes(form: EForm, field: FormField, value: string): Record<string, string> {
  const type = form.schema.properties[field.name]?.type;
  switch (field.widget) {
    case 'number': return { type: 'text', inputmode: type === 'integer' ? 'numeric' : 'decimal', spellcheck: 'false', class: 'width-10' };
    // A date the browser's picker cannot hold (2026-02-30, "next week") is shown in a text box so it is not lost.
    case 'date': return { type: value === '' || isRealDate(value) ? 'date' : 'text', class: 'width-10' };
    case 'email': return { type: 'email', autocomplete: 'email', spellcheck: 'false', autocapitalize: 'none' };
    case 'tel': return { type: 'tel', autocomplete: 'tel', class: 'width-20' };
    case 'id-number': return { type: 'text', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', class: 'width-20' };
    default: return { type: 'text' };
  }
}

function ChoiceList(props: FieldProps): JSX.Element {
  const { tr, form, field, answer, error } = props;
  const i = ids(props);
  const multi = isMultiChoice(form, field);
  const chosen = new Set(Array.isArray(answer) ? answer : answer === undefined ? [] : [String(answer)]);
  return (
    <fieldset class={fieldClass(props, 'choices-field')} aria-describedby={i.describedBy}>
      <legend class="field-label">
        <span safe>{tr.text(field.label)}</span>
        {isRequired(form, field.name) ? '' : <span class="optional"> {tr.h('eform.optional')}</span>}
      </legend>
      <Hints {...props} />
      <div class="choices">
        {optionValues(form, field).map((v, n) => {
          const id = n === 0 ? i.id : `${i.id}-${n}`;
          return (
            <div class="choice">
              <input type={multi ? 'checkbox' : 'radio'} id={id} name={field.name} value={v} checked={chosen.has(v)} aria-invalid={error ? 'true' : undefined} />
              <label for={id} safe>{optionLabel(tr, field, v)}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

function SingleCheckbox(props: FieldProps): JSX.Element {
  const { tr, form, field, answer, error } = props;
  const i = ids(props);
  return (
    <div class={fieldClass(props)}>
      <div class="choice">
        <input type="checkbox" id={i.id} name={field.name} value="true" checked={answer === true}
          aria-describedby={i.describedBy} aria-invalid={error ? 'true' : undefined} />
        <label for={i.id}>
          <span safe>{tr.text(field.label)}</span>
          {isRequired(form, field.name) ? '' : <span class="optional"> {tr.h('eform.optional')}</span>}
        </label>
      </div>
      <div class="choice-hints"><Hints {...props} /></div>
    </div>
  );
}

function FileField(props: FieldProps): JSX.Element {
  const { tr, form, field, files, removeHref, error } = props;
  const i = ids(props);
  const max = field.maxFiles ?? 1;
  const full = files.length >= max;
  return (
    <div class={fieldClass(props, 'widget-file')}>
      {full ? <p class="field-label" id={i.id} tabindex="-1" safe>{tr.text(field.label)}</p> : <Label tr={tr} form={form} field={field} id={i.id} />}
      <Hints {...props} />
      {files.length ? (
        <div class="file-list">
          <p class="file-list-title" id={`${i.id}-files`}>{tr.h('eform.file.uploaded')}</p>
          <ul aria-labelledby={`${i.id}-files`}>
            {files.map((f) => (
              <li>
                <span class="file-name" safe>{f.name}</span>
                <span class="file-size" safe>{fileSize(f.size, tr.locale)}</span>
                {removeHref ? (
                  <button type="submit" class="button secondary small" formaction={removeHref(f.id)} formnovalidate name="remove" value={f.id}>
                    {tr.h('eform.file.remove')}<span class="visually-hidden" safe>{` ${f.name}`}</span>
                  </button>
                ) : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : ''}
      {full
        ? <p class="hint">{tr.h('eform.file.full')}</p>
        : <input type="file" id={i.id} name={field.name} multiple={max - files.length > 1} accept={(field.accept ?? []).join(',')}
          aria-describedby={i.describedBy} aria-invalid={error ? 'true' : undefined} />}
    </div>
  );
}

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
