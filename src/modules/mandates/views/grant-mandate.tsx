import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { Text } from '../../../platform/i18n/i18n.ts';
import { ErrorSummary, InputField, formTitle, type FieldProblem } from '../../../platform/web/form.tsx';

export interface GrantFormValues {
  representativeIdNumber: string; representativeName: string; scope: 'all' | 'chosen'; services: string[]; validFrom: string; validUntil: string;
}

/** Choosing who may act for you, for which services and for how long. */
export function GrantMandatePage({ shell, values, problems, services, idLabel }: {
  shell: Shell; values: GrantFormValues; problems: FieldProblem[]; services: { id: string; name: Text }[]; idLabel: string;
}): JSX.Element {
  const { tr } = shell;
  const title = tr.t('mandates.grant.title');
  const say = (field: string) => problems.find((p) => p.field === field)?.message;
  const servicesError = say('services');
  return (
    <Page shell={shell} title={formTitle(tr, title, problems.length > 0)}>
      <div class="narrow">
        <h1 safe>{title}</h1>
        <p class="lead">{tr.h('mandates.grant.lead')}</p>
        <ErrorSummary tr={tr} problems={problems} />
        <form method="post" action="/me/mandates" class="stack" novalidate>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <fieldset>
            <legend>{tr.h('mandates.grant.who')}</legend>
            <InputField id="representativeIdNumber" label={tr.t('mandates.grant.idNumber', { idLabel })} hint={tr.t('mandates.grant.idNumberHint')}
              error={say('representativeIdNumber')} value={values.representativeIdNumber} inputmode="numeric" autocomplete="off" required />
            <InputField id="representativeName" label={tr.t('mandates.grant.name')} error={say('representativeName')}
              value={values.representativeName} autocomplete="off" required />
          </fieldset>
          <fieldset class={`field${servicesError ? ' has-error' : ''}`} aria-describedby={servicesError ? 'services-error' : undefined}>
            <legend>{tr.h('mandates.grant.which')}</legend>
            {servicesError ? <p class="field-error" id="services-error" safe>{servicesError}</p> : ''}
            <div class="choices">
              <div class="choice">
                <input type="radio" id="services" name="scope" value="all" checked={values.scope === 'all'} />
                <label for="services">{tr.h('mandates.services.all')}</label>
              </div>
              <div class="choice">
                <input type="radio" id="scope-chosen" name="scope" value="chosen" checked={values.scope === 'chosen'} aria-describedby="scope-chosen-hint" />
                <label for="scope-chosen">{tr.h('mandates.services.chosen')}</label>
              </div>
              <p class="hint choice-hints" id="scope-chosen-hint">{tr.h('mandates.services.chosenHint')}</p>
            </div>
          </fieldset>
          <fieldset class="field">
            <legend>{tr.h('mandates.grant.serviceList')}</legend>
            <div class="choices">
              {services.map((s, i) => (
                <div class="choice">
                  <input type="checkbox" id={`service-${i}`} name="services" value={s.id} checked={values.services.includes(s.id)} />
                  <label for={`service-${i}`} safe>{tr.text(s.name)}</label>
                </div>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{tr.h('mandates.grant.when')}</legend>
            <InputField id="validFrom" label={tr.t('mandates.grant.from')} hint={tr.t('mandates.grant.dateHint')} type="date" error={say('validFrom')} value={values.validFrom} required />
            <InputField id="validUntil" label={tr.t('mandates.grant.until')} hint={tr.t('mandates.grant.untilHint')} type="date" error={say('validUntil')} value={values.validUntil} required />
          </fieldset>
          <button type="submit" class="button">{tr.h('mandates.grant.submit')}</button>
        </form>
        <p><a href="/me/mandates">{tr.h('mandates.back')}</a></p>
      </div>
    </Page>
  );
}
