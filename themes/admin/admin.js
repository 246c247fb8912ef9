// Tribune's admin without JavaScript does everything; with it, a draft saves itself and a large
// picture is made smaller before it is uploaded.
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

// The media library's upload: a picture larger than the server takes (data-max-bytes) is
// redrawn in the browser at most 2400 pixels wide, as a JPEG, before the form is sent: less to
// send on a phone's link, and the server still checks what comes. Without this script, or
// when the browser cannot redraw it, the picture goes as it is.
(function () {
  'use strict';
  var form = document.getElementById('media-upload');
  if (!form || !window.createImageBitmap || !window.DataTransfer) return;
  var input = form.querySelector('input[type=file]');
  var maxBytes = Number(form.getAttribute('data-max-bytes'));
  var maxSide = 2400;
  input.addEventListener('change', function () {
    var file = input.files && input.files[0];
    if (!file || file.size <= maxBytes || file.type === 'image/gif') return;
    // Sending before the smaller picture is ready would send the large one.
    var submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    var done = function () { submit.disabled = false; };
    createImageBitmap(file, { imageOrientation: 'from-image' }).then(function (bitmap) {
      var scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement('canvas');
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        done();
        if (!blob || blob.size > maxBytes) return;
        var name = file.name.replace(/\.[^.]*$/, '') + '.jpg';
        var smaller = new DataTransfer();
        smaller.items.add(new File([blob], name, { type: 'image/jpeg' }));
        input.files = smaller.files;
      }, 'image/jpeg', 0.88);
    }).catch(done);
  });
})();
