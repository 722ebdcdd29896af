import type { Children } from '@kitajs/html';
import type { Translator } from '../../../../platform/i18n/i18n.ts';
import {
  conditionHolds, dropHiddenAnswers, fieldsOf, pageById, pageOfField, pageProgress,
  type Answers, type EForm, type FormField, type FormPage, type RawValues,
} from '../form-model.ts';
import type { FieldError } from '../validate.ts';
import { ErrorSummary } from './error-summary.tsx';
import { FieldView } from './fields.tsx';
import { conditionText, type UploadedFiles } from './present.ts';

export interface EFormPageProps {
  tr: Translator;
  form: EForm;
  pageId: string;
  /** Everything answered so far, this page's answers included (what was just read, after an error). */
  answers: Answers;
  /** What was typed but could not be read, from readPage. */
  raw?: RawValues;
  errors?: FieldError[];
  /** Where the form posts, and the CSRF token for it. */
  action: string;
  csrfToken: string;
  /** Files already stored, by field name, and where each one's remove button posts. */
  attachments?: UploadedFiles;
  removeAttachmentHref?: (fieldName: string, attachmentId: string) => string;
  /** Shown above the page title, usually the service's title. */
  caption?: string;
  /** Shown between the page title and the form, outside it (it may hold forms of its own). */
  intro?: Children;
  /** Shown inside the form before the questions: a choice that answers some of them, say. */
  lead?: Children;
  /** The buttons (Continue, Back, Save and come back later), placed at the end of the form. */
  children?: Children;
}

/** One page of an eForm, server-rendered: works without JavaScript and keeps everything typed. */
export function EFormPage(props: EFormPageProps): JSX.Element {
  const { tr, form, pageId, answers, errors = [], action, csrfToken, caption } = props;
  const page = pageById(form, pageId);
  if (!page) return <></>;
  const progress = pageProgress(form, pageId, answers);
  const multipart = fieldsOf(page).some((f) => f.widget === 'file');
  return (
    <div class="eform">
      {errors.length ? <ErrorSummary tr={tr} errors={errors} /> : ''}
      {caption ? <p class="eform-caption" safe>{caption}</p> : ''}
      <h1 safe>{tr.text(page.title)}</h1>
      {progress.step > 0 ? <p class="eform-progress">{tr.h('eform.progress', progress)}</p> : ''}
      {props.intro ?? ''}
      <form method="post" action={action} enctype={multipart ? 'multipart/form-data' : undefined} novalidate class="eform-form">
        <input type="hidden" name="_csrf" value={csrfToken} />
        {props.lead ?? ''}
        {page.sections.map((section) => <Section {...props} page={page} section={section} />)}
        <div class="eform-actions">{props.children}</div>
      </form>
    </div>
  );
}

type SectionProps = EFormPageProps & { page: FormPage; section: FormPage['sections'][number] };

function Section(props: SectionProps): JSX.Element {
  const { tr, form, page, section } = props;
  const shown = section.fields.filter((f) => asked(form, page, f, props.answers));
  if (!shown.length) return <></>;
  const fields = shown.map((f) => <Question {...props} field={f} />);
  if (!section.title) return <div class="eform-section">{fields}</div>;
  return (
    <fieldset class="eform-section">
      <legend class="eform-section-title" safe>{tr.text(section.title)}</legend>
      {fields}
    </fieldset>
  );
}

/** A question whose condition was settled on an earlier page is shown only when it holds; one settled on this page always is. */
function asked(form: EForm, page: FormPage, field: FormField, answers: Answers): boolean {
  if (!field.showIf) return true;
  if (pageOfField(form, field.showIf.field)?.id === page.id) return true;
  return conditionHolds(field, dropHiddenAnswers(form, answers));
}

function Question(props: SectionProps & { field: FormField }): JSX.Element {
  const { tr, form, page, field, answers, raw = {}, errors = [], attachments = {}, removeAttachmentHref } = props;
  const samePage = field.showIf && pageOfField(form, field.showIf.field)?.id === page.id;
  return (
    <FieldView
      tr={tr} form={form} field={field}
      answer={answers[field.name]} raw={raw[field.name]}
      error={errors.find((e) => e.field === field.name)?.message}
      condition={samePage ? conditionText(tr, form, field) : ''}
      files={attachments[field.name] ?? []}
      removeHref={removeAttachmentHref ? (id) => removeAttachmentHref(field.name, id) : undefined}
    />
  );
}
