import { createHash } from 'node:crypto';

/**
 * The page's only script: sorting the lane tables, filtering failures, copying paste-ready text.
 * It is a constant (no data is ever spliced into it), so the page's Content-Security-Policy can
 * allow exactly this script by its hash and nothing else: even if a model's output slipped past
 * escaping, the browser would refuse to run it. The page works without it, minus those three.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  function num(v) { return v === '' || v === undefined ? null : (isNaN(Number(v)) ? v : Number(v)); }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('thead th button[data-col]').forEach(function (btn) {
      btn.addEventListener('click', function () {
        var th = btn.closest('th');
        var col = Number(btn.getAttribute('data-col'));
        var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
        table.querySelectorAll('thead th').forEach(function (h) { h.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', dir);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = num(a.cells[col].getAttribute('data-sort'));
          var y = num(b.cells[col].getAttribute('data-sort'));
          if (x === null && y === null) return 0;
          if (x === null) return 1;
          if (y === null) return -1;
          var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
          return dir === 'ascending' ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  var filters = Array.prototype.slice.call(document.querySelectorAll('select[data-filter]'));
  function applyFilters() {
    var lane = document.getElementById('f-lane').value;
    var model = document.getElementById('f-model').value;
    var grader = document.getElementById('f-grader').value;
    var shown = 0;
    document.querySelectorAll('#failures-table tbody tr').forEach(function (tr) {
      var ok = (!lane || tr.getAttribute('data-lane') === lane) &&
        (!model || tr.getAttribute('data-model') === model) &&
        (!grader || JSON.parse(tr.getAttribute('data-graders')).indexOf(grader) >= 0);
      tr.hidden = !ok;
      if (ok) shown += 1;
    });
    document.getElementById('f-count').textContent = shown + ' shown';
  }
  filters.forEach(function (s) { s.addEventListener('change', applyFilters); });

  document.querySelectorAll('button[data-copy]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var pre = document.getElementById(btn.getAttribute('data-copy'));
      var status = btn.parentNode.querySelector('.copy-status');
      var text = pre.textContent;
      function selectIt() {
        var details = pre.closest('details');
        if (details) details.open = true;
        var range = document.createRange();
        range.selectNodeContents(pre);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      }
      function fallback() {
        selectIt();
        var ok = false;
        try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
        status.textContent = ok ? 'Copied.' : 'Selected: press Ctrl+C (⌘C) to copy.';
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { status.textContent = 'Copied.'; }, fallback);
      } else {
        fallback();
      }
    });
  });
})();
`;

/** The CSP source expression that allows PAGE_SCRIPT and no other script. */
export const PAGE_SCRIPT_HASH = `'sha256-${createHash('sha256').update(PAGE_SCRIPT, 'utf8').digest('base64')}'`;
