import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { Bundle, Country, DataService } from '../../packs/index.ts';
import type { AgencyRow } from '../../agencies/index.ts';
import type { ServiceRow } from '../store.ts';
import type { ServiceFilter } from '../find-services.ts';
import { AgencyCard, ServiceCard, formatFee } from './components.tsx';

interface Catalog { country: Country; agencies: AgencyRow[]; services: ServiceRow[] }

const agencyOf = (agencies: AgencyRow[], id: string) => agencies.find((a) => a.id === id);

export function HomePage({ shell, catalog, documentsSpared = 0 }: { shell: Shell; catalog: Catalog; documentsSpared?: number }): JSX.Element {
  const { tr } = shell;
  const popular = catalog.services.filter((s) => s.popular);
  return (
    <Page shell={shell} title={tr.t('home.title')}>
      <section class="hero">
        <h1>{tr.h('home.heading')}</h1>
        <p class="lead">{tr.h('home.lead', { agencies: catalog.agencies.length, services: catalog.services.length })}</p>
        {documentsSpared > 0 ? <p>{tr.h('catalog.documentsSpared', { count: documentsSpared })}</p> : ''}
        <SearchForm shell={shell} query="" />
      </section>
      <section aria-labelledby="popular-heading">
        <h2 id="popular-heading">{tr.h('home.popular')}</h2>
        <ul class="cards">
          {popular.map((s) => <ServiceCard tr={tr} service={s} agency={agencyOf(catalog.agencies, s.agency_id)} />)}
        </ul>
      </section>
      <BrowseLinks shell={shell} catalog={catalog} />
      <section aria-labelledby="agencies-heading">
        <h2 id="agencies-heading">{tr.h('home.agencies')}</h2>
        <ul class="cards">
          {catalog.agencies.map((a) => <AgencyCard tr={tr} agency={a} count={catalog.services.filter((s) => s.agency_id === a.id).length} />)}
        </ul>
      </section>
    </Page>
  );
}

export function SearchForm({ shell, query }: { shell: Shell; query: string }): JSX.Element {
  const { tr } = shell;
  return (
    <form method="get" action="/services" role="search" class="search">
      <label for="q">{tr.h('catalog.searchLabel')}</label>
      <p id="q-hint" class="hint">{tr.h('catalog.searchHint')}</p>
      <div class="search-row">
        <input id="q" name="q" type="search" value={query} autocomplete="off" aria-describedby="q-hint" maxlength="100" />
        <button type="submit" class="button">{tr.h('catalog.search')}</button>
      </div>
    </form>
  );
}

export function AgenciesPage({ shell, catalog }: { shell: Shell; catalog: Catalog }): JSX.Element {
  const { tr } = shell;
  return (
    <Page shell={shell} title={tr.t('agencies.title')}>
      <h1>{tr.h('agencies.title')}</h1>
      <ul class="cards">
        {catalog.agencies.map((a) => <AgencyCard tr={tr} agency={a} count={catalog.services.filter((s) => s.agency_id === a.id).length} />)}
      </ul>
    </Page>
  );
}

export function AgencyPage({ shell, agency, services }: { shell: Shell; agency: AgencyRow; services: ServiceRow[] }): JSX.Element {
  const { tr } = shell;
  const name = tr.text(agency.name);
  return (
    <Page shell={shell} title={name}>
      <nav aria-label={tr.t('shell.breadcrumb')} class="breadcrumb"><ol><li><a href="/">{tr.h('shell.home')}</a></li><li><a href="/agencies">{tr.h('agencies.title')}</a></li></ol></nav>
      <h1 safe>{name}</h1>
      <p class="lead" safe>{tr.text(agency.description)}</p>
      <dl class="facts">
        {agency.contact.phone ? <><dt>{tr.h('agency.phone')}</dt><dd safe>{agency.contact.phone}</dd></> : ''}
        {agency.contact.email ? <><dt>{tr.h('agency.email')}</dt><dd safe>{agency.contact.email}</dd></> : ''}
        {agency.contact.address ? <><dt>{tr.h('agency.address')}</dt><dd safe>{tr.text(agency.contact.address)}</dd></> : ''}
      </dl>
      <h2>{tr.h('agency.services', { count: services.length })}</h2>
      <ul class="cards">{services.map((s) => <ServiceCard tr={tr} service={s} />)}</ul>
    </Page>
  );
}

