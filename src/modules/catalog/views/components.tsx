import type { Translator } from '../../../platform/i18n/i18n.ts';
import type { ServiceRow } from '../store.ts';
import type { AgencyRow } from '../../agencies/index.ts';

export function ServiceCard({ tr, service, agency }: { tr: Translator; service: ServiceRow; agency?: AgencyRow }): JSX.Element {
  const s = service.definition;
  return (
    <li class="card">
      <h3 class="card-title"><a href={`/services/${s.id}`} safe>{tr.text(s.title)}</a></h3>
      <p safe>{tr.text(s.summary)}</p>
      {agency ? <p class="card-meta" safe>{tr.text(agency.name)}</p> : ''}
    </li>
  );
}

export function AgencyCard({ tr, agency, count }: { tr: Translator; agency: AgencyRow; count: number }): JSX.Element {
  return (
    <li class="card">
      <h3 class="card-title"><a href={`/agencies/${agency.id}`} safe>{tr.text(agency.name)}</a></h3>
      <p safe>{tr.text(agency.description)}</p>
      <p class="card-meta">{tr.h('catalog.serviceCount', { count })}</p>
    </li>
  );
}

export function formatFee(tr: Translator, amount: number, symbol: string): string {
  if (amount === 0) return tr.t('catalog.free');
  return tr.t('catalog.fee', { amount: amount.toLocaleString(tr.locale), symbol });
}
