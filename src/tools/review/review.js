(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-filter]'));
  var status = document.getElementById('filter-status');
  function each(selector, f) { Array.prototype.forEach.call(document.querySelectorAll(selector), f); }
  function words(el, name) { var v = el.getAttribute(name); return v ? v.split(' ') : []; }
  function unchecked(group) {
    var off = {};
    boxes.forEach(function (b) { if (b.getAttribute('data-filter') === group && !b.checked) { off[b.value] = true; } });
    return off;
  }
  // True when the list is empty or one of its entries is not switched off.
  function anyOn(list, off) { return list.length === 0 || list.some(function (x) { return !off[x]; }); }
  function apply(writeUrl) {
    var offType = unchecked('type'), offKind = unchecked('kind');
    var shown = 0, total = 0;
    boxes.forEach(function (b) { if (b.checked) { b.setAttribute('checked', ''); } else { b.removeAttribute('checked'); } });
    each('.claim-item', function (li) {
      var show = anyOn(words(li, 'data-kinds'), offKind) && anyOn(words(li, 'data-types'), offType);
      li.hidden = !show;
      total += 1;
      if (show) { shown += 1; }
    });
    each('mark.fact', function (m) {
      var off = !!offType[m.getAttribute('data-type')] || !anyOn(words(m, 'data-kinds'), offKind);
      m.classList.toggle('is-off', off);
    });
    each('.fact-row, .entity-row', function (row) { row.hidden = !!offType[row.getAttribute('data-type')]; });
    if (status) { status.textContent = shown === total ? '' : 'showing ' + shown + ' of ' + total + ' claims'; }
    if (writeUrl) {
      var parts = [];
      ['type', 'kind'].forEach(function (group) {
        var off = Object.keys(group === 'type' ? offType : offKind);
        if (off.length) { parts.push('hide-' + group + '=' + off.map(encodeURIComponent).join(',')); }
      });
      try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search); } catch (e) { /* file: URLs in some browsers */ }
    }
  }
  // Reads hide-type=… and hide-kind=… from the query or the fragment; false when neither names any.
  function fromUrl() {
    var hide = { type: null, kind: null };
    [location.search, location.hash].forEach(function (part) {
      part.replace(/^[?#]/, '').split('&').forEach(function (pair) {
        var eq = pair.indexOf('=');
        if (eq < 0) { return; }
        var group = { 'hide-type': 'type', 'hide-kind': 'kind' }[pair.slice(0, eq)];
        if (!group) { return; }
        hide[group] = hide[group] || {};
        pair.slice(eq + 1).split(',').forEach(function (v) {
          try { v = decodeURIComponent(v.replace(/\+/g, ' ')); } catch (e) { return; }
          if (v) { hide[group][v] = true; }
        });
      });
    });
    if (!hide.type && !hide.kind) { return false; }
    boxes.forEach(function (b) {
      var off = hide[b.getAttribute('data-filter')];
      b.checked = !(off && off[b.value]);
    });
    return true;
  }
  boxes.forEach(function (b) { b.addEventListener('change', function () { apply(true); }); });
  var reset = document.getElementById('filter-reset');
  if (reset) { reset.addEventListener('click', function () { boxes.forEach(function (b) { b.checked = true; }); apply(true); }); }
  window.addEventListener('hashchange', function () { if (fromUrl()) { apply(false); } });
  fromUrl();
  apply(false);
})();
