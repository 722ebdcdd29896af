/* global navigator */
// Installs the service worker that keeps the wallet's pages and scripts for offline use.
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/wallet/sw.js', { scope: '/wallet/' }).catch(() => {});
