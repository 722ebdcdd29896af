import { DataTable } from '../../../platform/web/data-table.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { AgencySummary } from '../show-console.ts';
import type { ServiceDetail } from '../show-service.ts';
import { LineChart, Sparkline } from './charts.tsx';
import { formats, HealthTag, OpsPage, type OpsView } from './layout.tsx';
import { bucketTimes } from '../time-series.ts';
import { FAST_BURN, SLOW_BURN } from '../figures.ts';

export function ConsolePage({ shell, view, agencies }: { shell: Shell; view: OpsView; agencies: AgencySummary[] }): JSX.Element {
  const { tr } = shell;
  const f = formats(tr);
  return (
    <OpsPage shell={shell} view={view} title={tr.t('ops.console.title')} here="/ops">
      <p>{tr.h('ops.console.lead')}</p>
      {agencies.map((a) => {
        const counts = { up: 0, degraded: 0, down: 0, idle: 0 };
        for (const s of a.services) counts[s.health]++;
        return (
          <section class="ops-agency" aria-labelledby={`agency-${a.id}`}>
            <h2 id={`agency-${a.id}`} safe>{tr.text(a.name)}</h2>
            <p class="hint">{tr.h('ops.console.agencyHealth', counts)}</p>
            <DataTable caption={tr.t('ops.console.servicesOf', { agency: tr.text(a.name) })} columns={[
              tr.t('ops.col.service'), tr.t('ops.col.health'), tr.t('ops.col.traffic'), tr.t('ops.col.requests'), tr.t('ops.col.errorRate'),
              'p50', 'p95', 'p99', tr.t('ops.col.backlog'), tr.t('ops.col.overdue')]}>
              {a.services.map((s) => (
                <tr>
                  <th scope="row"><a href={`/ops/services/${s.id}`} safe>{tr.text(s.title)}</a></th>
                  <td><HealthTag tr={tr} health={s.health} /></td>
                  <td><Sparkline values={s.perMinute} label={tr.t('ops.console.sparkline', { service: tr.text(s.title), requests: s.hour.requests, max: Math.max(0, ...s.perMinute) })} /></td>
                  <td safe>{f.number(s.hour.requests)}</td>
                  <td>{s.hour.requests ? <span safe>{f.percent(s.errorRate)}</span> : '–'}</td>
                  <td safe>{f.ms(s.p50)}</td>
                  <td class={s.p95 !== null && s.p95 > s.slo.latencyP95Ms ? 'ops-over' : ''} safe>{f.ms(s.p95)}</td>
                  <td safe>{f.ms(s.p99)}</td>
                  <td safe>{f.number(s.backlog)}</td>
                  <td class={s.overdue ? 'ops-over' : ''} safe>{f.number(s.overdue)}</td>
                </tr>
              ))}
            </DataTable>
          </section>
        );
      })}
    </OpsPage>
  );
}

