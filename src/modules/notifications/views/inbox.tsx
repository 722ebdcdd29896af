import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { NoticeRow } from '../store.ts';

export type InboxNotice = Pick<NoticeRow, 'id' | 'subject' | 'body' | 'link' | 'reference' | 'created_at' | 'read_at'>;

export function InboxPage({ shell, notices }: { shell: Shell; notices: InboxNotice[] }): JSX.Element {
  const { tr } = shell;
  const unread = notices.filter((n) => !n.read_at).length;
  return (
    <Page shell={shell} title={tr.t('notifications.inbox.title')}>
      <h1>{tr.h('notifications.inbox.title')}</h1>
      <p class="lead">{tr.h('notifications.inbox.intro')}</p>
      {notices.length === 0 ? <p>{tr.h('notifications.inbox.empty')}</p> : (
        <>
          <p class="status">{tr.h('notifications.inbox.unreadCount', { count: unread })}</p>
          <div class="stack">
            {notices.map((n) => <NoticeItem shell={shell} notice={n} when={tr.when(n.created_at, 'longDateTime')} />)}
          </div>
        </>
      )}
    </Page>
  );
}

function NoticeItem({ shell, notice: n, when }: { shell: Shell; notice: InboxNotice; when: string }): JSX.Element {
  const { tr } = shell;
  const subjectId = `notice-${n.id}-subject`;
  return (
    <article class="card" id={`notice-${n.id}`}>
      <h2 class="card-title" id={subjectId}>
        <span safe>{n.subject}</span>
        {n.read_at ? '' : <span class="tag">{tr.h('notifications.inbox.unread')}</span>}
      </h2>
      <p class="card-meta"><time datetime={n.created_at.toISOString()} safe>{when}</time></p>
      {n.body.split(/\n{2,}/).map((p) => <p>{p.split('\n').map((line, i) => <>{i ? <br /> : ''}<span safe>{line}</span></>)}</p>)}
      {n.reference ? <p class="card-meta">{tr.h('notifications.inbox.reference', { reference: n.reference })}</p> : ''}
      {n.link ? <p><a href={n.link} aria-describedby={subjectId}>{tr.h('notifications.inbox.open')}</a></p> : ''}
      {n.read_at ? '' : (
        <form method="post" action={`/me/inbox/${n.id}/read`}>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <button type="submit" class="button secondary" aria-describedby={subjectId}>{tr.h('notifications.inbox.markRead')}</button>
        </form>
      )}
    </article>
  );
}
