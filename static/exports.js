// /exports: moves the progress bars while exports run (GET /exports/status, JSON), and reloads the
// page once one is ready so that its download link appears. Without JavaScript a reload does the same.
(function () {
  'use strict';
  var table = document.getElementById('exports');
  if (!table || !window.fetch) return;
  function pending() {
    return table.querySelector('tr[data-state="queued"], tr[data-state="running"]') !== null;
  }
  function tick() {
    fetch('/exports/status', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (jobs) {
        var reload = false;
        jobs.forEach(function (j) {
          var row = document.getElementById('job-' + j.id);
          if (!row) return;
          var bar = row.querySelector('.job-progress');
          if (bar) { bar.max = Math.max(j.total, j.done, 1); bar.value = j.done; }
          var count = row.querySelector('.job-count');
          if (count) count.textContent = String(j.done);
          var total = row.querySelector('.job-total');
          if (total) total.textContent = String(j.total);
          if (row.getAttribute('data-state') !== j.state) {
            if (j.state === 'done' || j.state === 'failed') reload = true;
            row.setAttribute('data-state', j.state);
          }
        });
        if (reload) window.location.reload();
        else if (pending()) window.setTimeout(tick, 1000);
      })
      .catch(function () { window.setTimeout(tick, 3000); });
  }
  if (pending()) window.setTimeout(tick, 500);
})();
