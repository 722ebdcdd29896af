import { Page } from '../../../platform/web/layout.tsx';
import { DataTable } from '../../../platform/web/data-table.tsx';
import { ErrorSummary, formTitle, InputField } from '../../../platform/web/form.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { checkTitle } from './check-words.ts';
import type { RegistrationProblem, RelyingPartyInput } from '../register-relying-party.ts';
import type { RelyingParty } from '../store.ts';

const FIELDS: RegistrationProblem[] = ['nameKo', 'nameEn', 'legalName', 'registrationNumber'];

export function RelyingPartiesPage({ shell, parties, owner, checks, values, problems }: { shell: Shell; parties: RelyingParty[]; owner: 'agency' | 'platform'; checks: string[]; values: RelyingPartyInput; problems: RegistrationProblem[] }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('verifier.parties.title');
  const error = (p: RegistrationProblem) => (problems.includes(p) ? tr.t(`verifier.parties.problem.${p}`) : undefined);
  return (
    <Page shell={shell} title={formTitle(tr, title, problems.length > 0)}>
      <p><a href="/office">{tr.h('office.back')}</a></p>
      <h1>{tr.h('verifier.parties.title')}</h1>
      <p class="lead">{tr.h(owner === 'platform' ? 'verifier.parties.leadPlatform' : 'verifier.parties.leadAgency')}</p>
      <ErrorSummary tr={tr} problems={problems.map((p) => ({ field: p === 'checks' ? 'check-0' : p, message: tr.t(`verifier.parties.problem.${p}`) }))} />
      {parties.length === 0 ? <p>{tr.h('verifier.parties.none')}</p> : (
        <DataTable caption={title} columns={[tr.t('verifier.parties.name'), tr.t('verifier.parties.checks'), tr.t('verifier.parties.status')]}>
          {parties.map((p) => (
            <tr>
              <th scope="row"><a href={`/office/relying-parties/${p.id}`} safe>{tr.text(p.name)}</a></th>
              <td safe>{p.checks.map((c) => checkTitle(tr, c)).join(', ')}</td>
              <td>{tr.h(`verifier.parties.status.${p.status}`)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <h2>{tr.h('verifier.parties.new')}</h2>
      <form method="post" action="/office/relying-parties" novalidate>
        <input type="hidden" name="_csrf" value={shell.csrfToken} />
        {FIELDS.map((f) => (
          <InputField id={f} label={tr.t(`verifier.parties.field.${f}`)} hint={tr.t(`verifier.parties.hint.${f}`)} value={values[f] as string} error={error(f)} />
        ))}
        <fieldset class={`field${problems.includes('checks') ? ' has-error' : ''}`} aria-describedby={problems.includes('checks') ? 'checks-error' : 'checks-hint'}>
          <legend>{tr.h('verifier.parties.checks')}</legend>
          <p class="hint" id="checks-hint">{tr.h('verifier.parties.hint.checks')}</p>
          {problems.includes('checks') ? <p class="field-error" id="checks-error">{tr.h('verifier.parties.problem.checks')}</p> : ''}
          {checks.map((c, i) => (
            <div class="choice">
              <input type="checkbox" id={`check-${i}`} name="checks" value={c} checked={values.checks.includes(c)} />
              <label for={`check-${i}`} safe>{checkTitle(tr, c)}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" class="button">{tr.h('verifier.parties.register')}</button>
      </form>
    </Page>
  );
}

export function RegisteredPage({ shell, id, name, apiKey, clientId }: { shell: Shell; id: string; name: string; apiKey: string; clientId: string }): JSX.Element {
  const { tr } = shell;
  return (
    <Page shell={shell} title={tr.t('verifier.parties.registered')}>
      <h1>{tr.h('verifier.parties.registered')}</h1>
      <p class="lead">{tr.h('verifier.parties.registeredLead', { name })}</p>
      <p><label for="api-key">{tr.h('verifier.parties.apiKey')}</label></p>
      <p><input id="api-key" type="text" readonly value={apiKey} class="secret" aria-describedby="api-key-hint" /></p>
      <p class="hint" id="api-key-hint">{tr.h('verifier.parties.apiKeyHint')}</p>
      <p>{tr.h('verifier.parties.clientId')} <code safe>{clientId}</code></p>
      <p><a href={`/office/relying-parties/${id}`}>{tr.h('verifier.parties.view')}</a></p>
    </Page>
  );
}

export function RelyingPartyPage({ shell, party }: { shell: Shell; party: RelyingParty }): JSX.Element {
  const { tr } = shell;
  const next = party.status === 'active' ? 'suspended' : 'active';
  return (
    <Page shell={shell} title={tr.text(party.name)}>
      <p><a href="/office/relying-parties">{tr.h('verifier.parties.back')}</a></p>
      <h1 safe>{tr.text(party.name)}</h1>
      <dl class="facts">
        <dt>{tr.h('verifier.parties.field.legalName')}</dt><dd safe>{party.legal_name}</dd>
        <dt>{tr.h('verifier.parties.field.registrationNumber')}</dt><dd safe>{party.registration_number ?? '—'}</dd>
        <dt>{tr.h('verifier.parties.checks')}</dt><dd safe>{party.checks.map((c) => checkTitle(tr, c)).join(', ')}</dd>
        <dt>{tr.h('verifier.parties.clientId')}</dt><dd><code safe>{party.client_id}</code></dd>
        <dt>{tr.h('verifier.parties.apiKey')}</dt><dd><code safe>{`${party.api_key_prefix}…`}</code></dd>
        <dt>{tr.h('verifier.parties.status')}</dt><dd>{tr.h(`verifier.parties.status.${party.status}`)}</dd>
      </dl>
      <form method="post" action={`/office/relying-parties/${party.id}/status`}>
        <input type="hidden" name="_csrf" value={shell.csrfToken} />
        <input type="hidden" name="status" value={next} />
        <button type="submit" class="button secondary">{tr.h(`verifier.parties.make.${next}`)}</button>
      </form>
    </Page>
  );
}
