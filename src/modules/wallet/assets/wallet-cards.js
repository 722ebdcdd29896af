/* global document, window */
// Shared by the wallet's pages: its words, its status line, and a held credential drawn as a card.
import { claimsOf, claimText, inLanguage, labelOf, textIn } from './wallet-claims.js';
import './wallet-sw-register.js';

export const root = document.querySelector('[data-wallet]');
export const words = JSON.parse(root.getAttribute('data-messages'));
export const locale = document.documentElement.lang || 'en';
export const say = (key, vars = {}) => (words[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));

export function status(text) {
  const line = document.getElementById('wallet-status');
  if (line) line.textContent = text;
}

const el = (tag, attrs = {}, text) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};
export { el };

export const titleOf = (record) => textIn(record.display, locale) ?? record.configurationId;

/**
 * A credential as a card in the page's language: its title, format, when it came, and every claim
 * under the issuer's label for it (a photo as the picture, yes or no for a predicate).
 */
export async function cardOf(record, { onRemove } = {}) {
  const card = el('li', { class: 'card wallet-card', 'data-configuration': record.configurationId });
  card.append(el('h3', { class: 'card-title' }, titleOf(record)));
  const received = new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(new Date(record.receivedAt));
  card.append(el('p', { class: 'card-meta' }, `${say(record.format === 'mso_mdoc' ? 'format.mdoc' : 'format.sdJwt')} · ${say('receivedOn', { date: received })}`));
  const list = el('dl', { class: 'wallet-claim-list' });
  const yesNo = { yes: say('yes'), no: say('no') };
  for (const claim of inLanguage(await claimsOf(record), locale)) {
    const label = labelOf(record, claim.path, locale);
    if (typeof claim.value === 'string' && claim.value.startsWith('data:image/')) {
      const value = el('dd');
      value.append(el('img', { src: claim.value, alt: label, class: 'wallet-portrait' }));
      list.append(el('dt', {}, label), value);
    } else if (!(claim.value instanceof Uint8Array)) {
      // An mdoc's portrait is bare bytes that do not say their image format: only a data URI is shown.
      list.append(el('dt', {}, label), el('dd', {}, claimText(claim.value, yesNo, locale)));
    }
  }
  card.append(list);
  if (onRemove) {
    const button = el('button', { type: 'button', class: 'button secondary' }, say('remove'));
    button.addEventListener('click', () => { if (window.confirm(say('removeConfirm'))) onRemove(record); });
    card.append(button);
  }
  return card;
}
