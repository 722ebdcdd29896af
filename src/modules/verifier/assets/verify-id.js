/* global document, fetch, window, setTimeout */
// Polls the check's status and reloads the page once the wallet has answered (or the request ran out).
(function () {
  var root = document.querySelector('[data-verify-status]');
  if (!root) return;
  var url = root.getAttribute('data-verify-status');
  function poll() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (body && body.status !== 'pending') window.location.reload();
        else setTimeout(poll, 1500);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1500);
})();
