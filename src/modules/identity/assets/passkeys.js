/* global window, document, fetch */
// Passkeys on the sign-in, re-authentication and "add a passkey" pages. Each page works without this
// script (the password form); with it, a hidden form is shown, filled with the authenticator's answer
// and submitted as an ordinary form post.
(function () {
  'use strict';
  var lib = window.SimpleWebAuthnBrowser;
  if (!lib || !lib.browserSupportsWebAuthn()) return;

  function csrfOf(form) { return form.querySelector('input[name=_csrf]').value; }

  function fetchOptions(form) {
    return fetch(form.dataset.options, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ _csrf: csrfOf(form) }),
    }).then(function (res) {
      if (res.status === 401) { window.location.reload(); throw new Error('re-authentication needed'); }
      if (!res.ok) throw new Error('options refused: ' + res.status);
      return res.json();
    });
  }

  function submitWith(form, answer) {
    form.querySelector('input[name=response]').value = JSON.stringify(answer);
    form.dataset.ready = '1';
    form.submit();
  }

  function signIn(form, autofill) {
    return fetchOptions(form).then(function (options) {
      return lib.startAuthentication({ optionsJSON: options, useBrowserAutofill: autofill });
    }).then(function (answer) { submitWith(form, answer); });
  }

  document.querySelectorAll('form[data-passkey]').forEach(function (form) {
    form.hidden = false;
    document.querySelectorAll('.passkey-form-or').forEach(function (el) { el.hidden = false; });
    document.querySelectorAll('.passkey-unsupported').forEach(function (el) { el.hidden = true; });
    form.addEventListener('submit', function (event) {
      if (form.dataset.ready) return;
      event.preventDefault();
      if (form.dataset.passkey === 'register') {
        fetchOptions(form).then(function (options) {
          return lib.startRegistration({ optionsJSON: options });
        }).then(function (answer) { submitWith(form, answer); }).catch(function () { form.dataset.ready = '1'; form.submit(); });
      } else {
        signIn(form, false).catch(function () { /* cancelled: the password form is still there */ });
      }
    });
    // The passkey offered in the ID number field's autofill list, where the browser can do that.
    if (form.dataset.passkey === 'sign-in' && form.action.endsWith('/sign-in/passkey') && document.querySelector('input[autocomplete~=webauthn]')) {
      lib.browserSupportsWebAuthnAutofill().then(function (yes) { if (yes) signIn(form, true).catch(function () {}); });
    }
  });
})();
