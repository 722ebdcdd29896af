import type { Translator } from '../../../../platform/i18n/i18n.ts';
import type { FieldError } from '../validate.ts';
import { fieldId } from './present.ts';

/** The list of problems at the top of a page, each linking to its field (or to `hrefFor` it, e.g. on another page). */
export function ErrorSummary({ tr, errors, hrefFor }: { tr: Translator; errors: FieldError[]; hrefFor?: (error: FieldError) => string }): JSX.Element {
  if (!errors.length) return <></>;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
      <h2 id="error-summary-title">{tr.h('form.errorSummary')}</h2>
      <ul>
        {errors.map((e) => <li><a href={hrefFor ? hrefFor(e) : `#${fieldId(e.field)}`} safe>{e.message}</a></li>)}
      </ul>
    </div>
  );
}
