import type { Translator } from '../../../../platform/i18n/i18n.ts';
import { visibleFields, visiblePages, type Answers, type EForm } from '../form-model.ts';
import { presentAnswer, type UploadedFiles } from './present.ts';

export interface CheckAnswersProps {
  tr: Translator;
  form: EForm;
  answers: Answers;
  attachments?: UploadedFiles;
  /** Where each page's "Change" link goes. */
  changeHref: (pageId: string) => string;
}

/** Every question a person was asked with their answer, page by page, each page with a "Change" link. */
export function CheckAnswers({ tr, form, answers, attachments = {}, changeHref }: CheckAnswersProps): JSX.Element {
  return (
    <div class="check-answers">
      {visiblePages(form, answers).map((page) => {
        const title = tr.text(page.title);
        return (
          <section class="check-page" aria-labelledby={`check-${page.id}`}>
            <div class="check-page-head">
              <h2 id={`check-${page.id}`} safe>{title}</h2>
              <a href={changeHref(page.id)}>
                {tr.h('eform.check.change')}<span class="visually-hidden"> {tr.h('eform.check.changePage', { page: title })}</span>
              </a>
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
