import { Page } from '../../../platform/web/layout.tsx';
import { DataTable } from '../../../platform/web/data-table.tsx';
import { ErrorSummary, InputField, formTitle, type FieldProblem } from '../../../platform/web/form.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { Translator } from '../../../platform/i18n/i18n.ts';
import type { ClientRecord } from '../store.ts';
import { AUTH_METHODS, GRANT_TYPES, SUBJECT_TYPES, type ClientProblem } from '../client-input.ts';
import { RESIDENT_CLAIMS } from '../claims.ts';
import type { ApiScope } from '../../../platform/http/api-scopes.ts';
import { ApiScopeChoices } from '../../../platform/web/api-scope-choices.tsx';

export function OfficeClientsPage({ shell, clients }: { shell: Shell; clients: ClientRecord[] }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('sso.office.title');
  return (
    <Page shell={shell} title={title}>
      <p><a href="/office">{tr.h('office.back')}</a></p>
      <h1 safe>{title}</h1>
      <p>{tr.h('sso.office.lead')}</p>
      <p><a class="button" href="/office/oidc-clients/new">{tr.h('sso.office.new')}</a></p>
      <DataTable caption={title} columns={[tr.t('sso.office.name'), tr.t('sso.office.clientId'), tr.t('sso.office.status')]}>
        {clients.map((c) => (
          <tr>
            <th scope="row"><a href={`/office/oidc-clients/${c.client_id}`} safe>{c.name}</a></th>
            <td><code safe>{c.client_id}</code></td>
            <td>{tr.h(`sso.office.status.${c.status}`)}</td>
          </tr>
        ))}
      </DataTable>
    </Page>
  );
}

/** What the form shows: the values as typed, so a refused form comes back as it was. */
export interface ClientFormValues {
  name: string; logoUri: string; redirectUris: string; grantTypes: string[]; authMethod: string; publicJwk: string;
  userClaims: string[]; apiScopes: string[]; status: string; subjectType: string;
}

export interface ClientFormView { clientId: string | null; values: ClientFormValues; problems: ClientProblem[]; issuedSecret?: string | null }

const fieldIds: Record<string, string> = { subjectType: 'subjectType-pairwise', grantTypes: 'grantTypes-authorization_code', userClaims: 'userClaims-name', apiScopes: 'apiScopes-registration:read', authMethod: 'authMethod-private_key_jwt' };

export function ClientFormPage({ shell, view, apiScopes }: { shell: Shell; view: ClientFormView; apiScopes: readonly ApiScope[] }): JSX.Element {
  const { tr } = shell;
  const editing = view.clientId !== null;
  const title = editing ? view.values.name : tr.t('sso.office.new');
  const say = (field: string) => {
    const p = view.problems.find((x) => x.field === field);
    return p ? tr.t(`sso.office.error.${p.code}`) : undefined;
  };
  const problems: FieldProblem[] = view.problems.map((p) => ({ field: fieldIds[p.field] ?? p.field, message: tr.t(`sso.office.error.${p.code}`) }));
  const v = view.values;
  return (
    <Page shell={shell} title={formTitle(tr, title, problems.length > 0)}>
      <p><a href="/office/oidc-clients">{tr.h('sso.office.back')}</a></p>
      <h1 safe>{title}</h1>
      {view.issuedSecret ? (
        <div class="notice" role="status">
          <p>{tr.h('sso.office.secretOnce')}</p>
          <p><code safe>{view.issuedSecret}</code></p>
        </div>
      ) : ''}
      {editing ? <p>{tr.h('sso.office.clientId')}: <code safe>{view.clientId!}</code></p> : ''}
      <ErrorSummary tr={tr} problems={problems} />
      <form method="post" action={editing ? `/office/oidc-clients/${view.clientId}` : '/office/oidc-clients'} class="stack" novalidate>
        <input type="hidden" name="_csrf" value={shell.csrfToken} />
        <InputField id="name" label={tr.t('sso.office.name')} hint={tr.t('sso.office.nameHint')} error={say('name')} value={v.name} required />
        <Choices tr={tr} name="grantTypes" type="checkbox" options={GRANT_TYPES} chosen={v.grantTypes} error={say('grantTypes')} />
        <TextArea id="redirectUris" label={tr.t('sso.office.redirectUris')} hint={tr.t('sso.office.redirectUrisHint')} error={say('redirectUris')} value={v.redirectUris} />
        <Choices tr={tr} name="authMethod" type="radio" options={AUTH_METHODS} chosen={[v.authMethod]} error={say('authMethod')} />
        {editing ? '' : <TextArea id="publicJwk" label={tr.t('sso.office.publicJwk')} hint={tr.t('sso.office.publicJwkHint')} error={say('publicJwk')} value={v.publicJwk} />}
        <Choices tr={tr} name="subjectType" type="radio" options={SUBJECT_TYPES} chosen={[v.subjectType]} error={say('subjectType')} />
        <Choices tr={tr} name="userClaims" type="checkbox" options={RESIDENT_CLAIMS} chosen={v.userClaims} error={say('userClaims')} />
        <ApiScopeChoices tr={tr} name="apiScopes" legend={tr.t('sso.office.apiScopes')} scopes={apiScopes} chosen={v.apiScopes} error={say('apiScopes')} />
        {editing ? <Choices tr={tr} name="status" type="radio" options={['active', 'inactive']} chosen={[v.status]} /> : ''}
        <button type="submit" class="button">{tr.h(editing ? 'sso.office.save' : 'sso.office.register')}</button>
      </form>
      {editing ? (
        <form method="post" action={`/office/oidc-clients/${view.clientId}/delete`}>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <button type="submit" class="button secondary">{tr.h('sso.office.delete')}</button>
        </form>
      ) : ''}
    </Page>
  );
}

function Choices(p: { tr: Translator; name: string; type: 'checkbox' | 'radio'; options: readonly string[]; chosen: string[]; error?: string }): JSX.Element {
  const id = (o: string) => `${p.name}-${o}`;
  return (
    <fieldset class={`field${p.error ? ' has-error' : ''}`} aria-describedby={p.error ? `${p.name}-error` : undefined}>
      <legend class="field-label">{p.tr.h(`sso.office.${p.name}`)}</legend>
      {p.error ? <p class="field-error" id={`${p.name}-error`} safe>{p.error}</p> : ''}
      <div class="choices">
        {p.options.map((o) => (
          <div class="choice">
            <input type={p.type} id={id(o)} name={p.name} value={o} checked={p.chosen.includes(o)} />
            <label for={id(o)}>{p.tr.h(`sso.office.${p.name}.${o}`)}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function TextArea(p: { id: string; label: string; hint: string; error?: string; value: string }): JSX.Element {
  const described = [`${p.id}-hint`, p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${p.error ? ' has-error' : ''}`}>
      <label for={p.id} safe>{p.label}</label>
      <p class="hint" id={`${p.id}-hint`} safe>{p.hint}</p>
      {p.error ? <p class="field-error" id={`${p.id}-error`} safe>{p.error}</p> : ''}
      <textarea id={p.id} name={p.id} rows="4" aria-describedby={described} aria-invalid={p.error ? 'true' : undefined} safe>{p.value}</textarea>
    </div>
  );
}
