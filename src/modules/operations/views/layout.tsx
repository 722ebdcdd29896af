import type { Children } from '@kitajs/html';
import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { OpsLink } from '../../../platform/web/office-links.ts';
import type { Translator } from '../../../platform/i18n/i18n.ts';
import type { Health } from '../figures.ts';

/** What every console page knows of its viewer. */
export interface OpsView { links: readonly OpsLink[]; platform: boolean; operator: boolean; timeZone: string; agencyNames: Map<string, string> }

export function OpsPage({ shell, view, title, here, children }: { shell: Shell; view: OpsView; title: string; here: string; children?: Children }): JSX.Element {
  const { tr } = shell;
  return (
    <Page shell={shell} title={title} head={<link rel="stylesheet" href="/ops/console.css" />}>
      <nav class="ops-nav" aria-label={tr.t('ops.nav')}>
        <ul>
          {view.links.filter((l) => view.platform || !l.platformOnly).map((l) => (
            <li><a href={l.href} aria-current={l.href === here ? 'page' : undefined}>{tr.h(l.titleKey)}</a></li>
          ))}
        </ul>
      </nav>
      <h1 safe>{title}</h1>
      {view.platform ? '' : <p class="lead">{tr.h('ops.agencySlice', { agency: view.agencyNames.values().next().value ?? '' })}</p>}
      {children}
    </Page>
  );
}

export function HealthTag({ tr, health }: { tr: Translator; health: Health }): JSX.Element {
  return <span class={`ops-health ops-health-${health}`}>{tr.h(`ops.health.${health}`)}</span>;
}

/** Numbers, shares, milliseconds, bytes and times in the viewer's language. */
export function formats(tr: Translator) {
  const { locale } = tr;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
  return {
    number: (n: number) => number.format(n),
    percent: (n: number) => percent.format(n),
    ms: (n: number | null) => (n === null ? '–' : `${number.format(Math.round(n))} ms`),
    clock: (d: Date) => tr.when(d, 'clock'),
    stamp: (d: Date) => tr.when(d, 'dateTime'),
    bytes: (n: number) => {
      const units = ['B', 'KB', 'MB', 'GB', 'TB'];
      let i = 0;
      while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
      return `${number.format(n)} ${units[i]}`;
    },
    money: (n: number, currency: string) => new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(n),
  };
}
