import type { Children } from '@kitajs/html';
import { Page } from '../../../platform/web/layout.tsx';
import { formTitle } from '../../../platform/web/form.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { CheckAnswers, ErrorSummary, type Answers, type EForm, type FormError, type UploadedFiles } from '../eform/index.ts';

export interface CheckYourAnswersProps {
  shell: Shell;
  /** The draft's address: its pages are `${base}/form/:page`, it is sent to `${base}/submit`. */
  base: string;
  /** The service's (or bundle's) title, above the heading. */
  caption: string;
  form: EForm;
  answers: Answers;
  attachments: UploadedFiles;
  errors: FormError[];
  /** Above the page's column (the counter's "on behalf of" line). */
  before?: Children;
  /** The data other agencies give for the draft, below the answers. */
  agencyData: Children;
  /** The declaration's paragraphs, under its heading and above the submit button. */
  declaration: Children;
}

/**
 * The last page before a draft is sent, for a resident's application, a bundle and a counter
 * visit alike: the answers, each page with its change link, the agencies' data, the declaration
 * and the submit button; after a refused submit, the problems at the top, linking to their fields.
 */
export function CheckYourAnswersPage(p: CheckYourAnswersProps): JSX.Element {
  const { tr } = p.shell;
  const title = tr.t('eform.check.title');
  const pageHref = (pageId: string) => `${p.base}/form/${encodeURIComponent(pageId)}`;
  return (
    <Page shell={p.shell} title={formTitle(tr, title, p.errors.length > 0)}>
      {p.before ?? ''}
      <div class="narrow">
        <ErrorSummary tr={tr} errors={p.errors} hrefFor={(e) => `${pageHref((e as FormError).pageId)}#f-${e.field}`} />
        <p class="eform-caption" safe>{p.caption}</p>
        <h1 safe>{title}</h1>
        <CheckAnswers tr={tr} form={p.form} answers={p.answers} attachments={p.attachments} changeHref={pageHref} />
        {p.agencyData}
        <h2>{tr.h('applications.check.declarationTitle')}</h2>
        {p.declaration}
        <form method="post" action={`${p.base}/submit`}>
          <input type="hidden" name="_csrf" value={p.shell.csrfToken} />
          <button type="submit" class="button">{tr.h('eform.submit')}</button>
        </form>
      </div>
    </Page>
  );
}
