import type { Children } from '@kitajs/html';
import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { Text, Translator } from '../../../platform/i18n/i18n.ts';
import { DataTable } from '../../../platform/web/data-table.tsx';
import type { ActionTaken, MandateView } from '../list-mandates.ts';
import type { LegalRepresentation } from '../legal-representation.ts';

export type MandatesNotice = 'granted' | 'revoked' | 'declined' | 'stopped';

export interface MandatesPageView {
  given: MandateView[]; received: MandateView[]; actions: ActionTaken[];
  /** Minor children the resident represents by law, and the parents who represent the resident while a minor. */
  legal: { children: LegalRepresentation[]; parents: LegalRepresentation[] };
  serviceNames: Map<string, Text>; notice?: MandatesNotice;
}

/** A resident's mandates: those they gave, those given to them, and what was done for them. */
export function MandatesPage({ shell, view }: { shell: Shell; view: MandatesPageView }): JSX.Element {
  const { tr } = shell;
  return (
    <Page shell={shell} title={tr.t('mandates.title')}>
      <h1>{tr.h('mandates.title')}</h1>
      <p class="lead">{tr.h('mandates.lead')}</p>
      {view.notice ? <div class="panel" role="status"><p>{tr.h(`mandates.notice.${view.notice}`)}</p></div> : ''}
      <p><a class="button" href="/me/mandates/new">{tr.h('mandates.grant.title')}</a></p>

      <h2>{tr.h('mandates.given.title')}</h2>
      {view.given.length ? (
        <ul class="cards mandate-list">
          {view.given.map((m) => (
            <MandateCard shell={shell} m={m} view={view} nameKey="mandates.given.representative">
              {m.state === 'active' || m.state === 'upcoming'
                ? <EndForm shell={shell} action={`/me/mandates/${m.id}/revoke`} text={tr.t('mandates.revoke')} who={tr.t('mandates.withName', { name: m.otherName })} />
                : ''}
            </MandateCard>
          ))}
        </ul>
      ) : <p>{tr.h('mandates.given.none')}</p>}

      <h2>{tr.h('mandates.received.title')}</h2>
      {view.received.length ? (
        <ul class="cards mandate-list">
          {view.received.map((m) => (
            <MandateCard shell={shell} m={m} view={view} nameKey="mandates.received.grantor">
              {m.state === 'active' ? (
                <form method="post" action="/me/acting-for" class="inline-form">
                  <input type="hidden" name="_csrf" value={shell.csrfToken} />
                  <input type="hidden" name="mandate" value={m.id} />
                  <button type="submit" class="button">{tr.h('mandates.actFor', { name: m.otherName })}</button>
                </form>
              ) : ''}
              {m.state === 'active' || m.state === 'upcoming'
                ? <EndForm shell={shell} action={`/me/mandates/${m.id}/decline`} text={tr.t('mandates.decline')} who={tr.t('mandates.withName', { name: m.otherName })} />
                : ''}
            </MandateCard>
          ))}
        </ul>
      ) : <p>{tr.h('mandates.received.none')}</p>}

      {view.legal.children.length || view.legal.parents.length ? <LegalRepresentations shell={shell} legal={view.legal} /> : ''}

      <h2>{tr.h('mandates.actions.title')}</h2>
      {view.actions.length ? (
        <DataTable caption={tr.t('mandates.actions.title')} columns={[tr.t('mandates.actions.when'), tr.t('mandates.actions.who'), tr.t('mandates.actions.what')]}>
          {view.actions.map((a) => (
            <tr>
              <td safe>{tr.when(a.at, 'dateTime')}</td>
              <td safe>{a.representativeName}</td>
              <td safe>{actionLabel(tr, a.action)}</td>
            </tr>
          ))}
        </DataTable>
      ) : <p>{tr.h('mandates.actions.none')}</p>}
    </Page>
  );
}

/** Parents act for their minor children by law, as the family relations register shows, with no mandate. */
function LegalRepresentations({ shell, legal }: { shell: Shell; legal: MandatesPageView['legal'] }): JSX.Element {
  const { tr } = shell;
  return (
    <>
      <h2>{tr.h('mandates.legal.title')}</h2>
      <p>{tr.h('mandates.legal.lead')}</p>
      <ul class="cards mandate-list">
        {legal.children.map((r) => (
          <li class="card">
            <h3 class="card-title">{tr.h('mandates.legal.ofChild', { name: r.minor.name, until: r.endsOn })}</h3>
            <dl class="facts">
              <dt>{tr.h('mandates.services')}</dt><dd>{tr.h('mandates.services.all')}</dd>
              <dt>{tr.h('mandates.legal.basis')}</dt><dd>{tr.h('mandates.legal.basisValue')}</dd>
            </dl>
            <form method="post" action="/me/acting-for" class="inline-form">
              <input type="hidden" name="_csrf" value={shell.csrfToken} />
              <input type="hidden" name="mandate" value={r.id} />
              <button type="submit" class="button">{tr.h('mandates.actFor', { name: r.minor.name })}</button>
            </form>
          </li>
        ))}
        {legal.parents.map((r) => (
          <li class="card">
            <h3 class="card-title">{tr.h('mandates.legal.ofYou', { name: r.representative.name, until: r.endsOn })}</h3>
          </li>
        ))}
      </ul>
    </>
  );
}

function MandateCard({ shell, m, view, nameKey, children }: { shell: Shell; m: MandateView; view: MandatesPageView; nameKey: string; children?: Children }): JSX.Element {
  const { tr } = shell;
  const services = m.services === 'all' ? tr.t('mandates.services.all') : m.services.map((id) => tr.text(view.serviceNames.get(id)) || id).join(', ');
  return (
    <li class="card">
      <h3 class="card-title">{tr.h(nameKey, { name: m.otherName })}</h3>
      <dl class="facts">
        <dt>{tr.h('mandates.services')}</dt><dd safe>{services}</dd>
        <dt>{tr.h('mandates.period')}</dt><dd>{tr.h('mandates.periodValue', { from: m.validFrom, until: m.validUntil })}</dd>
        <dt>{tr.h('mandates.state')}</dt><dd><span class={`mandate-state state-${m.state}`}>{tr.h(`mandates.state.${m.state}`)}</span></dd>
      </dl>
      {children}
    </li>
  );
}

/** A button that ends a mandate; screen readers also hear whose, since a list may hold several. */
function EndForm({ shell, action, text, who }: { shell: Shell; action: string; text: string; who: string }): JSX.Element {
  return (
    <form method="post" action={action} class="inline-form">
      <input type="hidden" name="_csrf" value={shell.csrfToken} />
      <button type="submit" class="button danger"><span safe>{text}</span> <span class="visually-hidden" safe>{who}</span></button>
    </form>
  );
}

function actionLabel(tr: Translator, action: string): string {
  const key = `mandates.action.${action}`;
  const label = tr.t(key);
  return label === key ? action : label;
}
