/* Entry forms for a live meeting (negotiation record, plan, needs report). Everything here is an
 * addition: without JavaScript the forms work through the server alone (rows added with add=<list>,
 * drafts saved by the draft button, Enter kept from submitting by a disabled default button).
 *   - "Add row" clones the list's last row with the next free index, empties it and focuses it;
 *     Ctrl+Enter (or Cmd+Enter) in a row adds a row below to that list;
 *   - Enter in a single-line field never submits (form[data-entry]);
 *   - leaving the page with changes not yet saved asks first (form[data-entry]);
 *   - form[data-autosave]: a few seconds after typing stops, and when a changed field is left, the
 *     form is posted in the background with autosave=1; the server answers {id, revision, saved}
 *     and the page shows "saved hh:mm". A new record becomes an edit of the saved one (its address
 *     too), so closing and reopening the tab loses nothing. A refused save marks the fields the
 *     server named; a save refused because someone else saved first pauses autosave until the
 *     draft button is used, which shows both versions. */
(function () {
  'use strict';

  var AUTOSAVE_DELAY = 3000, RETRY_DELAY = 10000;

  function nextIndex(tbody) {
    var max = -1;
    tbody.querySelectorAll('tr[data-row]').forEach(function (tr) {
      var n = parseInt(tr.getAttribute('data-row'), 10);
      if (n > max) max = n;
    });
    return max + 1;
  }

  function renumber(el, list, from, to) {
    var prefix = list + '.' + from + '.', idPrefix = 'f-' + list + '-' + from + '-';
    el.querySelectorAll('[name]').forEach(function (f) {
      var name = f.getAttribute('name');
      if (name.indexOf(prefix) === 0) f.setAttribute('name', list + '.' + to + '.' + name.slice(prefix.length));
      if (f.name === 'remove') f.value = list + '.' + to;
    });
    el.querySelectorAll('[id]').forEach(function (f) {
      if (f.id.indexOf(idPrefix) === 0) f.id = 'f-' + list + '-' + to + '-' + f.id.slice(idPrefix.length);
    });
  }

  function clear(tr) {
    tr.querySelectorAll('.field-error, .request-view, .request-link').forEach(function (e) { e.remove(); });
    tr.querySelectorAll('.invalid').forEach(function (e) { e.classList.remove('invalid'); });
    tr.querySelectorAll('input, textarea, select').forEach(function (f) {
      f.removeAttribute('aria-invalid');
      if (f.type === 'checkbox') f.checked = false;
      else if (f.tagName === 'SELECT') f.selectedIndex = 0;
      else if (f.type !== 'submit') f.value = '';
    });
  }

  function addRow(list) {
    var tbody = document.querySelector('tbody[data-list="' + list + '"]');
    if (!tbody) return false;
    var last = tbody.querySelector('tr[data-row]:last-of-type');
    if (!last) return false;
    var n = nextIndex(tbody);
    if (n >= 50) return false;
    var tr = last.cloneNode(true);
    var from = last.getAttribute('data-row');
    renumber(tr, list, from, n);
    tr.setAttribute('data-row', String(n));
    clear(tr);
    tbody.appendChild(tr);
    var first = tr.querySelector('input:not([type=checkbox]), select, textarea');
    if (first) first.focus();
    return true;
  }

  document.addEventListener('click', function (ev) {
    var b = ev.target.closest('button.add-row');
    if (b && addRow(b.value)) ev.preventDefault();
  });

  /* ------------------------------------------------------------------ keyboard */

  var singleLine = /^(text|date|time|number|email|tel|url|search|password)$/;

  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter' || ev.isComposing) return;
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey) {
      var tbody = t.closest && t.closest('tbody[data-list]');
      if (tbody && addRow(tbody.getAttribute('data-list'))) ev.preventDefault();
      return;
    }
    if (t.tagName === 'INPUT' && singleLine.test(t.type) && t.form && t.form.hasAttribute('data-entry')) {
      ev.preventDefault();
    }
  });

  /* ------------------------------------------------------------------ unsaved changes, autosave */

  var form = document.querySelector('form[data-entry]');
  if (!form) return;
  var status = document.getElementById('autosave-status');
  var edits = 0;          /* changes typed so far */
  var savedEdits = 0;     /* … of which the server has */
  var triedEdits = 0;     /* … of which a save was tried (a refused one is not retried until more typing) */
  var timer = null, inFlight = false, again = false, paused = false, submitting = false;
  var heldSubmit = null;   /* a button pressed while an autosave was on its way: sent once it is back */

  function dirty() { return edits !== savedEdits; }

  function say(text, kind) {
    if (!status) return;
    status.textContent = text;
    status.className = 'autosave-status' + (kind ? ' ' + kind : '');
  }

  function schedule(delay) {
    if (!form.hasAttribute('data-autosave') || paused) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  function changed(ev) {
    var t = ev.target;
    if (!t.name || t.name === 'csrf_token' || t.name === 'revision') return;
    edits++;
    schedule(AUTOSAVE_DELAY);
  }
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('focusout', function () {
    if (edits !== triedEdits) schedule(0);
  });

  form.addEventListener('submit', function (ev) {
    if (timer) clearTimeout(timer);
    timer = null;
    if (inFlight) {
      /* the autosave on its way changes the revision this submission must carry */
      ev.preventDefault();
      heldSubmit = { by: ev.submitter || null };
      return;
    }
    submitting = true;   /* a deliberate save or row change: the server takes over */
  });

  window.addEventListener('beforeunload', function (ev) {
    if (submitting || !dirty()) return undefined;
    ev.preventDefault();
    ev.returnValue = '';
    return '';
  });

  /* The fields the server marked in its answer (422), marked here too; old marks removed. */
  function markErrors(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    form.querySelectorAll('[aria-invalid="true"]').forEach(function (f) { f.removeAttribute('aria-invalid'); });
    form.querySelectorAll('.field-error.from-autosave').forEach(function (e) { e.remove(); });
    doc.querySelectorAll('form [aria-invalid="true"][id]').forEach(function (bad) {
      var mine = document.getElementById(bad.id);
      if (!mine || !form.contains(mine)) return;
      mine.setAttribute('aria-invalid', 'true');
      var msg = bad.parentNode && bad.parentNode.querySelector('.field-error');
      if (msg) {
        var p = document.createElement('p');
        p.className = 'field-error from-autosave';
        p.textContent = msg.textContent;
        mine.insertAdjacentElement('afterend', p);
      }
    });
  }

  function becameRecord(id) {
    var base = form.getAttribute('data-autosave');
    form.setAttribute('action', base + id);
    form.querySelectorAll('input[type=hidden][data-parent]').forEach(function (p) { p.remove(); });
    if (window.history && history.replaceState) history.replaceState(null, '', base + id + '/edit');
  }

  function save() {
    timer = null;
    if (paused || submitting || edits === triedEdits) return;
    if (inFlight) { again = true; return; }
    inFlight = true;
    var upto = edits;
    triedEdits = upto;
    var body = new URLSearchParams(new FormData(form));
    body.delete('add');
    body.delete('remove');
    body.delete('complete');
    body.set('autosave', '1');
    say(form.getAttribute('data-saving'), 'saving');
    fetch(form.getAttribute('action'), {
      method: 'POST', body: body, credentials: 'same-origin', headers: { Accept: 'application/json' },
    }).then(function (resp) {
      var type = resp.headers.get('Content-Type') || '';
      if (resp.ok && type.indexOf('application/json') === 0) {
        return resp.json().then(function (r) {
          if (!/\/\d+$/.test(form.getAttribute('action'))) becameRecord(r.id);
          var rev = form.querySelector('input[name=revision]');
          if (rev) rev.value = String(r.revision);
          savedEdits = upto;
          markErrors('');
          say(form.getAttribute('data-saved') + ' ' + r.saved, 'saved');
        });
      }
      if (resp.status === 409) {
        paused = true;
        say(form.getAttribute('data-conflict'), 'conflict');
        return null;
      }
      if (resp.status === 422) {
        return resp.text().then(function (html) {
          markErrors(html);
          say(form.getAttribute('data-failed'), 'failed');
        });
      }
      throw new Error('HTTP ' + resp.status);
    }).catch(function () {
      say(form.getAttribute('data-offline'), 'failed');
      triedEdits = savedEdits;   /* not refused, not saved: try again */
      schedule(RETRY_DELAY);
    }).then(function () {
      inFlight = false;
      if (heldSubmit) {
        var by = heldSubmit.by;
        heldSubmit = null;
        if (form.requestSubmit) form.requestSubmit(by && by.form === form ? by : undefined);
        else form.submit();
        return;
      }
      if (!timer && (again || edits !== triedEdits)) { again = false; schedule(AUTOSAVE_DELAY); }
    });
  }
}());
