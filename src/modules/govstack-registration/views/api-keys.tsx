import { Page } from '../../../platform/web/layout.tsx';
import { DataTable } from '../../../platform/web/data-table.tsx';
import { ErrorSummary, formTitle } from '../../../platform/web/form.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { ApiKey } from '../store.ts';
import { AGENCY_API_SCOPES } from '../scopes.ts';
import { ApiScopeChoices } from '../../../platform/web/api-scope-choices.tsx';

const when = (shell: Shell, d: Date | null) => shell.tr.when(d, 'dateTime');

export function ApiKeysPage({ shell, keys, values, problem }: { shell: Shell; keys: ApiKey[]; values: { label: string; scopes: string[] }; problem?: 'label' | 'scopes' }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('govstack.keys.title');
  const problems = problem ? [{ field: problem === 'label' ? 'label' : `scopes-${AGENCY_API_SCOPES[0]!.name}`, message: tr.t(`govstack.keys.problem.${problem}`) }] : [];
  return (
    <Page shell={shell} title={formTitle(tr, title, Boolean(problem))}>
      <p><a href="/office">{tr.h('office.back')}</a></p>
      <h1>{tr.h('govstack.keys.title')}</h1>
      <p class="lead">{tr.h('govstack.keys.lead')}</p>
      <ErrorSummary tr={tr} problems={problems} />
      <DataTable caption={title} columns={[tr.t('govstack.keys.label'), tr.t('govstack.keys.prefix'), tr.t('govstack.keys.scopes'), tr.t('govstack.keys.lastUsed'), tr.t('govstack.keys.status')]}>
        {keys.map((k) => (
          <tr>
            <th scope="row" safe>{k.label}</th>
            <td><code safe>{`${k.prefix}…`}</code></td>
            <td safe>{k.scopes.join(', ')}</td>
            <td safe>{when(shell, k.last_used_at) || tr.t('govstack.keys.never')}</td>
            <td>
              {k.revoked_at ? tr.h('govstack.keys.revoked') : (
                <form method="post" action={`/office/api-keys/${k.id}/revoke`}>
                  <input type="hidden" name="_csrf" value={shell.csrfToken} />
                  <button type="submit" class="button secondary" aria-label={tr.t('govstack.keys.revokeNamed', { label: k.label })}>{tr.h('govstack.keys.revoke')}</button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <h2>{tr.h('govstack.keys.new')}</h2>
      <form method="post" action="/office/api-keys" novalidate>
        <input type="hidden" name="_csrf" value={shell.csrfToken} />
        <div class={`field${problem === 'label' ? ' has-error' : ''}`}>
          <label for="label">{tr.h('govstack.keys.label')}</label>
          <p class="hint" id="label-hint">{tr.h('govstack.keys.labelHint')}</p>
          {problem === 'label' ? <p class="field-error" id="label-error">{tr.h('govstack.keys.problem.label')}</p> : ''}
          <input id="label" name="label" type="text" value={values.label} maxlength="100" aria-describedby={problem === 'label' ? 'label-hint label-error' : 'label-hint'} aria-invalid={problem === 'label' ? 'true' : undefined} />
        </div>
        <ApiScopeChoices tr={tr} name="scopes" legend={tr.t('govstack.keys.scopes')} scopes={AGENCY_API_SCOPES} chosen={values.scopes} error={problem === 'scopes' ? tr.t('govstack.keys.problem.scopes') : undefined} />
        <button type="submit" class="button">{tr.h('govstack.keys.create')}</button>
      </form>
    </Page>
  );
}

export function NewKeyPage({ shell, label, secret, scopes }: { shell: Shell; label: string; secret: string; scopes: string[] }): JSX.Element {
  const { tr } = shell;
  return (
    <Page shell={shell} title={tr.t('govstack.keys.created')}>
      <h1>{tr.h('govstack.keys.created')}</h1>
      <p class="lead">{tr.h('govstack.keys.createdLead', { label })}</p>
      <p><label for="secret">{tr.h('govstack.keys.secret')}</label></p>
      <p><input id="secret" type="text" readonly value={secret} class="secret" aria-describedby="secret-hint" /></p>
      <p class="hint" id="secret-hint">{tr.h('govstack.keys.secretHint')}</p>
      <p safe>{scopes.join(', ')}</p>
      <p><a href="/office/api-keys">{tr.h('govstack.keys.back')}</a></p>
    </Page>
  );
}
