/* Negotiation record form: add a repeatable row at once, without a round trip, and keep keyboard
 * entry smooth. Without JavaScript the "add row" buttons submit the form (add=<list>) and the server
 * re-renders it with one more row; nothing here is needed for the form to work.
 *   - "Add row" clones the list's last row with the next free index, empties it and focuses it;
 *   - Ctrl+Enter (or Cmd+Enter) in a row adds a row below to that list;
 *   - "Remove" on a row added here just drops it. */
(function () {
  'use strict';

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
    tr.querySelectorAll('.field-error').forEach(function (e) { e.remove(); });
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

  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter' || !(ev.ctrlKey || ev.metaKey)) return;
    var tbody = ev.target.closest && ev.target.closest('tbody[data-list]');
    if (!tbody) return;
    if (addRow(tbody.getAttribute('data-list'))) ev.preventDefault();
  });
}());