export function ServicesPage({ shell, catalog, filter, results, bundles = [] }: { shell: Shell; catalog: Catalog; filter: ServiceFilter; results: ServiceRow[]; bundles?: Bundle[] }): JSX.Element {
  const { tr } = shell;
  const { country } = catalog;
  const category = country.categories.find((c) => c.id === filter.category);
  const lifeEvent = country.lifeEvents.find((e) => e.id === filter.lifeEvent);
  const heading = filter.q ? tr.t('catalog.resultsFor', { query: filter.q, count: results.length })
    : category ? tr.text(category.title) : lifeEvent ? tr.text(lifeEvent.title) : tr.t('catalog.allServices');
  const card = (s: ServiceRow) => <ServiceCard tr={tr} service={s} agency={agencyOf(catalog.agencies, s.agency_id)} />;
  return (
    <Page shell={shell} title={heading}>
      {filter.q ? '' : <Breadcrumb shell={shell} trail={category || lifeEvent ? [{ href: '/services', label: tr.t('catalog.allServices') }] : []} />}
      <h1 safe>{heading}</h1>
      {filter.q ? '' : <p class="lead">{tr.h('catalog.serviceCount', { count: results.length })}</p>}
      <SearchForm shell={shell} query={filter.q} />
      {bundles.map((b) => (
        <section class="panel bundle-offer" aria-labelledby={`bundle-${b.id}`}>
          <h2 id={`bundle-${b.id}`}><a href={`/bundles/${encodeURIComponent(b.id)}`} safe>{tr.text(b.title)}</a></h2>
          <p safe>{tr.text(b.summary)}</p>
        </section>
      ))}
      {results.length === 0 ? <NoResults shell={shell} query={filter.q} />
        : filter.q || category ? <ul class="cards results">{results.map(card)}</ul>
        : byCategory(country, results).map((g) => (
          <section aria-labelledby={`cat-${g.category.id}`}>
            <h2 id={`cat-${g.category.id}`}><a href={categoryHref(g.category.id)} safe>{tr.text(g.category.title)}</a></h2>
            <ul class="cards">{g.services.map(card)}</ul>
          </section>
        ))}
      <BrowseLinks shell={shell} catalog={catalog} current={filter.q ? {} : filter} />
      <p><a href="/agencies">{tr.h('catalog.byAgency')}</a></p>
    </Page>
  );
}

function NoResults({ shell, query }: { shell: Shell; query: string }): JSX.Element {
  const { tr } = shell;
  return (
    <div class="panel empty" role="status">
      <h2>{query ? tr.h('catalog.noMatch', { query }) : tr.h('catalog.noServices')}</h2>
      <p>{tr.h('catalog.noMatchTips')}</p>
    </div>
  );
}

const categoryHref = (id: string) => `/services?category=${encodeURIComponent(id)}`;
const lifeEventHref = (id: string) => `/services?lifeEvent=${encodeURIComponent(id)}`;

function byCategory(country: Country, services: ServiceRow[]) {
  return country.categories.map((c) => ({ category: c, services: services.filter((s) => s.category === c.id) })).filter((g) => g.services.length);
}

/** The ways in that are not a search: by moment in life and by topic. */
export function BrowseLinks({ shell, catalog, current = {} }: { shell: Shell; catalog: Catalog; current?: { category?: string; lifeEvent?: string } }): JSX.Element {
  const { tr } = shell;
  const categories = catalog.country.categories.filter((c) => catalog.services.some((s) => s.category === c.id));
  const lifeEvents = catalog.country.lifeEvents.filter((e) => catalog.services.some((s) => s.life_events.includes(e.id)));
  return (
    <>
      <section aria-labelledby="life-heading">
        <h2 id="life-heading">{tr.h('home.lifeEvents')}</h2>
        <ul class="pills">{lifeEvents.map((e) => <li><a class="pill" href={lifeEventHref(e.id)} aria-current={e.id === current.lifeEvent ? 'page' : undefined} safe>{tr.text(e.title)}</a></li>)}</ul>
      </section>
      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading">{tr.h('catalog.byCategory')}</h2>
        <ul class="pills">{categories.map((c) => <li><a class="pill" href={categoryHref(c.id)} aria-current={c.id === current.category ? 'page' : undefined} safe>{tr.text(c.title)}</a></li>)}</ul>
      </section>
    </>
  );
}

