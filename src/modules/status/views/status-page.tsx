import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { Translator } from '../../../platform/i18n/i18n.ts';
import type { Languages } from '../language-texts.ts';
import type { StatusBoard } from '../present-status.ts';
import { Said } from './said.tsx';
import { HISTORY_DAYS, type PublicIncident, type PublicMaintenance, type ServiceState } from '../snapshot.ts';

type Text = Record<string, string>;

function State({ shell, state }: { shell: Shell; state: ServiceState }): JSX.Element {
  return <span class={`status-state status-${state}`} safe>{shell.tr.t(`status.state.${state}`)}</span>;
}

const stampOf = (tr: Translator) => (iso: string) => tr.when(new Date(iso), 'dateTime');

/** Each platform component and each agency's services, up, degraded, down or in maintenance; incidents with their updates; planned maintenance. */
export function StatusPage({ shell, board, reduced, languages }: { shell: Shell; board: StatusBoard | null; reduced: boolean; languages: Languages }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('status.title');
  const stamp = stampOf(tr);
  return (
    <Page shell={shell} title={title} head={<link rel="stylesheet" href="/status.css" />}>
      <h1 safe>{title}</h1>
      {reduced && <p class="notice" role="status" safe>{tr.t('status.reduced')}</p>}
      {board ? <p safe>{tr.t('status.takenAt', { time: stamp(board.takenAt) })}</p> : <p safe>{tr.t('status.unknown')}</p>}
      {board ? <Board shell={shell} board={board} reduced={reduced} stamp={stamp} languages={languages} /> : ''}
    </Page>
  );
}

function Board({ shell, board, reduced, stamp, languages }: { shell: Shell; board: StatusBoard; reduced: boolean; stamp: (iso: string) => string; languages: Languages }): JSX.Element {
  const { tr } = shell;
  const titles = new Map<string, Text>(board.agencies.flatMap((a) => a.services.map((s) => [s.id, s.title] as const)));
  const names = (a: { services: string[]; components: string[] }) =>
    [...a.components.map((c) => tr.t(`status.component.${c}`)), ...a.services.map((s) => tr.text(titles.get(s)) || s)].join(', ');
  // Without the database nothing is known to be up: only what was known to be worse is kept.
  const shown = (state: ServiceState): ServiceState => (reduced && state === 'up' ? 'degraded' : state);
  const windows = [...board.maintenance.active, ...board.maintenance.upcoming];
  return (
    <div>
      {board.incidents.length ? (
        <section aria-labelledby="incidents-heading">
          <h2 id="incidents-heading" safe>{tr.t('status.incidents')}</h2>
          {board.incidents.map((i) => <Incident shell={shell} incident={i} names={names(i)} stamp={stamp} languages={languages} />)}
        </section>
      ) : <p class="status-calm" safe>{tr.t('status.noIncidents')}</p>}
      {windows.length ? (
        <section aria-labelledby="maintenance-heading">
          <h2 id="maintenance-heading" safe>{tr.t('status.maintenanceHeading')}</h2>
          <ul class="status-windows">{windows.map((m) => <Window shell={shell} window={m} active={board.maintenance.active.includes(m)} names={names(m)} stamp={stamp} languages={languages} />)}</ul>
        </section>
      ) : ''}
      <h2 safe>{tr.t('status.platform')}</h2>
      <ul class="status-list">
        {board.components.map((c) => <li><span safe>{tr.t(`status.component.${c.id}`)}</span> <State shell={shell} state={shown(c.state)} /></li>)}
      </ul>
      {board.agencies.map((a) => (
        <section>
          <h2 safe>{tr.text(a.name)}</h2>
          <ul class="status-list">
            {a.services.map((s) => <li><span safe>{tr.text(s.title)}</span> <State shell={shell} state={shown(s.state)} /></li>)}
          </ul>
        </section>
      ))}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading" safe>{tr.t('status.history', { days: HISTORY_DAYS })}</h2>
        {board.history.length
          ? board.history.map((i) => <Incident shell={shell} incident={i} names={names(i)} stamp={stamp} languages={languages} folded />)
          : <p safe>{tr.t('status.noHistory', { days: HISTORY_DAYS })}</p>}
      </section>
    </div>
  );
}

function Incident({ shell, incident, names, stamp, languages, folded }: { shell: Shell; incident: PublicIncident; names: string; stamp: (iso: string) => string; languages: Languages; folded?: boolean }): JSX.Element {
  const { tr } = shell;
  const timeline = (
    <ol class="status-timeline">
      {incident.updates.map((u) => (
        <li>
          <p class="status-update-head"><strong safe>{tr.t(`status.incidentState.${u.state}`)}</strong> <time datetime={u.at} safe>{stamp(u.at)}</time></p>
          <Said tr={tr} text={u.body} languages={languages} />
        </li>
      ))}
    </ol>
  );
  return (
    <article class={`status-incident status-incident-${folded ? 'resolved' : incident.impact}`}>
      <h3 lang={incident.title[tr.locale] ? tr.locale : languages.fallback} safe>{tr.text(incident.title)}</h3>
      <p safe>{tr.t('status.affects', { names })}</p>
      {folded && incident.resolvedAt
        ? <details><summary safe>{tr.t('status.resolvedAt', { time: stamp(incident.resolvedAt) })}</summary>{timeline}</details>
        : <><p><State shell={shell} state={incident.impact} /></p>{timeline}</>}
    </article>
  );
}

function Window({ shell, window, active, names, stamp, languages }: { shell: Shell; window: PublicMaintenance; active: boolean; names: string; stamp: (iso: string) => string; languages: Languages }): JSX.Element {
  const { tr } = shell;
  return (
    <li>
      <p><strong safe>{tr.t('status.window', { from: stamp(window.startsAt), until: stamp(window.endsAt) })}</strong>{active ? <> <State shell={shell} state="maintenance" /></> : ''}</p>
      <p safe>{tr.t('status.affects', { names })}</p>
      <Said tr={tr} text={window.body} languages={languages} />
    </li>
  );
}
