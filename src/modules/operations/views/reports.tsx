import { DataTable } from '../../../platform/web/data-table.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { CapacityReport } from '../measure-capacity.ts';
import type { SecurityReport } from '../list-security-events.ts';
import { BarChart, LineChart } from './charts.tsx';
import { formats, OpsPage, type OpsView } from './layout.tsx';

export function CapacityPage({ shell, view, report }: { shell: Shell; view: OpsView; report: CapacityReport }): JSX.Element {
  const { tr } = shell;
  const f = formats(tr);
  const name = (id: string) => view.agencyNames.get(id) ?? id;
  const days = [...new Set(report.snapshots.map((s) => s.day))];
  const growthAgencies = [...new Set(report.snapshots.map((s) => s.agencyId))].filter((a) => a !== 'platform');
  return (
    <OpsPage shell={shell} view={view} title={tr.t('ops.capacity.title')} here="/ops/capacity">
      <p>{tr.h('ops.capacity.lead')}</p>
      {report.databaseBytes !== null ? <p class="ops-figure">{tr.h('ops.capacity.database', { size: f.bytes(report.databaseBytes) })}</p> : ''}
      <BarChart id="db-size" title={tr.t('ops.capacity.byAgency')} format={f.bytes}
        rows={report.agencies.map((a) => ({ label: name(a.agencyId), value: a.databaseBytes }))} />
      {days.length > 1 ? (
        <LineChart id="growth" title={tr.t('ops.capacity.growth')} labels={days} format={f.bytes}
          summary={tr.t('ops.capacity.growthSummary', { days: days.length })}
          series={growthAgencies.slice(0, 4).map((a) => ({ name: name(a), values: days.map((d) => report.snapshots.find((s) => s.day === d && s.agencyId === a)?.bytes ?? null) }))}
          tableLabel={tr.t('ops.chart.asTable')} tableCaption={tr.t('ops.capacity.growth')} />
      ) : <p class="hint">{tr.h('ops.capacity.growthSoon')}</p>}
      <DataTable caption={tr.t('ops.capacity.table')} columns={[tr.t('ops.col.agency'), tr.t('ops.col.dbSize'), tr.t('ops.col.rows'), tr.t('ops.col.growth'), tr.t('ops.col.files'), tr.t('ops.col.documents')]}>
        {report.agencies.map((a) => (
          <tr>
            <th scope="row" safe>{name(a.agencyId)}</th>
            <td safe>{f.bytes(a.databaseBytes)}</td>
            <td safe>{f.number(a.rows)}</td>
            <td safe>{a.growthBytes === null ? '–' : f.bytes(a.growthBytes)}</td>
            <td safe>{f.bytes(a.applicationFileBytes)}</td>
            <td safe>{f.bytes(a.documentBytes)}</td>
          </tr>
        ))}
      </DataTable>
      {report.queues ? (
        <>
          <h2>{tr.h('ops.capacity.queues')}</h2>
          {report.queues.length ? (
            <BarChart id="queues" title={tr.t('ops.capacity.queues')} format={f.number} rows={report.queues.map((q) => ({ label: q.queue, value: q.depth }))} />
          ) : <p>{tr.h('ops.capacity.noQueues')}</p>}
        </>
      ) : ''}
    </OpsPage>
  );
}

export function SecurityPage({ shell, view, report, verified }: { shell: Shell; view: OpsView; report: SecurityReport; verified?: boolean }): JSX.Element {
  const { tr } = shell;
  const f = formats(tr);
  const name = (id: string) => view.agencyNames.get(id) ?? tr.t('ops.platform');
  const check = report.lastCheck;
  return (
    <OpsPage shell={shell} view={view} title={tr.t('ops.security.title')} here="/ops/security">
      <p>{tr.h('ops.security.lead', { hours: 24 })}</p>
      {verified ? <p class="notice" role="status">{tr.h('ops.security.verifiedNow')}</p> : ''}
      <dl class="facts ops-figures">
        {report.failedSignIns !== null ? <><dt>{tr.h('ops.security.failedSignIns')}</dt><dd safe>{f.number(report.failedSignIns)}</dd></> : ''}
        <dt>{tr.h('ops.security.throttled')}</dt><dd safe>{f.number(report.throttled.reduce((a, t) => a + t.requests, 0))}</dd>
        <dt>{tr.h('ops.security.refused')}</dt><dd safe>{f.number(report.refused.total)}</dd>
      </dl>
      {report.throttled.length ? <BarChart id="throttled" title={tr.t('ops.security.throttledBy')} format={f.number} rows={report.throttled.map((t) => ({ label: name(t.agencyId), value: t.requests }))} /> : ''}
      {report.refused.byAgency.length ? <BarChart id="refused" title={tr.t('ops.security.refusedBy')} format={f.number} rows={report.refused.byAgency.map((r) => ({ label: name(r.agency_id), value: r.refused }))} /> : ''}
      <section class="panel" aria-labelledby="audit-heading">
        <h2 id="audit-heading">{tr.h('ops.audit.title')}</h2>
        {check ? (
          <p class={check.ok ? 'ops-ok' : 'ops-alert'}>{check.ok
            ? tr.h('ops.audit.ok', { when: f.stamp(new Date(check.checked_at)), entries: check.entries, chains: check.chains })
            : check.break_chain ? tr.h('ops.audit.broken', { when: f.stamp(new Date(check.checked_at)), chain: check.break_chain, seq: check.break_seq ?? 0, reason: check.break_reason ?? '' })
              : tr.h('ops.audit.brokenElsewhere', { when: f.stamp(new Date(check.checked_at)) })}</p>
        ) : <p>{tr.h('ops.audit.never')}</p>}
        {view.operator ? (
          <form method="post" action="/ops/security/verify-audit">
            <input type="hidden" name="_csrf" value={shell.csrfToken} />
            <button type="submit" class="button">{tr.h('ops.audit.verify')}</button>
          </form>
        ) : ''}
      </section>
    </OpsPage>
  );
}