function Breadcrumb({ shell, trail }: { shell: Shell; trail: { href: string; label: string }[] }): JSX.Element {
  const { tr } = shell;
  return (
    <nav aria-label={tr.t('shell.breadcrumb')} class="breadcrumb">
      <ol>
        <li><a href="/">{tr.h('shell.home')}</a></li>
        {trail.map((step) => <li><a href={step.href} safe>{step.label}</a></li>)}
      </ol>
    </nav>
  );
}

/** A paper the service gets from another agency, with the consent of the resident, instead of asking for it. */
export interface PaperFetched { ds: DataService; agency: AgencyRow | undefined }

export function ServicePage({ shell, country, service, agency, fetched = [] }: { shell: Shell; country: Country; service: ServiceRow; agency: AgencyRow; fetched?: PaperFetched[] }): JSX.Element {
  const { tr } = shell;
  const s = service.definition;
  const title = tr.text(s.title);
  const category = country.categories.find((c) => c.id === service.category);
  const lifeEvents = country.lifeEvents.filter((e) => service.life_events.includes(e.id));
  return (
    <Page shell={shell} title={title}>
      <Breadcrumb shell={shell} trail={category ? [{ href: categoryHref(category.id), label: tr.text(category.title) }] : []} />
      <h1 safe>{title}</h1>
      <p class="lead" safe>{tr.text(s.summary)}</p>
      <dl class="facts">
        <dt>{tr.h('service.agency')}</dt><dd><a href={`/agencies/${agency.id}`} safe>{tr.text(agency.name)}</a></dd>
        <dt>{tr.h('service.fee')}</dt><dd safe>{formatFee(tr, s.fee.amount, country.currencySymbol ?? country.currency)}</dd>
        <dt>{tr.h('service.time')}</dt><dd>{s.processingDays === 0 ? tr.h('service.immediate') : tr.h('service.days', { days: s.processingDays })}</dd>
        <dt>{tr.h('service.result')}</dt><dd safe>{s.document ? tr.text(s.document.title) : tr.t('service.noDocument')}</dd>
      </dl>
      {s.fee.note ? <p class="note" safe>{tr.text(s.fee.note)}</p> : ''}
      <p class="apply"><a class="button" href={`/services/${encodeURIComponent(s.id)}/apply`}>{tr.h('catalog.apply')}</a></p>
      <h2>{tr.h('service.about')}</h2>
      <p safe>{tr.text(s.description)}</p>
      <h2>{tr.h('service.eligibility')}</h2>
      <p safe>{tr.text(s.eligibility)}</p>
      <h2>{tr.h('service.youNeed')}</h2>
      {s.requiredDocuments?.length
        ? <ul class="bullets">{s.requiredDocuments.map((d) => <li safe>{tr.text(d)}</li>)}</ul>
        : <p>{tr.h('service.nothingToBring')}</p>}
      {fetched.length ? <>
        <h2>{tr.h('catalog.noNeedToBring')}</h2>
        <ul class="bullets">{fetched.map((f) => <li>{tr.h('catalog.weGet', { document: tr.text(f.ds.replacesDocument) || tr.text(f.ds.title), agency: tr.text(f.agency?.name) || f.ds.agency })}</li>)}</ul>
      </> : ''}
      <h2>{tr.h('service.steps')}</h2>
      <ol class="steps">{s.workflow.steps.map((step) => <li safe>{tr.text(step.title)}</li>)}</ol>
      {lifeEvents.length ? <>
        <h2>{tr.h('catalog.partOfLifeEvents')}</h2>
        <ul class="pills">{lifeEvents.map((e) => <li><a class="pill" href={lifeEventHref(e.id)} safe>{tr.text(e.title)}</a></li>)}</ul>
      </> : ''}
    </Page>
  );
}
