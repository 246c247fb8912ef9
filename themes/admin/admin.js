// Tribune's admin without JavaScript does everything; with it, a draft saves itself.
// A draft's editor (data-autosave="on") posts its form every 20 seconds when it changed,
// and keeps the revision it was saved as, so that the next save is not taken for a conflict.
(function () {
  'use strict';
  var form = document.getElementById('editor');
  if (!form || form.getAttribute('data-autosave') !== 'on') return;
  var status = document.getElementById('autosave-status');
  var saved = new URLSearchParams(new FormData(form)).toString();
  function save() {
    var data = new URLSearchParams(new FormData(form));
    data.set('action', 'save');
    var body = data.toString();
    if (body === saved) return;
    fetch(form.action, {
      method: 'POST',
      body: body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      credentials: 'same-origin'
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, 'text/html');
      var revision = page.querySelector('input[name=revision]');
      if (revision) form.querySelector('input[name=revision]').value = revision.value;
      saved = new URLSearchParams(new FormData(form)).toString();
      if (status) status.textContent = status.getAttribute('data-saved') || '✓';
    }).catch(function () {
      if (status) status.textContent = status.getAttribute('data-failed') || '!';
    });
  }
  setInterval(save, 20000);
})();
