import type { FastifyRequest } from 'fastify';
import type { Shell } from '../web/shell.ts';
import { Page } from '../web/layout.tsx';

/** Fields that are the platform's, not the resident's: sent back hidden, as they came. */
const TECHNICAL = /^_|^(csrf|state|nonce|return|step)$/i;
const SECRET = /pass(word|code|phrase)?|pin$|secret|otp/i;

export interface KeptField { name: string; value: string; kind: 'text' | 'hidden' | 'secret' }

/** What a browser form posted, ready to be sent again; files cannot be kept and are not listed. */
export function keptFields(request: FastifyRequest): KeptField[] | null {
  if (request.method !== 'POST') return null;
  const type = String(request.headers['content-type'] ?? '');
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return null;
  const body = request.body;
  if (!body || typeof body !== 'object') return [];
  const fields: KeptField[] = [];
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    for (const value of [raw].flat()) {
      if (typeof value !== 'string') continue;
      const kind = TECHNICAL.test(name) ? 'hidden' : SECRET.test(name) ? 'secret' : 'text';
      fields.push({ name, value: kind === 'secret' ? '' : value, kind });
    }
  }
  return fields;
}

/** The 503 page: says plainly what happened and, for a form, gives back what was typed to send again. */
export function UnavailablePage({ shell, action, fields }: { shell: Shell; action: string; fields: KeptField[] | null }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('error.unavailable.title');
  return (
    <Page shell={shell} title={title}>
      <div class="error-page">
        <h1 safe>{title}</h1>
        <p safe>{tr.t('error.unavailable')}</p>
        <p>{tr.h('error.unavailable.status')} <a href="/status">/status</a></p>
        {fields ? (
          <form method="post" action={action} class="stack">
            <p safe>{tr.t('error.unavailable.kept')}</p>
            {fields.map((f, i) => f.kind === 'hidden'
              ? <input type="hidden" name={f.name} value={f.value} />
              : (
                <div class="field">
                  <label for={`kept-${i}`} safe>{f.name}</label>
                  {f.kind === 'secret' && <p class="hint" id={`kept-${i}-hint`} safe>{tr.t('error.unavailable.secret')}</p>}
                  <input id={`kept-${i}`} type={f.kind === 'secret' ? 'password' : 'text'} name={f.name} value={f.value}
                    {...(f.kind === 'secret' ? { 'aria-describedby': `kept-${i}-hint`, autocomplete: 'off' } : {})} />
                </div>
              ))}
            <p class="hint" safe>{tr.t('error.unavailable.files')}</p>
            <button type="submit" class="button">{tr.h('error.unavailable.sendAgain')}</button>
          </form>
        ) : <p><a href="/" class="button">{tr.h('error.backHome')}</a></p>}
      </div>
    </Page>
  );
}
