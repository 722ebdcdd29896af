import type { Translator } from '../../../../platform/i18n/i18n.ts';
import { visibleFields, visiblePages, type Answers, type EForm } from '../form-model.ts';
import { presentAnswer, type UploadedFiles } from './present.ts';

export interface CheckAnswersProps {
  tr: Translator;
  form: EForm;
  answers: Answers;
  attachments?: UploadedFiles;
  /** Where each page's "Change" link goes; without it the answers are shown read-only (the back office). */
  changeHref?: (pageId: string) => string;
  /** The heading level of each page's title, under the heading the summary sits below. */
  headingLevel?: 2 | 3;
}

/** Every question a person was asked with their answer, page by page, each page with a "Change" link. */
export function CheckAnswers({ tr, form, answers, attachments = {}, changeHref, headingLevel = 2 }: CheckAnswersProps): JSX.Element {
  const Heading = headingLevel === 3 ? 'h3' : 'h2';
  return (
    <div class="check-answers">
      {visiblePages(form, answers).map((page) => {
        const title = tr.text(page.title);
        return (
          <section class="check-page" aria-labelledby={`check-${page.id}`}>
            <div class="check-page-head">
              <Heading id={`check-${page.id}`} safe>{title}</Heading>
              {changeHref ? (
                <a href={changeHref(page.id)}>
                  {tr.h('eform.check.change')}<span class="visually-hidden"> {tr.h('eform.check.changePage', { page: title })}</span>
                </a>
              ) : ''}
            </div>
            <dl class="summary-list">
              {visibleFields(form, page, answers).map((field) => {
                const lines = presentAnswer(tr, form, field, answers[field.name], attachments[field.name]);
                return (
                  <div class="summary-row">
                    <dt safe>{tr.text(field.label)}</dt>
                    <dd class={field.widget === 'textarea' ? 'multiline' : undefined}>
                      {lines.length === 0 ? <span class="note">{tr.h('eform.check.notGiven')}</span>
                        : lines.length === 1 ? <span safe>{lines[0]}</span>
                          : <ul class="summary-values">{lines.map((l) => <li safe>{l}</li>)}</ul>}
                    </dd>
                  </div>
                );
              })}
            </dl>
          </section>
        );
      })}
    </div>
  );
}
