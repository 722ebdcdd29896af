import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { ServiceState, StatusSnapshot } from '../snapshot.ts';

function State({ shell, state }: { shell: Shell; state: ServiceState }): JSX.Element {
  return <span class={`status-state status-${state}`} safe>{shell.tr.t(`status.state.${state}`)}</span>;
}

/** Each platform component and each agency's services, up, degraded or in maintenance. */
export function StatusPage({ shell, snapshot, reduced }: { shell: Shell; snapshot: StatusSnapshot | null; reduced: boolean }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('status.title');
  const takenAt = snapshot ? new Date(snapshot.takenAt).toLocaleString(tr.locale, { dateStyle: 'medium', timeStyle: 'short' }) : '';
  return (
    <Page shell={shell} title={title}>
      <h1 safe>{title}</h1>
      {reduced && <p class="notice" role="status" safe>{tr.t('status.reduced')}</p>}
      {snapshot ? <p safe>{tr.t('status.takenAt', { time: takenAt })}</p> : <p safe>{tr.t('status.unknown')}</p>}
      {snapshot ? <Services shell={shell} snapshot={snapshot} reduced={reduced} /> : ''}
    </Page>
  );
}

function Services({ shell, snapshot, reduced }: { shell: Shell; snapshot: StatusSnapshot; reduced: boolean }): JSX.Element {
  const { tr } = shell;
  return (
    <div>
      <h2 safe>{tr.t('status.platform')}</h2>
      <ul class="status-list">
        {snapshot.components.map((c) => <li><span safe>{tr.t(`status.component.${c.id}`)}</span> <State shell={shell} state={reduced ? 'degraded' : c.state} /></li>)}
      </ul>
      {snapshot.agencies.map((a) => (
        <section>
          <h2 safe>{tr.text(a.name)}</h2>
          <ul class="status-list">
            {a.services.map((s) => <li><span safe>{tr.text(s.title)}</span> <State shell={shell} state={reduced ? 'degraded' : s.state} /></li>)}
          </ul>
        </section>
      ))}
    </div>
  );
}
