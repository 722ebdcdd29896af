import type { Children } from '@kitajs/html';
import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';

/** Words the wallet's scripts show, handed over in a data attribute (no inline script under the CSP). */
const SCRIPT_MESSAGES = [
  'wallet.js.empty', 'wallet.js.format.sdJwt', 'wallet.js.format.mdoc', 'wallet.js.receivedOn', 'wallet.js.remove', 'wallet.js.removeConfirm',
  'wallet.js.receiving', 'wallet.js.received', 'wallet.js.pinNeeded', 'wallet.js.receiveFailed', 'wallet.js.badOffer', 'wallet.js.otherIssuer',
  'wallet.js.loading', 'wallet.js.noMatch', 'wallet.js.badRequest', 'wallet.js.untrusted', 'wallet.js.sending', 'wallet.js.sent', 'wallet.js.declined',
  'wallet.js.sendFailed', 'wallet.js.offline', 'wallet.js.cameraFailed', 'wallet.js.noCamera', 'wallet.js.notALink', 'wallet.js.from',
  'wallet.js.getFailed', 'wallet.js.getDeclined', 'wallet.js.issuerUntrusted', 'wallet.js.issuerNameMismatch', 'wallet.js.issuerUnconfirmed',
  'wallet.js.showWaiting', 'wallet.js.showExpired', 'wallet.js.showFailed', 'wallet.js.showOffline', 'wallet.js.yes', 'wallet.js.no',
] as const;
const PLACEHOLDERS = Object.fromEntries(['date', 'count', 'party', 'credential', 'issuer'].map((name) => [name, `{${name}}`]));

function WalletShell({ shell, title, kind, children }: { shell: Shell; title: string; kind: string; children: Children }): JSX.Element {
  const { tr } = shell;
  // The scripts fill the placeholders themselves, so they are handed over as placeholders.
  const messages = JSON.stringify(Object.fromEntries(SCRIPT_MESSAGES.map((k) => [k.slice('wallet.js.'.length), tr.t(k, PLACEHOLDERS)])));
  const head = (
    <>
      <link rel="manifest" href="/wallet/manifest.webmanifest" />
      <meta name="theme-color" content="#0b3d91" />
      <link rel="stylesheet" href="/assets/wallet/wallet.css" />
    </>
  );
  return (
    <Page shell={shell} title={title} head={head}>
      <div class="wallet" data-wallet={kind} data-messages={messages}>
        {children}
      </div>
      <script type="module" src={`/assets/wallet/wallet-${kind}.js`}></script>
    </Page>
  );
}

const NeedsScript = ({ shell }: { shell: Shell }) => <noscript><p class="notice">{shell.tr.h('wallet.needsScript')}</p></noscript>;

export function WalletHomePage({ shell }: { shell: Shell }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('wallet.title');
  return (
    <WalletShell shell={shell} title={title} kind="home">
      <h1 safe>{title}</h1>
      <p>{tr.h('wallet.intro')}</p>
      <NeedsScript shell={shell} />
      <p class="wallet-actions">
        <a class="button" href="/wallet/scan">{tr.h('wallet.present')}</a>
        <a class="button" href="/wallet/show">{tr.h('wallet.showQr')}</a>
        <a class="button secondary" href="/me/wallet">{tr.h('wallet.get')}</a>
        <a class="button secondary" href="/wallet/get">{tr.h('wallet.getBySigningIn')}</a>
      </p>
      <h2>{tr.h('wallet.held')}</h2>
      <p id="wallet-empty" hidden>{tr.h('wallet.js.empty')}</p>
      <ul class="cards wallet-cards" id="wallet-cards"></ul>
      <p class="hint">{tr.h('wallet.offlineHint')}</p>
    </WalletShell>
  );
}

export function ReceivePage({ shell }: { shell: Shell }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('wallet.receive.title');
  return (
    <WalletShell shell={shell} title={title} kind="receive">
      <h1 safe>{title}</h1>
      <NeedsScript shell={shell} />
      <p id="wallet-status" role="status"></p>
      <form id="wallet-pin" class="wallet-pin" hidden novalidate>
        <div class="field">
          <label for="tx-code">{tr.h('wallet.receive.pin')}</label>
          <p class="hint" id="tx-code-hint">{tr.h('wallet.receive.pinHint')}</p>
          <p class="field-error" id="tx-code-error" hidden>{tr.h('wallet.receive.pinInvalid')}</p>
          <input id="tx-code" name="tx_code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" aria-describedby="tx-code-hint" />
        </div>
        <button type="submit" class="button">{tr.h('wallet.receive.continue')}</button>
      </form>
      <ul class="cards wallet-cards" id="wallet-cards"></ul>
      <p><a href="/wallet/">{tr.h('wallet.back')}</a></p>
    </WalletShell>
  );
}

