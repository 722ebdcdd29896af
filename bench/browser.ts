/**
 * A browser for the bench scripts, over fetch: its own cookie jar, redirects followed by hand, forms
 * posted urlencoded (or multipart, as a form with a file field is) with the CSRF token of the page.
 */

interface StoredCookie { path: string; name: string; value: string }
export interface Answer { url: URL; status: number; location: string | null; body: string }

/** The CSRF token of the form on a page, if it has one. */
export const csrfTokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/**
 * One visitor's browser: its own cookies (by path, as the provider scopes its interaction cookies to
 * one interaction), sent with every request to Hanaro; redirects are followed by hand, as a browser does.
 */
export class Browser {
  requests = 0;
  private cookies: Map<string, StoredCookie>;
  constructor(readonly base: string, from?: Browser) { this.cookies = new Map(from?.cookies); }

  /** One request; a form given as FormData goes multipart, as a browser sends a form with a file field. */
  async send(method: 'GET' | 'POST', target: string, form?: Record<string, string> | FormData): Promise<Answer> {
    const url = new URL(target, this.base);
    const cookie = this.cookieHeader(url.pathname);
    const urlencoded = form && !(form instanceof FormData);
    const res = await fetch(url, {
      method, redirect: 'manual', body: urlencoded ? new URLSearchParams(form) : form,
      headers: { ...(cookie ? { cookie } : {}), ...(urlencoded ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    this.requests++;
    for (const line of res.headers.getSetCookie()) this.keep(line, url.pathname);
    return { url, status: res.status, location: res.headers.get('location'), body: await res.text() };
  }

  /** The answer's redirects, followed to the page they end on; that page's answer. */
  async follow(answer: Answer): Promise<Answer> {
    for (let hops = 0; answer.status >= 300 && answer.status < 400 && answer.location; hops++) {
      if (hops === 10) throw new Error(`more than 10 redirects, the last to ${answer.location}`);
      answer = await this.send('GET', new URL(answer.location, answer.url).href);
    }
    return answer;
  }

  /** The CSRF token of a page's form (its cookie stays in this browser). */
  async csrfTokenOn(page: string): Promise<string> {
    const token = csrfTokenIn((await this.send('GET', page)).body);
    if (!token) throw new Error(`no CSRF token on ${page}`);
    return token;
  }

  cookieHeader(pathname: string): string {
    return [...this.cookies.values()].filter((c) => pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .sort((a, b) => b.path.length - a.path.length).map((c) => `${c.name}=${c.value}`).join('; ');
  }

  private keep(setCookie: string, requestPath: string): void {
    const [pair = '', ...attributes] = setCookie.split(';').map((part) => part.trim());
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    const value = pair.slice(at + 1);
    const attribute = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const path = attribute('path') ?? (requestPath.slice(0, requestPath.lastIndexOf('/')) || '/');
    const maxAge = attribute('max-age');
    const expires = attribute('expires');
    const gone = value === '' || (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) < Date.now());
    if (gone) this.cookies.delete(`${path}\n${name}`);
    else this.cookies.set(`${path}\n${name}`, { path, name, value });
  }
}
