import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import type { CredentialType } from '../../packs/index.ts';
import type { CredentialOffer } from '../offers.ts';
import type { IssuedCredentialRow } from '../store.ts';


export function WalletPage({ shell, types, credentials, suspended }: { shell: Shell; types: CredentialType[]; credentials: IssuedCredentialRow[]; suspended: number | null }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('credentials.wallet.title');
  const names = new Map(types.map((t) => [t.id, t.title]));
  const active = credentials.filter((c) => c.status === 'valid').length;
  return (
    <Page shell={shell} title={title}>
      <h1 safe>{title}</h1>
      {suspended !== null ? <div class="notice" role="status"><p safe>{tr.t('credentials.wallet.suspendedNotice', { count: suspended })}</p></div> : ''}
      <p>{tr.h('credentials.wallet.intro')}</p>
      <h2>{tr.h('credentials.wallet.add')}</h2>
      <ul class="cards">
        {types.map((t) => (
          <li class="card">
            <h3 class="card-title" safe>{tr.text(t.title)}</h3>
            {t.description ? <p safe>{tr.text(t.description)}</p> : ''}
            <p><a class="button" href={`/me/wallet/offer?type=${encodeURIComponent(t.id)}`} safe>{tr.t('credentials.wallet.addType', { title: tr.text(t.title) })}</a></p>
          </li>
        ))}
      </ul>
      <h2>{tr.h('credentials.wallet.issued')}</h2>
      {credentials.length === 0 ? <p>{tr.h('credentials.wallet.none')}</p> : (
        <ul class="cards">
          {credentials.map((c) => (
            <li class="card">
              <h3 class="card-title" safe>{names.get(c.credential_type_id) ? tr.text(names.get(c.credential_type_id)!) : c.credential_type_id}</h3>
              <p class="card-meta">
                <span safe>{tr.t(`credentials.format.${c.format === 'mso_mdoc' ? 'mdoc' : 'sdJwt'}`)}</span>
                <span safe>{tr.when(c.issued_at, 'longDate')}</span>
                <span class="tag">{tr.h(`credentials.status.${c.status}`)}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
      <h2>{tr.h('credentials.wallet.lostTitle')}</h2>
      <p id="lost-hint">{tr.h('credentials.wallet.lostHint')}</p>
      <form method="post" action="/me/wallet/lost-phone">
        <input type="hidden" name="_csrf" value={shell.csrfToken} />
        <button type="submit" class="button danger" aria-describedby="lost-hint" disabled={active === 0}>{tr.h('credentials.wallet.lostButton')}</button>
      </form>
    </Page>
  );
}

export function OfferPage({ shell, type, offer, qrDataUrl }: { shell: Shell; type: CredentialType; offer: CredentialOffer; qrDataUrl: string }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('credentials.offer.title', { title: tr.text(type.title) });
  const until = tr.when(offer.expiresAt, 'time');
  return (
    <Page shell={shell} title={title}>
      <p><a href="/me/wallet">{tr.h('credentials.offer.back')}</a></p>
      <h1 safe>{title}</h1>
      <p>{tr.h('credentials.offer.scan')}</p>
      <p><img src={qrDataUrl} alt={tr.t('credentials.offer.qrAlt')} width="320" height="320" class="qr" /></p>
      <p><a class="button" href={offer.uri}>{tr.h('credentials.offer.sameDevice')}</a></p>
      <p><a class="button secondary" href={`/wallet/receive?${offer.uri.slice(offer.uri.indexOf('?') + 1)}`}>{tr.h('wallet.openInWallet')}</a></p>
      {offer.txCode ? <p><span safe>{tr.t('credentials.offer.txCode')}</span> <strong class="tx-code" safe>{offer.txCode}</strong></p> : ''}
      <p class="hint" safe>{tr.t('credentials.offer.expires', { time: until })}</p>
    </Page>
  );
}