export function ServicePage({ shell, view, detail }: { shell: Shell; view: OpsView; detail: ServiceDetail }): JSX.Element {
  const { tr } = shell;
  const f = formats(tr);
  const title = tr.text(detail.title);
  const hourLabels = bucketTimes(detail.hour.axis).map(f.clock);
  const dayLabels = bucketTimes(detail.day.axis).map(f.clock);
  const traffic = (which: 'hour' | 'day', labels: string[]) => {
    const c = detail[which];
    const requests = c.figures.map((x) => x.requests);
    return (
      <LineChart id={`traffic-${which}`} title={tr.t(`ops.service.traffic.${which}`)} labels={labels} format={f.number}
        summary={tr.t('ops.service.traffic.summary', { total: requests.reduce((a, b) => a + b, 0), max: Math.max(0, ...requests), errors5xx: c.figures.reduce((a, x) => a + x.errors5xx, 0), errors4xx: c.figures.reduce((a, x) => a + x.errors4xx, 0) })}
        series={[{ name: tr.t('ops.series.requests'), values: requests }, { name: tr.t('ops.series.errors5xx'), values: c.figures.map((x) => x.errors5xx) }, { name: tr.t('ops.series.errors4xx'), values: c.figures.map((x) => x.errors4xx) }]}
        tableLabel={tr.t('ops.chart.asTable')} tableCaption={tr.t(`ops.service.traffic.${which}`)} />
    );
  };
  const latency = (which: 'hour' | 'day', labels: string[]) => {
    const c = detail[which];
    const p95s = c.percentiles.map((p) => p.p95).filter((v): v is number => v !== null);
    return (
      <LineChart id={`latency-${which}`} title={tr.t(`ops.service.latency.${which}`)} labels={labels} format={(v) => f.ms(v)}
        summary={tr.t('ops.service.latency.summary', { worst: p95s.length ? f.ms(Math.max(...p95s)) : '–', target: f.ms(detail.slo.latencyP95Ms) })}
        series={[{ name: 'p50', values: c.percentiles.map((p) => p.p50) }, { name: 'p95', values: c.percentiles.map((p) => p.p95) }, { name: 'p99', values: c.percentiles.map((p) => p.p99) }]}
        tableLabel={tr.t('ops.chart.asTable')} tableCaption={tr.t(`ops.service.latency.${which}`)} />
    );
  };
  const burnClass = (v: number, limit: number) => (v >= limit ? 'ops-over' : '');
  return (
    <OpsPage shell={shell} view={view} title={title} here="">
      <p><a href="/ops">{tr.h('ops.back')}</a></p>
      <p>{tr.h('ops.service.agency', { agency: view.agencyNames.get(detail.agencyId) ?? detail.agencyId })} <HealthTag tr={tr} health={detail.health} /></p>
      <section class="panel" aria-labelledby="slo-heading">
        <h2 id="slo-heading">{tr.h('ops.slo.title')}</h2>
        <dl class="facts">
          <dt>{tr.h('ops.slo.availability')}</dt><dd safe>{`${f.number(detail.slo.availability)} %`}</dd>
          <dt>{tr.h('ops.slo.latency')}</dt><dd safe>{tr.t('ops.slo.latencyTarget', { ms: f.ms(detail.slo.latencyP95Ms) })}</dd>
          <dt>{tr.h('ops.slo.budget', { days: 7 })}</dt>
          <dd class={detail.budget.remaining < 0 ? 'ops-over' : ''} safe>{tr.t('ops.slo.budgetLeft', { left: f.percent(detail.budget.remaining), errors: detail.budget.errors, requests: detail.budget.requests })}</dd>
        </dl>
        <h3>{tr.h('ops.burn.title')}</h3>
        <p class="hint">{tr.h('ops.burn.lead', { fast: FAST_BURN, slow: SLOW_BURN })}</p>
        <dl class="facts">
          <dt>{tr.h('ops.burn.h1')}</dt><dd class={burnClass(detail.burn.h1, FAST_BURN)} safe>{f.number(detail.burn.h1)}</dd>
          <dt>{tr.h('ops.burn.m5')}</dt><dd class={burnClass(detail.burn.m5, FAST_BURN)} safe>{f.number(detail.burn.m5)}</dd>
          <dt>{tr.h('ops.burn.h6')}</dt><dd class={burnClass(detail.burn.h6, SLOW_BURN)} safe>{f.number(detail.burn.h6)}</dd>
          <dt>{tr.h('ops.burn.m30')}</dt><dd class={burnClass(detail.burn.m30, SLOW_BURN)} safe>{f.number(detail.burn.m30)}</dd>
        </dl>
        <p class={detail.burn.alert === 'none' ? '' : 'ops-alert'} role={detail.burn.alert === 'none' ? undefined : 'status'}>{tr.h(`ops.burn.alert.${detail.burn.alert}`)}</p>
      </section>
      <h2>{tr.h('ops.service.lastHour')}</h2>
      {traffic('hour', hourLabels)}
      {latency('hour', hourLabels)}
      <h2>{tr.h('ops.service.lastDay')}</h2>
      {traffic('day', dayLabels)}
      {latency('day', dayLabels)}
    </OpsPage>
  );
}
