/* Progressive enhancement only: every page works without this file. */
(function () {
  'use strict';
  /* Ask before destructive admin actions; the server enforces everything regardless. */
  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    var msg = form.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) ev.preventDefault();
  });
})();
