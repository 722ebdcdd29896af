import type { Children } from '@kitajs/html';
import type { Shell } from './shell.ts';
import { assetUrl } from './asset-urls.ts';
import { LOCALE_NAMES } from './locale-names.ts';

const TEXT_SIZES = ['normal', 'large', 'x-large'] as const;

export interface PageProps {
  shell: Shell;
  title: string;
  children?: Children;
  /** Extra elements for <head> (a web app manifest, for one). */
  head?: Children;
}

export function Page({ shell, title, children, head }: PageProps): JSX.Element {
  const { tr, prefs } = shell;
  const country = tr.text(shell.countryName);
  return (
    <>
      {'<!doctype html>'}
      <html lang={tr.locale} dir={tr.dir} data-text-size={prefs.textSize} data-contrast={prefs.contrast}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${title} | ${country}`}</title>
          <link rel="stylesheet" href={assetUrl('hanaro.css')} />
          <link rel="stylesheet" href="/theme.css" />
          <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
          {head ?? ''}
        </head>
        <body>
          <a class="skip-link" href="#main">{tr.h('shell.skipToContent')}</a>
          <Header shell={shell} country={country} />
          {shell.resident?.actingFor ? <ActingForBanner shell={shell} /> : ''}
          <main id="main" tabindex="-1" class="container">
            {children}
          </main>
          <Footer shell={shell} country={country} />
        </body>
      </html>
    </>
  );
}

function Header({ shell, country }: { shell: Shell; country: string }): JSX.Element {
  const { tr } = shell;
  return (
    <header class="site-header">
      <div class="masthead">
        <div class="container masthead-inner">
          <span class="official-banner">{tr.h('shell.officialSite', { country })}</span>
        </div>
      </div>
      <div class="container header-inner">
        <a class="brand" href="/">
          {shell.emblem ? <span class="emblem" aria-hidden="true" safe>{shell.emblem}</span> : ''}
          <span class="brand-name" safe>{country}</span>
        </a>
        <nav class="header-nav" aria-label={tr.t('shell.mainNav')}>
          <ul>
            <li><a href="/agencies">{tr.h('shell.nav.agencies')}</a></li>
            <li><a href="/services">{tr.h('shell.nav.services')}</a></li>
            {shell.staff ? <li><a href="/office">{tr.h('shell.nav.office')}</a></li> : ''}
            {shell.resident
              ? <li><a href="/me">{tr.h('shell.nav.myPage')}{shell.resident.unread ? <span class="badge">{tr.h('shell.nav.unread', { count: shell.resident.unread })}</span> : ''}</a></li>
              // A signed-in officer is not asked to sign in: their way in and out is the back office.
              : shell.staff ? '' : <li><a href="/sign-in/start">{tr.h('shell.nav.signIn')}</a></li>}
          </ul>
        </nav>
      </div>
      <Settings shell={shell} />
    </header>
  );
}

/** On every page while a representative acts for someone: whose data this is, and the way back. */
function ActingForBanner({ shell }: { shell: Shell }): JSX.Element {
  const { tr } = shell;
  return (
    <div class="acting-for" role="region" aria-label={tr.t('shell.actingFor.region')}>
      <form class="container acting-for-inner" method="post" action="/me/acting-for/stop">
        <input type="hidden" name="_csrf" value={shell.csrfToken} />
        <p>{tr.h('shell.actingFor', { name: shell.resident!.name })}</p>
        <button type="submit" class="button secondary">{tr.h('shell.actingFor.stop')}</button>
      </form>
    </div>
  );
}

function Settings({ shell }: { shell: Shell }): JSX.Element {
  const { tr, prefs } = shell;
  return (
    <form class="settings container" method="get" action="/preferences">
      <input type="hidden" name="return" value={shell.here} />
      <fieldset class="setting">
        <legend>{tr.h('shell.language')}</legend>
        {shell.locales.map((l) => (
          <button type="submit" name="lang" value={l} lang={l} class="chip" aria-pressed={String(l === tr.locale)} safe>
            {LOCALE_NAMES[l] ?? l}
          </button>
        ))}
      </fieldset>
      {/* Folded on every page, so that large text on a small screen starts with the page; the summary says what is chosen. */}
      <details class="display-settings">
        <summary>{tr.h('shell.displaySettings')}<ChosenDisplay shell={shell} /></summary>
        <fieldset class="setting">
          <legend>{tr.h('shell.textSize')}</legend>
          {TEXT_SIZES.map((size) => (
            <button type="submit" name="textSize" value={size} class={`chip size-${size}`} aria-pressed={String(prefs.textSize === size)}>
              {tr.h(`shell.textSize.${size}`)}
            </button>
          ))}
        </fieldset>
        <fieldset class="setting">
          <legend>{tr.h('shell.contrast')}</legend>
          <button type="submit" name="contrast" value={prefs.contrast === 'high' ? 'normal' : 'high'} class="chip" aria-pressed={String(prefs.contrast === 'high')}>
            {tr.h('shell.highContrast')}
          </button>
        </fieldset>
      </details>
    </form>
  );
}

/** What the reader chose, beside the folded settings' summary: nothing while both are the default. */
function ChosenDisplay({ shell }: { shell: Shell }): JSX.Element {
  const { tr, prefs } = shell;
  const chosen = [prefs.textSize !== 'normal' ? tr.t(`shell.textSize.${prefs.textSize}`) : '', prefs.contrast === 'high' ? tr.t('shell.highContrast') : ''].filter(Boolean);
  return chosen.length ? <span class="chosen-display" safe>{tr.t('shell.displaySettings.chosen', { chosen: chosen.join(', ') })}</span> : <></>;
}

function Footer({ shell, country }: { shell: Shell; country: string }): JSX.Element {
  const { tr } = shell;
  return (
    <footer class="site-footer">
      <div class="container">
        <p class="footer-country" safe>{country}</p>
        <ul class="footer-links">
          <li><a href="/agencies">{tr.h('shell.nav.agencies')}</a></li>
          <li><a href="/services">{tr.h('shell.nav.services')}</a></li>
          <li><a href="/accessibility">{tr.h('shell.accessibility')}</a></li>
          <li>{shell.staff ? <a href="/office">{tr.h('shell.nav.office')}</a> : <a href="/office/sign-in">{tr.h('shell.nav.staffSignIn')}</a>}</li>
        </ul>
        <p class="powered">{tr.h('shell.poweredBy')}</p>
      </div>
    </footer>
  );
}

export function ErrorPage({ shell, status, message }: { shell: Shell; status: number; message: string }): JSX.Element {
  const { tr } = shell;
  const title = tr.t(status === 404 ? 'error.title.404' : status >= 500 ? 'error.title.500' : 'error.title.4xx');
  return (
    <Page shell={shell} title={title}>
      <div class="error-page">
        <h1 safe>{title}</h1>
        <p safe>{message}</p>
        <p><a href="/" class="button">{tr.h('error.backHome')}</a></p>
      </div>
    </Page>
  );
}
