import assert from 'node:assert/strict';
import type { Visitor } from './platform.ts';

export const pathOf = (location: string) => { const u = new URL(location, 'http://x'); return u.pathname + u.search; };

/**
 * A resident's browser (a Visitor) from an authorization link to the client's redirect URI:
 * through sign-in and the consent page, answered with `decision`; `arrived` says which location is
 * the client's. Returns that location and the consent page as it was shown.
 */
export async function followAuthorization(browser: Visitor, url: URL, arrived: (location: URL) => boolean, decision: 'allow' | 'deny' = 'allow'): Promise<{ callback: URL; consentPage: string | null }> {
  let res = await browser.get(pathOf(url.href));
  let consentPage: string | null = null;
  for (let hops = 0; hops < 10; hops++) {
    if (res.statusCode === 200 && /\/consent"/.test(res.body)) {
      consentPage = res.body;
      const action = /action="([^"]+\/consent)"/.exec(res.body)![1]!;
      res = await browser.post(action, { decision }, action.replace(/\/consent$/, ''));
      continue;
    }
    if (res.statusCode === 200 && res.headers.refresh) {
      res = await browser.get(pathOf(String(res.headers.refresh).replace(/^0;url=/, '')));
      continue;
    }
    assert.ok([302, 303].includes(res.statusCode), `unexpected ${res.statusCode}: ${res.body.slice(0, 300)}`);
    const location = new URL(String(res.headers.location), url);
    if (arrived(location)) return { callback: location, consentPage };
    res = await browser.get(pathOf(location.href));
  }
  throw new Error('too many redirects');
}
