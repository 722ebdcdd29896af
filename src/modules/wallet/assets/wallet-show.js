/* global URLSearchParams, document, fetch, location, navigator, setTimeout, window */
// The wallet shows its own QR code to a reader (cross-device, the wallet first). The reader that
// opens it chooses a check; its signed request then comes here, and is shown and answered as usual.
// The page opens offline too (the service worker keeps it), but the reader's request can only come
// over the network: without one it says so, and works again as soon as the phone is back online.
import { say, status } from './wallet-cards.js';

const start = document.getElementById('show-start');
const shown = document.getElementById('show-code');
/** A fetch that answers null when the network is not there, instead of throwing. */
const reach = (url, init) => fetch(url, { ...init, headers: { accept: 'application/json' } }).catch(() => null);

function followConnection() {
  const showing = !shown.hidden;
  start.disabled = showing || !navigator.onLine;
  if (!navigator.onLine) status(say('showOffline'));
  else status(showing ? say('showWaiting') : '');
}

async function engage() {
  if (!navigator.onLine) return followConnection();
  start.disabled = true;
  const response = await reach('/verifier/engagements', { method: 'POST' });
  if (!response) {
    start.disabled = false;
    return status(say('showOffline'));
  }
  if (!response.ok) throw new Error(String(response.status));
  const { code, link, qr, expiresAt } = await response.json();
  document.getElementById('show-qr').src = qr;
  document.getElementById('show-link').textContent = link;
  shown.hidden = false;
  status(say('showWaiting'));
  poll(code, Date.parse(expiresAt));
}

/** Asks every 1.5 s whether a reader has sent its request; opens it when one has. */
function poll(code, until) {
  setTimeout(async () => {
    const response = await reach(`/verifier/engagements/${encodeURIComponent(code)}`);
    if (response?.status === 410 || Date.now() > until) return closed();
    // Said once when the connection drops or comes back, not every 1.5 s.
    const words = say(response ? 'showWaiting' : 'showOffline');
    if (document.getElementById('wallet-status').textContent !== words) status(words);
    const body = response?.ok ? await response.json() : { status: 'waiting' };
    if (body.status === 'ready') return location.assign(`/wallet/present?${new URLSearchParams({ client_id: body.clientId, request_uri: body.requestUri })}`);
    return poll(code, until);
  }, 1500);
}

function closed() {
  shown.hidden = true;
  status(say('showExpired'));
  start.disabled = false;
}

window.addEventListener('online', followConnection);
window.addEventListener('offline', followConnection);
if (!navigator.onLine) followConnection();

start.addEventListener('click', () => engage().catch((error) => {
  start.disabled = false;
  status(`${say('showFailed')} (${error.message})`);
}));
