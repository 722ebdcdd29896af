import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';

export interface ConsentView {
  uid: string;
  clientName: string;
  agencyName: string | null;
  /** The scopes asked for, each with the claims it would release. */
  scopes: { scope: string; claims: string[] }[];
  /** What a platform app asks to receive for the resident (credentials for the wallet), in their language. */
  resources?: string[];
}

export function ConsentPage({ shell, view }: { shell: Shell; view: ConsentView }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('sso.consent.title', { client: view.clientName });
  return (
    <Page shell={shell} title={title}>
      <h1 safe>{title}</h1>
      {view.agencyName ? <p>{tr.h('sso.consent.agency', { agency: view.agencyName })}</p> : ''}
      {view.resources?.length ? <><p>{tr.h('sso.consent.resources', { client: view.clientName })}</p>
        <ul class="bullets">{view.resources.map((r) => <li safe>{r}</li>)}</ul></> : ''}
      {view.scopes.length || !view.resources?.length ? <p>{tr.h('sso.consent.lead', { client: view.clientName })}</p> : ''}
      <dl class="consent-claims">
        {view.scopes.map((s) => (
          <div>
            <dt><strong>{tr.h(`sso.scope.${s.scope}`)}</strong></dt>
            <dd>
              <ul class="bullets">{s.claims.map((claim) => <li>{tr.h(`sso.claim.${claim}`)}</li>)}</ul>
            </dd>
          </div>
        ))}
      </dl>
      <p class="hint">{tr.h('sso.consent.remembered')}</p>
      <form method="post" action={`/oidc-interaction/${view.uid}/consent`} class="actions">
        <input type="hidden" name="_csrf" value={shell.csrfToken} />
        <button type="submit" name="decision" value="allow" class="button">{tr.h('sso.consent.allow')}</button>
        <button type="submit" name="decision" value="deny" class="button secondary">{tr.h('sso.consent.deny')}</button>
      </form>
    </Page>
  );
}

/** Shown for an instant after signing in, while the browser goes on to the service. */
export function ContinuePage({ shell, next }: { shell: Shell; next: string }): JSX.Element {
  const { tr } = shell;
  return (
    <Page shell={shell} title={tr.t('sso.continue.title')}>
      <h1>{tr.h('sso.continue.title')}</h1>
      <p><a class="button" href={next}>{tr.h('sso.continue.link')}</a></p>
    </Page>
  );
}
