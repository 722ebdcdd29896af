import { Page } from '../../../platform/web/layout.tsx';
import { DataTable } from '../../../platform/web/data-table.tsx';
import { ErrorSummary, formTitle, InputField } from '../../../platform/web/form.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { KeyProblem } from '../member-keys.ts';
import type { MemberKeyRow, MessageRow } from '../store.ts';

export interface ExchangeOfficeView {
  memberId: string;
  subsystemId: string;
  jwksUrl: string;
  keys: MemberKeyRow[];
  messages: MessageRow[];
  total: number;
  page: number;
  pageSize: number;
  mayManageKeys: boolean;
  values: { label: string; jwk: string };
  problem?: KeyProblem;
  notice?: 'registered';
}

const when = (shell: Shell, d: Date) => shell.tr.when(d, 'dateTimeSeconds');

/** An agency's place in the exchange: its member identity, its signing keys, and its log of exchanges. */
export function ExchangeOfficePage({ shell, view }: { shell: Shell; view: ExchangeOfficeView }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('exchange.office.title');
  const problems = view.problem ? [{ field: view.problem === 'label' ? 'label' : 'jwk', message: tr.t(`exchange.office.problem.${view.problem}`) }] : [];
  return (
    <Page shell={shell} title={formTitle(tr, title, Boolean(view.problem))}>
      <p><a href="/office">{tr.h('office.back')}</a></p>
      <h1>{tr.h('exchange.office.title')}</h1>
      <p class="lead">{tr.h('exchange.office.lead')}</p>
      {view.notice ? <p class="notice" role="status">{tr.h('exchange.office.registered')}</p> : ''}
      <ErrorSummary tr={tr} problems={problems} />
      <h2>{tr.h('exchange.office.member')}</h2>
      <dl class="facts">
        <dt>{tr.h('exchange.office.memberId')}</dt><dd><code safe>{view.memberId}</code></dd>
        <dt>{tr.h('exchange.office.subsystemId')}</dt><dd><code safe>{view.subsystemId}</code></dd>
        <dt>{tr.h('exchange.office.jwks')}</dt><dd><a href={view.jwksUrl} safe>{view.jwksUrl}</a></dd>
      </dl>
      <Keys shell={shell} view={view} />
      {view.mayManageKeys ? <RegisterKey shell={shell} view={view} /> : ''}
      <Log shell={shell} view={view} />
    </Page>
  );
}

function Keys({ shell, view }: { shell: Shell; view: ExchangeOfficeView }): JSX.Element {
  const { tr } = shell;
  return (
    <>
      <h2>{tr.h('exchange.office.keys')}</h2>
      <p>{tr.h('exchange.office.keysLead')}</p>
      {view.keys.length ? (
        <DataTable caption={tr.t('exchange.office.keys')} columns={[tr.t('exchange.office.keyLabel'), tr.t('exchange.office.kid'), tr.t('exchange.office.status')]}>
          {view.keys.map((k) => (
            <tr>
              <th scope="row">
                <span safe>{k.label}</span>
                <br /><small>{tr.h(`exchange.office.holder.${k.holder}`)} · <span safe>{when(shell, k.created_at)}</span></small>
              </th>
              <td><code safe>{k.kid}</code></td>
              <td>
                {k.revoked_at ? tr.h('exchange.office.revoked') : k.holder === 'system' && view.mayManageKeys ? (
                  <form method="post" action={`/office/exchange/keys/${encodeURIComponent(k.kid)}/revoke`}>
                    <input type="hidden" name="_csrf" value={shell.csrfToken} />
                    <button type="submit" class="button secondary" aria-label={tr.t('exchange.office.revokeNamed', { label: k.label })}>{tr.h('exchange.office.revoke')}</button>
                  </form>
                ) : tr.h('exchange.office.active')}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : <p>{tr.h('exchange.office.noKeys')}</p>}
    </>
  );
}

function RegisterKey({ shell, view }: { shell: Shell; view: ExchangeOfficeView }): JSX.Element {
  const { tr } = shell;
  const jwkError = view.problem && view.problem !== 'label' ? tr.t(`exchange.office.problem.${view.problem}`) : undefined;
  return (
    <>
      <h2>{tr.h('exchange.office.register')}</h2>
      <form method="post" action="/office/exchange/keys" novalidate>
        <input type="hidden" name="_csrf" value={shell.csrfToken} />
        <InputField id="label" label={tr.t('exchange.office.keyLabel')} hint={tr.t('exchange.office.labelHint')} value={view.values.label}
          error={view.problem === 'label' ? tr.t('exchange.office.problem.label') : undefined} />
        <div class={`field${jwkError ? ' has-error' : ''}`}>
          <label for="jwk">{tr.h('exchange.office.jwk')}</label>
          <p class="hint" id="jwk-hint">{tr.h('exchange.office.jwkHint')}</p>
          {jwkError ? <p class="field-error" id="jwk-error" safe>{jwkError}</p> : ''}
          <textarea id="jwk" name="jwk" rows="5" spellcheck="false" aria-describedby={jwkError ? 'jwk-hint jwk-error' : 'jwk-hint'} aria-invalid={jwkError ? 'true' : undefined} safe>{view.values.jwk}</textarea>
        </div>
        <button type="submit" class="button">{tr.h('exchange.office.registerButton')}</button>
      </form>
    </>
  );
}

function Log({ shell, view }: { shell: Shell; view: ExchangeOfficeView }): JSX.Element {
  const { tr } = shell;
  const pages = Math.ceil(view.total / view.pageSize);
  return (
    <>
      <h2>{tr.h('exchange.office.log')}</h2>
      <p>{tr.h('exchange.office.logCount', { count: view.total })}</p>
      {view.messages.length ? (
        <DataTable caption={tr.t('exchange.office.log')} columns={[tr.t('exchange.office.when'), tr.t('exchange.office.exchange'), tr.t('exchange.office.outcome')]}>
          {view.messages.map((m) => (
            <tr>
              <th scope="row">
                <span safe>{when(shell, m.created_at)}</span>
                <br /><small>{tr.h('exchange.office.message')} <code safe>{m.message_id}</code></small>
              </th>
              <td>
                <strong>{tr.h(`exchange.office.side.${m.side}`)}</strong> <span safe>{m.data_service_id ?? '—'}</span>
                <br /><small>{tr.h('exchange.office.counterpart')} <code safe>{(m.side === 'provider' ? m.client_member : m.provider_member) ?? '—'}</code></small>
              </td>
              <td safe>{m.outcome === 'answered'
                ? tr.t('exchange.office.outcome.answered', { count: m.record_count ?? 0 })
                : tr.t('exchange.office.outcome.refused', { reason: tr.t(`exchange.reason.${m.reason ?? 'bad_request'}`) })}</td>
            </tr>
          ))}
        </DataTable>
      ) : ''}
      {pages > 1 ? (
        <nav aria-label={tr.t('exchange.office.pages')}>
          <p>
            {view.page > 1 ? <a href={`/office/exchange?page=${view.page - 1}`}>{tr.h('exchange.office.previous')}</a> : ''}
            {view.page > 1 && view.page < pages ? ' · ' : ''}
            {view.page < pages ? <a href={`/office/exchange?page=${view.page + 1}`}>{tr.h('exchange.office.next')}</a> : ''}
          </p>
        </nav>
      ) : ''}
    </>
  );
}