export function GetPage({ shell, clientId }: { shell: Shell; clientId: string }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('wallet.getPage.title');
  return (
    <WalletShell shell={shell} title={title} kind="get">
      <h1 safe>{title}</h1>
      <p>{tr.h('wallet.getPage.lead')}</p>
      <NeedsScript shell={shell} />
      <p id="wallet-status" role="status"></p>
      <ul class="wallet-get-types" id="wallet-get-types" data-client-id={clientId}></ul>
      <p><a href="/wallet/">{tr.h('wallet.back')}</a></p>
    </WalletShell>
  );
}

export function AuthorizedPage({ shell, clientId }: { shell: Shell; clientId: string }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('wallet.receive.title');
  return (
    <WalletShell shell={shell} title={title} kind="authorized">
      <h1 safe>{title}</h1>
      <NeedsScript shell={shell} />
      <p id="wallet-status" role="status"></p>
      <ul class="cards wallet-cards" id="wallet-cards" data-client-id={clientId}></ul>
      <p><a href="/wallet/">{tr.h('wallet.back')}</a></p>
    </WalletShell>
  );
}

export function PresentPage({ shell }: { shell: Shell }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('wallet.present.title');
  return (
    <WalletShell shell={shell} title={title} kind="present">
      <h1 safe>{title}</h1>
      <NeedsScript shell={shell} />
      <p id="wallet-status" role="status"></p>
      <section id="wallet-consent" class="wallet-consent" hidden aria-labelledby="consent-heading">
        <h2 id="consent-heading"><span id="consent-party"></span> {tr.h('wallet.present.asks')}</h2>
        <ul id="consent-claims" class="wallet-claims"></ul>
        <p id="consent-credential"></p>
        <p class="hint">{tr.h('wallet.present.onlyThese')}</p>
        <p class="wallet-actions">
          <button type="button" class="button" id="consent-share">{tr.h('wallet.present.share')}</button>
          <button type="button" class="button secondary" id="consent-decline">{tr.h('wallet.present.decline')}</button>
        </p>
      </section>
      <p><a href="/wallet/">{tr.h('wallet.back')}</a></p>
    </WalletShell>
  );
}

export function ScanPage({ shell }: { shell: Shell }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('wallet.scan.title');
  return (
    <WalletShell shell={shell} title={title} kind="scan">
      <h1 safe>{title}</h1>
      <p>{tr.h('wallet.scan.lead')}</p>
      <p><button type="button" class="button" id="scan-start" hidden>{tr.h('wallet.scan.camera')}</button></p>
      <video id="scan-video" class="wallet-video" muted hidden aria-label={tr.t('wallet.scan.videoLabel')}></video>
      <p id="wallet-status" role="status"></p>
      <form method="get" action="/wallet/present" id="scan-paste" novalidate>
        <div class="field">
          <label for="link">{tr.h('wallet.scan.paste')}</label>
          <p class="hint" id="link-hint">{tr.h('wallet.scan.pasteHint')}</p>
          <input id="link" name="link" type="text" autocomplete="off" spellcheck="false" aria-describedby="link-hint" />
        </div>
        <button type="submit" class="button">{tr.h('wallet.scan.open')}</button>
      </form>
      <p><a href="/wallet/">{tr.h('wallet.back')}</a></p>
    </WalletShell>
  );
}

/** The wallet shows its own QR code; the reader that scans it sends its request straight to this wallet. */
export function ShowPage({ shell }: { shell: Shell }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('wallet.show.title');
  return (
    <WalletShell shell={shell} title={title} kind="show">
      <h1 safe>{title}</h1>
      <p>{tr.h('wallet.show.lead')}</p>
      <NeedsScript shell={shell} />
      <p><button type="button" class="button" id="show-start">{tr.h('wallet.show.start')}</button></p>
      <div id="show-code" class="wallet-show" hidden>
        <img id="show-qr" class="wallet-qr" alt={tr.t('wallet.show.qrAlt')} width="320" height="320" />
        <p class="hint">{tr.h('wallet.show.linkLabel')}</p>
        <p><code id="show-link" class="wallet-link"></code></p>
      </div>
      <p id="wallet-status" role="status"></p>
      <p><a href="/wallet/">{tr.h('wallet.back')}</a></p>
    </WalletShell>
  );
}
