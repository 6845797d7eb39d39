(function () {
  // The review page's behaviour: filters, verdicts kept in localStorage, export and import of decisions, keys,
  // search, the tooltip and the index page. Plain ES2017, no library, nothing from the network; works from file://.
  // The DOM it reads is the one of issue 17's contract (section 3); every part is optional, so an older page or a
  // page without article text still gets what applies to it.
  'use strict';
  var root = document.documentElement;
  root.classList.add('js');
  function $(id) { return document.getElementById(id); }
  function all(selector, within) { return Array.prototype.slice.call((within || document).querySelectorAll(selector)); }
  function each(selector, f) { Array.prototype.forEach.call(document.querySelectorAll(selector), f); }
  function words(el, name) { var v = el.getAttribute(name); return v ? v.split(' ') : []; }
  function jsonScript(id) {
    var el = $(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { console.warn('claimscan: #' + id + ' is not JSON', e); return null; }
  }
  function cpLen(s) { var n = 0; for (var i = 0; i < s.length; i++) { var u = s.charCodeAt(i); if (u < 0xdc00 || u > 0xdfff) { n++; } } return n; }
  function utf8Len(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var u = s.charCodeAt(i);
      if (u < 0x80) { n += 1; } else if (u < 0x800) { n += 2; } else if (u >= 0xd800 && u <= 0xdbff) { n += 4; i++; } else { n += 3; }
    }
    return n;
  }
  // The first `cps` code points of s, as a string.
  function cpSlice(s, from, to) { var a = Array.from(s); return a.slice(from, to === undefined ? a.length : to).join(''); }

  // ---- filters (type and kind boxes; #hide-type=… in the URL) ----
  var boxes = all('input[data-filter]');
  var filterStatus = $('filter-status');
  var searchMiss = null; // set of claim cards the search hides (document page)
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
      if (show && !(searchMiss && searchMiss.has(li))) { shown += 1; }
    });
    each('mark.fact', function (m) {
      var off = !!offType[m.getAttribute('data-type')] || !anyOn(words(m, 'data-kinds'), offKind);
      m.classList.toggle('is-off', off);
    });
    each('.fact-row, .entity-row', function (row) { row.hidden = !!offType[row.getAttribute('data-type')]; });
    if (filterStatus) { filterStatus.textContent = shown === total ? '' : 'showing ' + shown + ' of ' + total + ' claims'; }
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
  var reset = $('filter-reset');
  if (reset) { reset.addEventListener('click', function () { boxes.forEach(function (b) { b.checked = true; }); apply(true); }); }
  window.addEventListener('hashchange', function () { if (fromUrl()) { apply(false); } });
  fromUrl();
  apply(false);

  // ---- state: localStorage, one entry per document (contract §1) ----
  var RUN = root.getAttribute('data-run');
  if (!RUN) { return; } // a page without a run id (an older page) has no verdicts
  var PREFIX = 'claimscan:review:' + RUN + ':';
  var store = null;
  try { store = window.localStorage; store.getItem(PREFIX); } catch (e) { store = null; }
  var memory = {}; // when localStorage is unavailable, state lasts as long as the page
  function readState(sha) {
    var raw = store ? store.getItem(PREFIX + sha) : memory[sha];
    if (raw) {
      try {
        var s = JSON.parse(raw);
        if (s && s.v === 1 && s.decisions && typeof s.decisions === 'object') { return s; }
      } catch (e) { console.warn('claimscan: unreadable state for ' + sha, e); }
    }
    return { v: 1, decisions: {} };
  }
  function writeState(sha, s) {
    var raw = JSON.stringify(s);
    if (store) {
      try { store.setItem(PREFIX + sha, raw); return; } catch (e) { console.warn('claimscan: localStorage refused the state', e); }
    }
    memory[sha] = raw;
  }
  function decisionKey(d) {
    if (d.target === 'claim') { return 'c:' + d.claim; }
    return 'f:' + d.chars.start + ':' + d.chars.end + ':' + d.type;
  }
  function later(a, b) { // true when time a is later than time b
    var x = Date.parse(a), y = Date.parse(b);
    if (isNaN(x) || isNaN(y)) { return String(a) > String(b); }
    return x > y;
  }
  // Merges the page's embedded decisions (--decisions) into the stored states: per key, the later time wins
  // (ties: the stored one). Returns the shas whose state changed.
  function mergeEmbedded(onlySha) {
    var list = jsonScript('claimscan-decisions');
    var changed = {};
    if (!Array.isArray(list)) { return changed; }
    var states = {};
    list.forEach(function (d) {
      if (!d || typeof d !== 'object' || !d.sha256 || !d.chars || (onlySha && d.sha256 !== onlySha)) { return; }
      var s = states[d.sha256] || (states[d.sha256] = readState(d.sha256));
      var key = decisionKey(d), have = s.decisions[key];
      if (!have || later(d.time, have.time)) { s.decisions[key] = d; changed[d.sha256] = true; }
    });
    Object.keys(changed).forEach(function (sha) { delete states[sha].reviewed; writeState(sha, states[sha]); });
    return changed;
  }
  var ORDER = { claim: 0, fact: 1 };
  function byExportOrder(a, b) {
    if (a.path !== b.path) { return a.path < b.path ? -1 : 1; }
    if (a.chars.start !== b.chars.start) { return a.chars.start - b.chars.start; }
    if (a.target !== b.target) { return (ORDER[a.target] || 0) - (ORDER[b.target] || 0); }
    var ka = decisionKey(a), kb = decisionKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  }
  function download(decisions) {
    var lines = decisions.filter(function (d) { return d && d.verdict; }).sort(byExportOrder)
      .map(function (d) { return JSON.stringify(d) + '\n'; });
    var blob = new Blob(lines, { type: 'application/x-ndjson' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'decisions-' + RUN + '.jsonl';
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    return lines.length;
  }
  function values(o) { return Object.keys(o).map(function (k) { return o[k]; }); }

  // ---- the tooltip: one element, text from data-tip (marks) or data-why (dimmed blocks) ----
  var tip = document.createElement('div');
  tip.id = 'tip';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  document.body.appendChild(tip);
  var tipFor = null;
  function tipText(el) {
    if (el.hasAttribute('data-tip')) { return el.getAttribute('data-tip'); }
    return 'Not read as running text: ' + el.getAttribute('data-why');
  }
  function showTip(el) {
    tipFor = el;
    tip.textContent = tipText(el);
    var v = el.getAttribute('data-verdict');
    if (v) { tip.textContent += ' — ' + v + (el.getAttribute('data-reason') ? ' (' + el.getAttribute('data-reason') + ')' : ''); }
    tip.hidden = false;
    var r = el.getBoundingClientRect(), w = tip.offsetWidth;
    var left = Math.max(4, Math.min(r.left, document.documentElement.clientWidth - w - 4));
    var top = r.bottom + 6;
    if (top + tip.offsetHeight > window.innerHeight && r.top > tip.offsetHeight + 6) { top = r.top - tip.offsetHeight - 6; }
    tip.style.left = (left + window.scrollX) + 'px';
    tip.style.top = (top + window.scrollY) + 'px';
  }
  function hideTip() { tipFor = null; tip.hidden = true; }
  function tipTarget(node) { return node && node.closest ? node.closest('[data-tip], .dim[data-why]') : null; }
  document.addEventListener('mouseover', function (e) {
    var el = tipTarget(e.target);
    if (el && el !== tipFor) { showTip(el); } else if (!el && tipFor) { hideTip(); }
  });
  document.addEventListener('focusin', function (e) { var el = tipTarget(e.target); if (el) { showTip(el); } else { hideTip(); } });
  window.addEventListener('scroll', function () { if (tipFor && !tipFor.matches(':hover')) { hideTip(); } }, { passive: true });

  function fillProgress(done, total) {
    var p = $('progress');
    if (p) { p.textContent = done + ' of ' + total + (total === 1 ? ' claim' : ' claims') + ' reviewed'; }
  }
  function toggleHelp(show) {
    var help = $('help');
    if (!help) { return; }
    help.hidden = show === undefined ? !help.hidden : !show;
  }

  var helpButton = $('help-button');
  if (helpButton) { helpButton.addEventListener('click', function () { toggleHelp(); }); }
  if (root.hasAttribute('data-docs')) { indexPage(); } else if (root.hasAttribute('data-sha256')) { documentPage(); }

  // ---- the index page ----
  function indexPage() {
    mergeEmbedded(null);
    var states = {};
    if (store) {
      for (var i = 0; i < store.length; i++) {
        var k = store.key(i);
        if (k && k.indexOf(PREFIX) === 0) { states[k.slice(PREFIX.length)] = readState(k.slice(PREFIX.length)); }
      }
    } else {
      Object.keys(memory).forEach(function (sha) { states[sha] = readState(sha); });
    }
    var done = 0, total = 0;
    var rows = document.getElementsByClassName('doc-row');
    for (var r = 0; r < rows.length; r++) {
      var row = rows[r], n = +row.getAttribute('data-claims') || 0, s = states[row.getAttribute('data-sha256')];
      var d = s ? reviewedOf(s) : 0;
      total += n;
      done += Math.min(d, n);
      var cell = row.querySelector('td.status');
      if (cell) { cell.textContent = d + '/' + n; }
    }
    fillProgress(done, total);
    if (window.performance && performance.mark) { performance.mark('claimscan:status'); } // the browser test times this
    var exp = $('export');
    if (exp) {
      exp.addEventListener('click', function () {
        var list = [];
        Object.keys(states).forEach(function (sha) { list = list.concat(values(readState(sha).decisions)); });
        download(list);
      });
    }
    var search = $('search');
    if (search) { crossSearch(search); }
    document.addEventListener('keydown', function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) { return; }
      if (e.key === '/' && search) { e.preventDefault(); search.focus(); } else if (e.key === '?') { toggleHelp(); } else if (e.key === 'Escape') { toggleHelp(false); } else if (e.key === 'e' && exp) { exp.click(); }
    });
    root.classList.add('review-ready');
  }
  // Claims reviewed in a stored state: the count the document page wrote, or (after an import on the index) the
  // claims with a verdict of their own, whichever is larger.
  function reviewedOf(s) {
    var claims = {};
    Object.keys(s.decisions).forEach(function (k) { if (k.charAt(0) === 'c' && s.decisions[k].verdict) { claims[k] = true; } });
    return Math.max(typeof s.reviewed === 'number' ? s.reviewed : 0, Object.keys(claims).length);
  }
  function crossSearch(input) {
    var results = $('search-results');
    if (!results) {
      results = document.createElement('div');
      results.id = 'search-results';
      input.parentNode.insertBefore(results, input.nextSibling);
    }
    var loading = false, data = null, hay = null, timer = 0;
    function source() {
      var src = root.getAttribute('data-search') || input.getAttribute('data-src') || ($('search-src') && $('search-src').getAttribute('data-src'));
      if (src) { return src; }
      var a = document.querySelector('tr.doc-row a[href]');
      var href = a ? a.getAttribute('href') : '';
      return href.slice(0, href.lastIndexOf('/') + 1) + 'search.js';
    }
    function load() {
      if (loading) { return; }
      loading = true;
      results.textContent = 'loading the search index…';
      var s = document.createElement('script');
      s.src = source();
      s.onload = function () {
        data = window.CLAIMSCAN_SEARCH;
        if (!data || !Array.isArray(data.facts)) { results.textContent = 'search.js holds no search data'; return; }
        run();
      };
      s.onerror = function () { results.textContent = 'could not load ' + s.src; };
      document.head.appendChild(s);
    }
    function run() {
      if (!data) { return; }
      var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      results.textContent = '';
      if (!terms.length) { return; }
      if (!hay) {
        hay = data.facts.map(function (f) { return [f[2], f[3], f[4], f[5], f[6] || ''].join('\u0001').toLowerCase(); });
      }
      var docs = {};
      data.docs.forEach(function (d) { docs[d.n] = d; });
      var hits = [], more = 0;
      for (var i = 0; i < hay.length; i++) {
        var h = hay[i], ok = true;
        for (var t = 0; t < terms.length && ok; t++) { ok = h.indexOf(terms[t]) >= 0; }
        if (!ok) { continue; }
        if (hits.length < 200) { hits.push(data.facts[i]); } else { more++; }
      }
      var head = document.createElement('p');
      head.className = 'search-count';
      head.textContent = hits.length === 0 ? 'no fact matches' : (hits.length + more) + (hits.length + more === 1 ? ' fact' : ' facts') + (more ? ', the first 200 shown' : '');
      var list = /^(OL|UL)$/.test(results.tagName); // the page's own list, or a list made here
      var ol = list ? results : document.createElement('ol');
      ol.classList.add('search-hits');
      hits.forEach(function (f) {
        var d = docs[f[0]] || { href: '', title: '?', path: '' };
        var li = document.createElement('li'), a = document.createElement('a');
        a.href = d.href + '#f-' + f[0] + '-' + f[1];
        a.className = 'chip t-' + f[2];
        a.textContent = f[3];
        li.appendChild(a);
        li.appendChild(document.createTextNode(' ' + (f[5] || '') + ' · ' + f[4] + (f[6] ? ' · ' + f[6] : '') + ' — '));
        var t = document.createElement('span');
        t.className = 'path';
        t.textContent = d.title || d.path;
        li.appendChild(t);
        ol.appendChild(li);
      });
      if (list) {
        var li0 = document.createElement('li');
        li0.className = 'search-count';
        li0.appendChild(head);
        results.insertBefore(li0, results.firstChild);
      } else {
        results.appendChild(head);
        results.appendChild(ol);
      }
    }
    input.addEventListener('focus', load);
    input.addEventListener('input', function () { load(); clearTimeout(timer); timer = setTimeout(run, 120); });
  }

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // ---- the document page ----
  function documentPage() {
    var SHA = root.getAttribute('data-sha256'), PATH = root.getAttribute('data-path') || '';
    var facts = jsonScript('claimscan-facts') || [], claims = jsonScript('claimscan-claims') || [];
    var factByKey = {}, claimByKey = {}, claimById = {};
    claims.forEach(function (c) { claimByKey[c.key] = c; claimById[c.id] = c; });
    // The element lists of each key: marks, fact rows and cards.
    var els = {};
    function elsOf(key) { return els[key] || (els[key] = []); }
    all('mark.fact[data-key], .fact-row[data-key], li.claim-item[data-key]').forEach(function (el) { elsOf(el.getAttribute('data-key')).push(el); });
    var cards = all('li.claim-item');
    var spansOf = {};
    all('.claim-text[data-claim]').forEach(function (s) { var k = s.getAttribute('data-claim'); (spansOf[k] || (spansOf[k] = [])).push(s); });
    // A fact's claim id: the facts JSON gives the id, or the card's id (cl-N-J), which the card's key resolves.
    function claimIdOf(v) {
      if (v === null || v === undefined || claimById[v]) { return v === undefined ? null : v; }
      var card = $(v);
      var key = card && card.getAttribute('data-key');
      return key ? key.slice(2) : v;
    }
    facts.forEach(function (f) { f.claim = claimIdOf(f.claim); factByKey[f.key] = f; });
    var factsOfClaim = {};
    facts.forEach(function (f) { (factsOfClaim[f.claim] || (factsOfClaim[f.claim] = [])).push(f.key); });

    mergeEmbedded(SHA);
    var state = readState(SHA);

    function base(target, src) {
      return {
        schema: 'claimscan-decision/1', run: RUN, path: PATH, sha256: SHA,
        claim: target === 'claim' ? src.id : (src.claim === undefined ? null : src.claim), target: target,
        type: target === 'claim' ? null : src.type,
        span: { start: src.span.start, end: src.span.end }, chars: { start: src.chars.start, end: src.chars.end },
        text: src.text, rule: target === 'claim' ? null : (src.rule === undefined ? null : src.rule),
        value: target === 'claim' ? null : (src.value === undefined ? null : src.value)
      };
    }
    function decisionFor(key, verdict, reason, note) {
      var have = state.decisions[key], d;
      if (claimByKey[key]) { d = base('claim', claimByKey[key]); } else if (factByKey[key]) { d = base('fact', factByKey[key]); } else if (have && have.verdict === 'added') { d = JSON.parse(JSON.stringify(have)); } else { return null; }
      d.verdict = verdict;
      d.reason = verdict === 'rejected' && reason ? reason : null;
      d.note = note || '';
      d.time = new Date().toISOString();
      return d;
    }

    // -- drawing verdicts --
    function draw(key) {
      var d = state.decisions[key];
      var v = d && d.verdict;
      if (v === 'added' && !(els[key] && els[key].length)) { drawAdded(d); }
      (els[key] || []).forEach(function (el) {
        if (v) { el.setAttribute('data-verdict', v); } else { el.removeAttribute('data-verdict'); }
        if (v === 'rejected' && d.reason) { el.setAttribute('data-reason', d.reason); } else { el.removeAttribute('data-reason'); }
        if (!v && el.classList.contains('added')) { el.remove(); }
      });
      if (!v && els[key] && els[key].some(function (el) { return el.classList.contains('added'); })) {
        unwrapAdded(key);
      }
    }
    function reviewedCount() {
      var n = 0;
      claims.forEach(function (c) {
        var own = state.decisions[c.key];
        if (own && own.verdict) { n++; return; }
        var fs = factsOfClaim[c.id] || [];
        if (fs.length && fs.every(function (k) { var d = state.decisions[k]; return d && d.verdict; })) { n++; }
      });
      return n;
    }
    function progress() { var n = reviewedCount(); fillProgress(n, claims.length); return n; }
    function save() { state.reviewed = progress(); state.claims = claims.length; writeState(SHA, state); }

    // -- verdict changes, with an undo stack --
    var undo = [];
    function change(list) { // list of [key, decision or null]; one undo step
      var step = [];
      list.forEach(function (kv) {
        var key = kv[0], prev = state.decisions[key];
        step.push([key, prev && prev.verdict ? prev : null]);
        state.decisions[key] = kv[1] || { verdict: null, time: new Date().toISOString() };
        draw(key);
      });
      if (step.length) { undo.push(step); }
      save();
    }
    function verdict(key, v, reason, note) {
      var d = decisionFor(key, v, reason, note);
      if (!d) { return; }
      var list = [[key, d]];
      if (claimByKey[key] && v === 'accepted') {
        var id = claimByKey[key].id;
        (factsOfClaim[id] || []).forEach(function (fk) {
          var have = state.decisions[fk];
          if (!have || !have.verdict) { list.push([fk, decisionFor(fk, 'accepted', null, '')]); }
        });
      }
      change(list);
      announce(key, v, reason);
    }
    function clear(key) { if (state.decisions[key] && state.decisions[key].verdict) { change([[key, null]]); announce(key, null); } }
    function undoLast() {
      var step = undo.pop();
      if (!step) { announce(null, 'nothing to undo'); return; }
      var now = new Date().toISOString();
      step.forEach(function (kv) {
        var prev = kv[1];
        if (prev) { prev = JSON.parse(JSON.stringify(prev)); prev.time = now; }
        state.decisions[kv[0]] = prev || { verdict: null, time: now };
        draw(kv[0]);
      });
      save();
      announce(step[0][0], 'undone');
    }
    var live = document.createElement('div');
    live.id = 'announce';
    live.className = 'announce';
    live.setAttribute('aria-live', 'polite');
    document.body.appendChild(live);
    function announce(key, what, reason) {
      var name = key ? (key.charAt(0) === 'c' ? 'claim' : 'fact') + ' ' : '';
      live.textContent = name + (what || 'verdict removed') + (reason ? ': ' + reason : '');
    }

    // -- current claim and fact --
    var curCard = null, curRow = null;
    function visible(card) { return !card.hidden && !(searchMiss && searchMiss.has(card)); }
    function mark(on, list) { (list || []).forEach(function (el) { el.classList.toggle('current', on); }); }
    function setCard(card, scroll) {
      if (curCard === card) { if (scroll) { scrollCard(card); } return; }
      if (curCard) { curCard.classList.remove('current'); mark(false, spansOf[curCard.id]); }
      setRow(null);
      curCard = card;
      if (!card) { return; }
      card.classList.add('current');
      mark(true, spansOf[card.id]);
      if (scroll) { scrollCard(card); }
    }
    function scrollCard(card) {
      var spans = spansOf[card.id];
      if (spans && spans[0]) { spans[0].scrollIntoView({ block: 'nearest' }); }
      card.scrollIntoView({ block: 'nearest' });
    }
    function setRow(row, scroll) {
      if (curRow) { curRow.classList.remove('current'); mark(false, marksOf(curRow)); }
      curRow = row;
      if (!row) { return; }
      row.classList.add('current');
      var ms = marksOf(row);
      mark(true, ms);
      if (scroll) { (ms[0] || row).scrollIntoView({ block: 'nearest' }); row.scrollIntoView({ block: 'nearest' }); }
    }
    function marksOf(row) { return (els[row.getAttribute('data-key')] || []).filter(function (el) { return el.tagName === 'MARK'; }); }
    function rowsOf(card) { return all('.fact-row[data-key]', card).filter(function (r) { return !r.hidden; }); }
    function stepCard(dir) {
      var list = cards.filter(visible);
      if (!list.length) { return; }
      var i = list.indexOf(curCard);
      i = i < 0 ? (dir > 0 ? 0 : list.length - 1) : Math.max(0, Math.min(list.length - 1, i + dir));
      setCard(list[i], true);
    }
    function stepFact(dir) {
      if (!curCard) { stepCard(1); }
      if (!curCard) { return; }
      var rows = rowsOf(curCard);
      if (!rows.length) { return; }
      var i = rows.indexOf(curRow);
      i = i < 0 ? (dir > 0 ? 0 : rows.length - 1) : Math.max(0, Math.min(rows.length - 1, i + dir));
      setRow(rows[i], true);
    }
    function currentKey() {
      if (curRow) { return curRow.getAttribute('data-key'); }
      return curCard ? curCard.getAttribute('data-key') : null;
    }

    // -- the reason picker --
    var REASONS = ['wrong value', 'wrong span', 'not a fact', 'wrong entity'];
    var picker = document.createElement('div');
    picker.id = 'reason-picker';
    picker.hidden = true;
    picker.setAttribute('role', 'dialog');
    picker.setAttribute('aria-label', 'Why is it wrong?');
    var pickerHead = document.createElement('p');
    pickerHead.className = 'picker-head';
    picker.appendChild(pickerHead);
    REASONS.forEach(function (r, i) {
      var b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('data-reason', r);
      b.innerHTML = '<kbd></kbd> ';
      b.firstChild.textContent = String(i + 1);
      b.appendChild(document.createTextNode(r));
      picker.appendChild(b);
    });
    var none = document.createElement('button');
    none.type = 'button';
    none.setAttribute('data-reason', '');
    none.innerHTML = '<kbd>Enter</kbd> no reason';
    picker.appendChild(none);
    var note = document.createElement('input');
    note.type = 'text';
    note.id = 'reason-note';
    note.placeholder = 'note (optional)';
    note.setAttribute('aria-label', 'Note');
    picker.appendChild(note);
    var cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'cancel';
    cancel.innerHTML = '<kbd>Esc</kbd> cancel';
    picker.appendChild(cancel);
    document.body.appendChild(picker);
    var pickKey = null;
    function openPicker(key) {
      pickKey = key;
      pickerHead.textContent = 'Reject this ' + (key.charAt(0) === 'c' ? 'claim' : 'fact') + ': why?';
      note.value = (state.decisions[key] && state.decisions[key].note) || '';
      picker.hidden = false;
      var anchor = (els[key] || []).filter(function (el) { return el.offsetParent; })[0];
      var r = anchor ? anchor.getBoundingClientRect() : { left: 20, bottom: 80 };
      picker.style.left = (Math.max(4, Math.min(r.left, document.documentElement.clientWidth - picker.offsetWidth - 4)) + window.scrollX) + 'px';
      picker.style.top = (Math.min(r.bottom + 6, window.innerHeight - picker.offsetHeight - 4) + window.scrollY) + 'px';
    }
    function closePicker(reason) {
      var key = pickKey;
      pickKey = null;
      picker.hidden = true;
      if (document.activeElement === note) { note.blur(); }
      if (key !== null && reason !== undefined) { verdict(key, 'rejected', reason, note.value.trim()); }
    }
    picker.addEventListener('click', function (e) {
      var b = e.target.closest('button');
      if (!b) { return; }
      if (b === cancel) { closePicker(); } else { closePicker(b.getAttribute('data-reason') || null); }
    });

    // -- add a missed fact from a selection in the article --
    var article = $('article');
    var adder = $('add-fact');
    if (article && !adder) {
      adder = document.createElement('div');
      adder.id = 'add-fact';
      var types = boxes.filter(function (b) { return b.getAttribute('data-filter') === 'type'; }).map(function (b) { return b.value; });
      if (!types.length) { types = ['date', 'percentage', 'money', 'quantity', 'organization', 'policy']; }
      adder.innerHTML = '<span class="add-label">add a missed fact:</span>';
      types.forEach(function (t) {
        var b = document.createElement('button');
        b.type = 'button';
        b.setAttribute('data-type', t);
        b.className = 'chip t-' + t.replace(/[^a-z0-9_-]/gi, '-');
        b.textContent = t;
        adder.appendChild(b);
      });
      document.body.appendChild(adder);
    }
    if (adder) { adder.hidden = true; }
    var runs = null; // [{el, c, ce, x, text, b}] in file order
    function runText(el) {
      var s = '';
      var w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, null);
      for (var n = w.nextNode(); n; n = w.nextNode()) { if (!inValue(n)) { s += n.data; } }
      return s;
    }
    function inValue(n) { var p = n.parentNode; return !!(p && p.closest && p.closest('.val-inline')); }
    function getRuns() {
      if (runs) { return runs; }
      runs = all('span.r[data-c]', article).map(function (el) {
        var c = +el.getAttribute('data-c'), x = el.classList.contains('x'), text = runText(el);
        var b = el.getAttribute('data-b');
        return { el: el, c: c, ce: x ? +el.getAttribute('data-ce') : c + cpLen(text), x: x, text: x ? null : text, shown: text, b: b === null ? null : +b };
      });
      return runs;
    }
    // Code points of the run's shown text before the point (node, offset) inside it.
    function cpsBefore(run, node, offset) {
      var n = 0;
      var w = document.createTreeWalker(run.el, NodeFilter.SHOW_TEXT, null);
      var r = document.createRange();
      r.setStart(node, offset);
      for (var t = w.nextNode(); t; t = w.nextNode()) {
        if (inValue(t)) { continue; }
        if (t === node) { return n + cpLen(t.data.slice(0, offset)); }
        if (r.comparePoint(t, t.data.length) <= 0) { n += cpLen(t.data); } else { break; }
      }
      return n;
    }
    // The file code point of a selection boundary; `end` says which side of a partly chosen folded run to take.
    function pointToC(node, offset, end) {
      var list = getRuns(), lo = 0, hi = list.length - 1, at = -1;
      var probe = document.createRange();
      probe.setStart(node, offset);
      while (lo <= hi) { // the last run whose start is at or before the point
        var mid = (lo + hi) >> 1;
        if (probe.comparePoint(list[mid].el, 0) <= 0) { at = mid; lo = mid + 1; } else { hi = mid - 1; }
      }
      var run = list[at];
      if (run && (run.el === node || run.el.contains(node))) {
        if (node.nodeType === 3 && inValue(node)) { return end ? run.ce : run.c; }
        if (run.x) { // a folded run is taken whole or not at all
          var before = cpsBefore(run, node, offset);
          if (before === 0) { return run.c; }
          return before >= cpLen(run.shown) || end ? run.ce : run.c;
        }
        if (node === run.el) { // an element offset: count the text of the children before it
          var r = document.createRange();
          r.selectNodeContents(run.el);
          r.setEnd(node, offset);
          return run.c + cpLen(r.toString());
        }
        return run.c + cpsBefore(run, node, offset);
      }
      // Between runs: a start snaps to the next run, an end to the end of the previous one.
      if (end) { return run ? run.ce : 0; }
      var next = list[at + 1];
      return next ? next.c : (run ? run.ce : 0);
    }
    // Byte offset of code point c: from the nearest anchor (a run's data-b, a mark's data-b/data-c, the file's
    // start) through runs copied one to one. Folded runs are counted as ASCII, so exact wherever they are.
    var anchors = null;
    function getAnchors() {
      if (anchors) { return anchors; }
      anchors = [{ c: 0, b: 0 }];
      getRuns().forEach(function (r) { if (r.b !== null) { anchors.push({ c: r.c, b: r.b }); } });
      all('mark.fact[data-b][data-c]', article).forEach(function (m) {
        var b = m.getAttribute('data-b').split(':'), c = m.getAttribute('data-c').split(':');
        anchors.push({ c: +c[0], b: +b[0] }, { c: +c[1], b: +b[1] });
      });
      anchors.sort(function (x, y) { return x.c - y.c; });
      return anchors;
    }
    // UTF-8 length of the file's code points [from, to) as far as runs show them; null when a gap is not shown.
    function bytesBetween(from, to) {
      var n = 0, pos = from;
      var list = getRuns();
      for (var i = 0; i < list.length && pos < to; i++) {
        var r = list[i];
        if (r.ce <= pos) { continue; }
        if (r.c > pos) { return null; }
        var upto = Math.min(to, r.ce);
        n += r.x ? upto - pos : utf8Len(cpSlice(r.text, pos - r.c, upto - r.c));
        pos = upto;
      }
      return pos >= to ? n : null;
    }
    function byteOf(c) {
      var list = getAnchors(), best = null;
      for (var i = list.length - 1; i >= 0; i--) {
        var a = list[i];
        if (a.c > c) {
          var back = bytesBetween(c, a.c);
          if (back !== null && (!best || a.c - c < best.dist)) { best = { b: a.b - back, dist: a.c - c }; }
          continue;
        }
        if (best && c - a.c >= best.dist) { break; }
        var fwd = bytesBetween(a.c, c);
        if (fwd !== null) { if (!best || c - a.c < best.dist) { best = { b: a.b + fwd, dist: c - a.c }; } break; }
      }
      return best ? best.b : null;
    }
    function shownText(cs, ce) {
      var s = '';
      getRuns().forEach(function (r) {
        if (r.ce <= cs || r.c >= ce) { return; }
        s += r.x ? r.shown : cpSlice(r.text, Math.max(0, cs - r.c), ce - r.c);
      });
      return s;
    }
    function selectionSpan() {
      var sel = window.getSelection();
      if (!article || !sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
      var range = sel.getRangeAt(0);
      if (!article.contains(range.commonAncestorContainer)) { return null; }
      var cs = pointToC(range.startContainer, range.startOffset, false);
      var ce = pointToC(range.endContainer, range.endOffset, true);
      var text = shownText(cs, ce);
      // Trim white space the selection took at either end (a double click takes the space after a word).
      var lead = text.length - text.replace(/^\s+/, '').length, trail = text.length - text.replace(/\s+$/, '').length;
      if (lead) { cs += cpLen(text.slice(0, lead)); }
      if (trail && text.length - trail > lead) { ce -= cpLen(text.slice(text.length - trail)); }
      text = text.trim();
      if (!(ce > cs) || !text) { return null; }
      return { cs: cs, ce: ce, text: text };
    }
    var pending = null;
    function showAdder() {
      if (!adder) { return; }
      pending = selectionSpan();
      if (!pending) { adder.hidden = true; return; }
      var r = window.getSelection().getRangeAt(0).getBoundingClientRect();
      adder.hidden = false;
      adder.style.left = (Math.max(4, Math.min(r.left, document.documentElement.clientWidth - adder.offsetWidth - 4)) + window.scrollX) + 'px';
      adder.style.top = (r.bottom + 6 + window.scrollY) + 'px';
    }
    if (article) {
      article.addEventListener('mouseup', function () { setTimeout(showAdder, 0); });
      article.addEventListener('keyup', function (e) { if (e.shiftKey) { showAdder(); } });
    }
    if (adder) {
      adder.addEventListener('mousedown', function (e) { e.preventDefault(); }); // keep the selection
      adder.addEventListener('click', function (e) {
        var b = e.target.closest('button[data-type]');
        if (!b) { return; }
        var p = pending || selectionSpan();
        adder.hidden = true;
        if (!p) { return; }
        addFact(p, b.getAttribute('data-type'));
        window.getSelection().removeAllRanges();
      });
    }
    function addFact(p, type) {
      var bs = byteOf(p.cs), be = byteOf(p.ce);
      var holder = claims.filter(function (c) { return c.chars.start <= p.cs && p.ce <= c.chars.end; })[0];
      var d = {
        schema: 'claimscan-decision/1', run: RUN, path: PATH, sha256: SHA, claim: holder ? holder.id : null,
        target: 'fact', type: type,
        span: { start: bs === null ? p.cs : bs, end: be === null ? p.ce : be }, chars: { start: p.cs, end: p.ce },
        text: p.text, rule: null, value: null, verdict: 'added', reason: null, note: '', time: new Date().toISOString()
      };
      if (bs === null || be === null) { console.warn('claimscan: the byte span of the added fact is not known; its code-point span stands in'); }
      var key = decisionKey(d);
      if (factByKey[key]) { verdict(key, 'accepted'); return; } // the extractor has this fact already
      change([[key, d]]);
      announce(key, 'added', type);
    }
    // Draws an added fact: a mark around its text in every run it covers (folded runs whole), and a row in the
    // card of its claim.
    function drawAdded(d) {
      if (!article) { return; }
      var key = decisionKey(d), cs = d.chars.start, ce = d.chars.end, made = elsOf(key);
      getRuns().forEach(function (r) {
        if (r.ce <= cs || r.c >= ce) { return; }
        var from = r.x ? 0 : Math.max(0, cs - r.c), to = r.x ? Infinity : ce - r.c;
        var w = document.createTreeWalker(r.el, NodeFilter.SHOW_TEXT, null), pos = 0, nodes = [];
        for (var t = w.nextNode(); t; t = w.nextNode()) { if (!inValue(t)) { nodes.push(t); } }
        nodes.forEach(function (t) {
          var len = cpLen(t.data), a = Math.max(from, pos), z = Math.min(to, pos + len);
          if (z > a) {
            var chars = Array.from(t.data), range = document.createRange();
            range.setStart(t, chars.slice(0, a - pos).join('').length);
            range.setEnd(t, chars.slice(0, z - pos).join('').length);
            var m = document.createElement('mark');
            m.className = 'fact added fact-' + d.type;
            m.setAttribute('data-key', key);
            m.setAttribute('data-type', d.type);
            m.setAttribute('data-c', cs + ':' + ce);
            m.setAttribute('data-tip', 'added by the reviewer: ' + d.type);
            m.setAttribute('tabindex', '0');
            try { range.surroundContents(m); made.push(m); } catch (e) { /* a range across elements: left unmarked */ }
          }
          pos += len;
        });
      });
      runs = null;
      var card = d.claim && elsOf('c:' + d.claim).filter(function (el) { return el.tagName === 'LI'; })[0];
      if (card) {
        var list = card.querySelector('.fact-list') || card.appendChild(document.createElement('ul'));
        var li = document.createElement('li');
        li.className = 'fact-row added';
        li.setAttribute('data-key', key);
        li.setAttribute('data-type', d.type);
        li.innerHTML = '<span class="chip"></span> <span class="val">added</span> <button type="button" class="v remove">remove</button>';
        li.firstChild.className = 'chip t-' + d.type;
        li.firstChild.textContent = d.text;
        list.appendChild(li);
        made.push(li);
      }
    }
    function unwrapAdded(key) {
      els[key] = (els[key] || []).filter(function (el) {
        if (!el.classList.contains('added')) { return true; }
        if (el.tagName === 'MARK' && el.parentNode) {
          var p = el.parentNode;
          if (curRow && marksOf(curRow).indexOf(el) >= 0) { setRow(null); }
          while (el.firstChild) { p.insertBefore(el.firstChild, el); }
          p.removeChild(el);
          p.normalize();
        } else if (el.parentNode) {
          if (el === curRow) { setRow(null); }
          el.parentNode.removeChild(el);
        }
        return false;
      });
      runs = null;
    }

    // -- clicks: verdict buttons, marks, chips --
    document.addEventListener('click', function (e) {
      var t = e.target;
      if (!t.closest) { return; }
      var b = t.closest('button.v');
      if (b) {
        var row = b.closest('.fact-row'), card = b.closest('li.claim-item');
        var key = (row || card).getAttribute('data-key');
        if (card) { setCard(card, false); }
        setRow(row && row.hasAttribute('data-key') ? row : null);
        var v = b.getAttribute('data-verdict');
        if (b.classList.contains('remove') || (state.decisions[key] && state.decisions[key].verdict === v)) { clear(key); } else if (v === 'rejected') { openPicker(key); } else if (v) { verdict(key, v); }
        return;
      }
      var m = t.closest('mark.fact[data-key]');
      if (m) {
        var c = m.getAttribute('data-claim');
        var k = m.getAttribute('data-key');
        var card2 = c ? $(c) : (elsOf(k).filter(function (el) { return el.tagName === 'LI' && el.classList.contains('fact-row'); })[0] || { closest: function () { return null; } }).closest('li.claim-item');
        if (card2) {
          setCard(card2, false);
          var r = all('.fact-row', card2).filter(function (x) { return x.getAttribute('data-key') === k; })[0];
          setRow(r || null);
          card2.scrollIntoView({ block: 'nearest', behavior: 'auto' });
        }
        return;
      }
      var chip = t.closest('a.chip');
      if (chip) {
        var row2 = chip.closest('.fact-row[data-key]');
        if (row2) { setCard(row2.closest('li.claim-item'), false); setRow(row2, false); }
      }
      if (!t.closest('#reason-picker') && !picker.hidden) { closePicker(); }
    });

    // -- search (claim cards) --
    var search = $('search'), hay = null;
    function cardHay() {
      hay = new Map();
      cards.forEach(function (card) {
        var key = card.getAttribute('data-key') || '', id = key.slice(2), parts = [card.textContent, card.getAttribute('data-types') || '', card.getAttribute('data-kinds') || ''];
        (factsOfClaim[id] || []).forEach(function (fk) {
          var f = factByKey[fk];
          parts.push(f.type, f.rule, f.text, f.readable || '', JSON.stringify(f.value));
        });
        hay.set(card, parts.join('\u0001').toLowerCase());
      });
    }
    function runSearch() {
      var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      if (!terms.length) { searchMiss = null; } else {
        if (!hay) { cardHay(); }
        searchMiss = new Set();
        cards.forEach(function (card) {
          var h = hay.get(card);
          if (!terms.every(function (t) { return h.indexOf(t) >= 0; })) { searchMiss.add(card); }
        });
      }
      cards.forEach(function (card) { card.classList.toggle('search-miss', !!(searchMiss && searchMiss.has(card))); });
      apply(false);
      if (curCard && !visible(curCard)) { setCard(null); }
    }
    if (search) {
      var timer = 0;
      search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(runSearch, 80); });
      search.addEventListener('keydown', function (e) {
        if (e.key === 'Escape') { search.value = ''; runSearch(); search.blur(); } else if (e.key === 'Enter') { clearTimeout(timer); runSearch(); search.blur(); stepCard(1); }
      });
    }

    // -- values inline (displaCy style) --
    var PREFS = 'claimscan:review:prefs';
    var inline = $('values-inline');
    if (!inline) {
      var label = document.createElement('label');
      label.className = 'legend-item values-toggle';
      label.innerHTML = '<input type="checkbox" id="values-inline"> values inline';
      var host = document.querySelector('.filter-actions') || document.querySelector('.top') || document.body;
      host.appendChild(label);
      inline = $('values-inline');
    }
    try { inline.checked = !!JSON.parse((store && store.getItem(PREFS)) || '{}').inline; } catch (e) { inline.checked = false; }
    function applyInline() { root.classList.toggle('values-inline', inline.checked); }
    inline.addEventListener('change', function () {
      applyInline();
      if (store) { try { store.setItem(PREFS, JSON.stringify({ inline: inline.checked })); } catch (e) { /* private mode */ } }
    });
    applyInline();

    // -- keys --
    document.addEventListener('keydown', function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) { return; }
      if (!picker.hidden) {
        if (e.key === 'Escape') { e.preventDefault(); closePicker(); return; }
        if (e.key === 'Enter') { e.preventDefault(); closePicker(null); return; }
        if (e.target === note) { return; }
        var i = '1234'.indexOf(e.key);
        if (i >= 0 && e.key.length === 1) { e.preventDefault(); closePicker(REASONS[i]); }
        return;
      }
      if (typing(e.target)) { return; }
      var key;
      switch (e.key) {
        case 'j': stepCard(1); break;
        case 'k': stepCard(-1); break;
        case 'l': stepFact(1); break;
        case 'h': stepFact(-1); break;
        case 'a': key = currentKey(); if (key) { verdict(key, 'accepted'); } break;
        case 'f': key = currentKey(); if (key) { verdict(key, 'flagged'); } break;
        case 'x': key = currentKey(); if (key) { openPicker(key); } break;
        case 'u': undoLast(); break;
        case 'e': if (exportBtn) { exportBtn.click(); } break;
        case '/': if (search) { search.focus(); search.select(); } break;
        case '?': toggleHelp(); break;
        case 'Escape': toggleHelp(false); if (adder) { adder.hidden = true; } setRow(null); break;
        default: return;
      }
      e.preventDefault();
    });

    var exportBtn = $('export');
    if (exportBtn) { exportBtn.addEventListener('click', function () { download(values(state.decisions)); }); }

    // -- first drawing --
    Object.keys(state.decisions).forEach(function (k) { if (state.decisions[k].verdict) { draw(k); } });
    var n = progress();
    if (Object.keys(state.decisions).length && (state.reviewed !== n || state.claims !== claims.length)) { save(); }
    root.classList.add('review-ready');
  }
})();
