import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { fieldInWords } from '../../registries/index.ts';
import type { ConsentView } from '../list-consents.ts';

export type ConsentsNotice = 'withdrawn';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The resident's consents: who asked, what is read from whom, since when, until when; active ones can be withdrawn. */
export function ConsentsPage({ shell, consents, notice }: { shell: Shell; consents: ConsentView[]; notice?: ConsentsNotice }): JSX.Element {
  const { tr } = shell;
  const active = consents.filter((c) => c.status === 'active');
  const past = consents.filter((c) => c.status !== 'active');
  return (
    <Page shell={shell} title={tr.t('consent.title')}>
      <h1>{tr.h('consent.title')}</h1>
      <p class="lead">{tr.h('consent.lead')}</p>
      {notice ? <div class="panel" role="status"><p>{tr.h(`consent.notice.${notice}`)}</p></div> : ''}
      <h2>{tr.h('consent.active.title')}</h2>
      {active.length ? <ul class="cards consent-list">{active.map((c) => <ConsentCard shell={shell} c={c} />)}</ul> : <p>{tr.h('consent.active.none')}</p>}
      <h2>{tr.h('consent.past.title')}</h2>
      {past.length ? <ul class="cards consent-list">{past.map((c) => <ConsentCard shell={shell} c={c} />)}</ul> : <p>{tr.h('consent.past.none')}</p>}
      <p><a href="/me/data-usage">{tr.h('consent.dataUsageLink')}</a></p>
    </Page>
  );
}

function ConsentCard({ shell, c }: { shell: Shell; c: ConsentView }): JSX.Element {
  const { tr } = shell;
  const date = (d: Date) => tr.when(d, 'longDate');
  const purpose = tr.text(c.purpose);
  return (
    <li class="card">
      <h3 class="card-title" safe>{purpose}</h3>
      <dl class="facts">
        <dt>{tr.h('consent.askedBy')}</dt><dd safe>{tr.text(c.controller)}</dd>
        <dt>{tr.h('consent.state')}</dt>
        <dd><span class={`status-tag status-${c.status === 'active' ? 'approved' : 'withdrawn'}`}>{tr.h(`consent.status.${c.status}`)}</span></dd>
        <dt>{tr.h('consent.givenAt')}</dt><dd><time datetime={c.givenAt.toISOString()} safe>{date(c.givenAt)}</time></dd>
        {c.withdrawnAt
          ? <><dt>{tr.h('consent.withdrawnAt')}</dt><dd><time datetime={c.withdrawnAt.toISOString()} safe>{date(c.withdrawnAt)}</time></dd></>
          : <><dt>{tr.h('consent.validUntil')}</dt><dd><time datetime={c.expiresAt.toISOString()} safe>{date(c.expiresAt)}</time></dd></>}
      </dl>
      <h4>{tr.h('consent.reads')}</h4>
      <ul class="consent-reads">
        {c.reads.map((r) => (
          <li>
            <strong safe>{tr.text(r.title)}</strong>{' '}
            <span safe>{tr.t('consent.from', { agency: tr.text(r.provider) })}</span><br />
            <span class="hint" safe>{r.fields.map((f) => fieldInWords(tr, r.words, f)).join(', ')}</span>
            {r.legalDuty ? <><br /><span class="hint">{tr.h('consent.legalDuty')}</span></> : ''}
          </li>
        ))}
      </ul>
      {c.applicationId && UUID.test(c.applicationId) ? <p><a href={`/me/applications/${c.applicationId}`}>{tr.h('consent.application')} <span class="visually-hidden" safe>{purpose}</span></a></p> : ''}
      {c.status === 'active' ? (
        <form method="post" action={`/me/consents/${c.id}/withdraw`} class="inline-form">
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <p class="hint">{tr.h('consent.withdrawHint')}</p>
          <button type="submit" class="button danger"><span>{tr.h('consent.withdraw')}</span> <span class="visually-hidden" safe>{purpose}</span></button>
        </form>
      ) : ''}
    </li>
  );
}
