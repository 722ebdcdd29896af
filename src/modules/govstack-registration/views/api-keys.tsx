import { Page } from '../../../platform/web/layout.tsx';
import { DataTable } from '../../../platform/web/data-table.tsx';
import { ErrorSummary, formTitle } from '../../../platform/web/form.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { ApiKey } from '../store.ts';
import { ALL_SCOPES } from '../scopes.ts';

const when = (shell: Shell, d: Date | null) => (d ? new Intl.DateTimeFormat(shell.tr.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d) : '');

export function ApiKeysPage({ shell, keys, values, problem }: { shell: Shell; keys: ApiKey[]; values: { label: string; scopes: string[] }; problem?: 'label' | 'scopes' }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('govstack.keys.title');
  const problems = problem ? [{ field: problem === 'label' ? 'label' : 'scope-0', message: tr.t(`govstack.keys.problem.${problem}`) }] : [];
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
        <fieldset class={`field${problem === 'scopes' ? ' has-error' : ''}`} aria-describedby={problem === 'scopes' ? 'scopes-error' : undefined}>
          <legend>{tr.h('govstack.keys.scopes')}</legend>
          {problem === 'scopes' ? <p class="field-error" id="scopes-error">{tr.h('govstack.keys.problem.scopes')}</p> : ''}
          {ALL_SCOPES.map((s, i) => (
            <div class="choice">
              <input type="checkbox" id={`scope-${i}`} name="scopes" value={s} checked={values.scopes.includes(s)} aria-describedby={`scope-${i}-hint`} />
              <label for={`scope-${i}`} safe>{s}</label>
              <p class="hint" id={`scope-${i}-hint`}>{tr.h(`govstack.scope.${s.split(':')[1]}`)}</p>
            </div>
          ))}
        </fieldset>
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
