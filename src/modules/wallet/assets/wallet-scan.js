/* global URLSearchParams, document, location, navigator, requestAnimationFrame, window */
// Reads a verifier's QR code with the camera where the browser can (BarcodeDetector); pasting the link always works.
import { say, status } from './wallet-cards.js';

const start = document.getElementById('scan-start');
const video = document.getElementById('scan-video');
const isRequestLink = (text) => /^(openid4vp|eudi-openid4vp|mdoc-openid4vp|haip):\/\//i.test(text) || text.startsWith(`${location.origin}/wallet/present?`);

function open(text) {
  if (!isRequestLink(text)) return status(say('notALink'));
  location.assign(`/wallet/present?${new URLSearchParams({ link: text })}`);
}

async function scan() {
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  } catch {
    return status(say('cameraFailed'));
  }
  video.setAttribute('playsinline', '');
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
  const look = async () => {
    const codes = await detector.detect(video).catch(() => []);
    const found = codes.map((c) => c.rawValue).find(isRequestLink);
    if (found) {
      stream.getTracks().forEach((t) => t.stop());
      return open(found);
    }
    requestAnimationFrame(look);
  };
  look();
}

if ('BarcodeDetector' in window && navigator.mediaDevices?.getUserMedia) {
  start.hidden = false;
  start.addEventListener('click', scan);
} else {
  status(say('noCamera'));
}

document.getElementById('scan-paste').addEventListener('submit', (event) => {
  event.preventDefault();
  open(document.getElementById('link').value.trim());
});
