import { DataTable } from '../../../platform/web/data-table.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { OperationCosts } from '../../packs/index.ts';
import type { Consolidation } from '../estimate-consolidation.ts';
import { BarChart } from './charts.tsx';
import { formats, OpsPage, type OpsView } from './layout.tsx';

export function ConsolidationPage({ shell, view, report, costs, print }: {
  shell: Shell; view: OpsView; report: (Consolidation & { whole: boolean }) | null; costs: OperationCosts | undefined; print: boolean;
}): JSX.Element {
  const { tr } = shell;
  const f = formats(tr);
  const money = (n: number) => f.money(n, costs?.currency ?? 'USD');
  const name = (id: string) => view.agencyNames.get(id) ?? id;
  return (
    <OpsPage shell={shell} view={view} title={tr.t('ops.consolidation.title')} here="/ops/consolidation">
      <div class={print ? 'ops-print-view' : ''}>
        <p>{tr.h('ops.consolidation.lead', { days: 7 })}</p>
        {!report || !costs ? <p>{tr.h('ops.consolidation.noCosts')}</p> : (
          <>
            {report.whole ? (
              <dl class="facts ops-figures">
                <dt>{tr.h('ops.consolidation.standaloneTotal')}</dt><dd safe>{money(report.standalone)}</dd>
                <dt>{tr.h('ops.consolidation.centerTotal')}</dt><dd safe>{money(report.center)}</dd>
                <dt>{tr.h('ops.consolidation.savings')}</dt><dd class="ops-ok" safe>{`${money(report.savings)} (${f.percent(report.standalone ? report.savings / report.standalone : 0)})`}</dd>
              </dl>
            ) : ''}
            <BarChart id="savings" title={tr.t('ops.consolidation.savingsBy')} format={money}
              rows={report.agencies.map((a) => ({ label: name(a.agencyId), value: Math.max(0, a.savings) }))} />
            <DataTable caption={tr.t('ops.consolidation.table')} columns={[tr.t('ops.col.agency'), tr.t('ops.col.requests'), tr.t('ops.col.storage'), tr.t('ops.col.computeShare'), tr.t('ops.col.standalone'), tr.t('ops.col.inCenter'), tr.t('ops.col.savings')]}>
              {report.agencies.map((a) => (
                <tr>
                  <th scope="row" safe>{name(a.agencyId)}</th>
                  <td safe>{f.number(a.requests)}</td>
                  <td safe>{f.bytes(a.storageBytes)}</td>
                  <td safe>{f.percent(a.computeShare)}</td>
                  <td safe>{money(a.standalone)}</td>
                  <td safe>{money(a.inCenter)}</td>
                  <td safe>{money(a.savings)}</td>
                </tr>
              ))}
            </DataTable>
            <h2>{tr.h('ops.consolidation.assumptions')}</h2>
            <ul>
              <li>{tr.h('ops.consolidation.standaloneRule', { servers: costs.minServersStandalone, staff: costs.opsStaffStandalone, server: money(costs.serverPerMonth), licence: money(costs.licencePerServerPerMonth), salary: money(costs.opsStaffPerMonth) })}</li>
              <li>{tr.h('ops.consolidation.centerRule', { servers: costs.centerServers, staff: costs.centerOpsStaff })}</li>
              <li>{tr.h('ops.consolidation.storageRule', { price: money(costs.storagePerGbMonth) })}</li>
            </ul>
          </>
        )}
        {print ? <p class="ops-no-print"><a href="/ops/consolidation">{tr.h('ops.consolidation.back')}</a></p>
          : <p class="ops-no-print"><a class="button secondary" href="/ops/consolidation?print=1">{tr.h('ops.consolidation.print')}</a></p>}
      </div>
    </OpsPage>
  );
}
