// The archive's search, in the page, with no server: the header box on every page (reached
// with "/") and the search page ({zh,en}/search/index.html, which reads ?q=, &summit=, &kind=
// and &lang=). The index is a set of scripts under search/ (see src/index/payload.rs): the
// meta first, then only the shards of the query's characters and words, then the text of the
// units shown. Scripts load from file:// and from any sub-path of any server, where fetch
// would not. The rules that read a query mirror src/index/analyse.rs; each names its
// counterpart there. Text from the index is put in the page as text, never as markup.
(function () {
  "use strict";
  var body = document.body;
  var root = new URL(body.getAttribute("data-root") || "./", window.location.href);
  var pageLang = (document.documentElement.lang || "zh").indexOf("zh") === 0 ? "zh" : "en";
  var loaded = {};
  var meta = null;
  var trad = {};
  var MAX_CHARS = 48; // the characters of a query read for Chinese terms
  var MAX_SHARDS = 40;

  // Each index script calls __ssx(kind, number, data).
  window.__ssx = function (kind, n, data) { loaded[kind + n] = data; };

  function load(kind, n, path) {
    var key = kind + n;
    if (loaded[key] !== undefined) { return Promise.resolve(loaded[key]); }
    if (loaded["p" + key]) { return loaded["p" + key]; }
    var promise = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = new URL(path, root).href;
      script.onload = function () { resolve(loaded[key]); };
      script.onerror = function () { reject(new Error(path)); };
      document.head.appendChild(script);
    });
    loaded["p" + key] = promise;
    return promise;
  }

  function loadMeta() {
    return load("m", 0, "search/meta.js").then(function (m) {
      if (!meta) {
        meta = m;
        var chars = Array.from(m.trad);
        for (var i = 0; i + 1 < chars.length; i += 2) { trad[chars[i]] = chars[i + 1]; }
      }
      return m;
    });
  }
  var shard = function (n) { return load("t", n, "search/t/" + n + ".js"); };
  var chunk = function (k) { return load("x", k, "search/x/" + k + ".js"); };

  // fold_char / fold in analyse.rs.
  function foldChar(c) {
    var code = c.codePointAt(0);
    if (code >= 0xFF01 && code <= 0xFF5E) { c = String.fromCodePoint(code - 0xFEE0); }
    if (code === 0x3000) { c = " "; }
    if (c >= "A" && c <= "Z") { c = c.toLowerCase(); }
    return trad[c] || c;
  }
  function fold(text) { return Array.from(text).map(foldChar); }
  function isHan(c) {
    var x = c.codePointAt(0);
    return (x >= 0x3400 && x <= 0x4DBF) || (x >= 0x4E00 && x <= 0x9FFF) ||
      (x >= 0xF900 && x <= 0xFAFF) || (x >= 0x20000 && x <= 0x3134F);
  }
  var DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D\u2500";
  function isDash(c) { return DASHES.indexOf(c) >= 0; }
  function isSpace(c) { return /\s/.test(c); }
  function gramChar(c) { return isHan(c) || /[a-z0-9]/.test(c); }
  // runs in analyse.rs: gram characters in a row, going on over dashes and spaces between Han.
  function runs(chars) {
    var out = [], run = [], i = 0;
    while (i < chars.length) {
      var c = chars[i];
      if (gramChar(c)) { run.push(c); i++; continue; }
      if ((isDash(c) || isSpace(c)) && run.length && isHan(run[run.length - 1])) {
        var j = i;
        while (j < chars.length && (isDash(chars[j]) || isSpace(chars[j]))) { j++; }
        if (j < chars.length && isHan(chars[j])) { i = j; continue; }
      }
      if (run.length) { out.push(run); run = []; }
      i++;
    }
    if (run.length) { out.push(run); }
    return out;
  }
  // english_tokens in analyse.rs.
  function words(chars) {
    return chars.join("").split(/[^a-z0-9]+/).filter(function (w) { return w; });
  }
  // fnv and shard_of in analyse.rs.
  function fnv(text) {
    var bytes = new TextEncoder().encode(text), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }
  function shardOf(term) {
    var chars = Array.from(term);
    var key = chars[0] === "e" ? "e" + chars.slice(1, 3).join("") : "z" + (chars[1] || "");
    return fnv(key) % meta.shards;
  }
  function lookup(term) { var s = loaded["t" + shardOf(term)]; return s ? s.t[term] : undefined; }
  function alias(word) { var s = loaded["t" + shardOf("e" + word)]; return (s && s.a[word]) || word; }

  // A query's parts: the Chinese runs, the English words, and what the glossary adds in the
  // other language.
  function parse(query) {
    var chars = fold(query.slice(0, 500));
    var zh = runs(chars).map(function (r) { return r.slice(0, MAX_CHARS); });
    var en = words(chars);
    var flat = chars.filter(function (c) { return !isDash(c) && !isSpace(c); }).join("");
    var spaced = " " + en.join(" ") + " ";
    var extraZh = [], extraEn = [];
    meta.glossary.forEach(function (g) {
      g[1].forEach(function (form) {
        var f = " " + words(fold(form)).join(" ") + " ";
        if (f.trim() && spaced.indexOf(f) >= 0) { extraZh = extraZh.concat(g[0]); }
      });
      g[0].forEach(function (form) {
        var f = fold(form).filter(function (c) { return !isDash(c) && !isSpace(c); }).join("");
        if (f.length > 1 && flat.indexOf(f) >= 0) { extraEn.push(words(fold(g[1][0]))); }
      });
    });
    return { zh: zh, en: en, extraZh: extraZh, extraEn: extraEn, open: !/\s$/.test(query) };
  }

  function shardsFor(parts) {
    var need = {};
    function add(term) { need[shardOf(term)] = true; }
    parts.zh.forEach(function (run) { run.forEach(function (c) { add("c" + c); }); });
    parts.extraZh.forEach(function (form) { add("w" + fold(form).join("")); });
    parts.en.forEach(function (w) { add("e" + w); });
    parts.extraEn.forEach(function (ws) { ws.forEach(function (w) { add("e" + w); }); });
    return Object.keys(need).slice(0, MAX_SHARDS).map(Number);
  }

  // The terms to score, each {term, weight, lang, group}: a group is one thing the query asks
  // for; the share of groups a unit matches scales its score, so that a unit with every word
  // ranks above one that repeats a single word.
  function terms(parts) {
    var out = [], groups = { zh: 0, en: 0 };
    parts.zh.forEach(function (run) {
      var text = run.join("");
      if (run.length === 1) {
        out.push({ term: (isHan(run[0]) ? "c" : "w") + text, weight: 1, lang: "zh", group: groups.zh++ });
        if (!isHan(run[0])) { out.push({ term: "e" + text, weight: 1, lang: "en", group: groups.en++ }); }
        return;
      }
      // The words of the run: every dictionary word of the index that it contains.
      for (var i = 0; i < run.length; i++) {
        for (var j = Math.min(run.length, i + 16); j >= i + 2; j--) {
          var w = run.slice(i, j).join("");
          if (lookup("w" + w)) { out.push({ term: "w" + w, weight: j - i === run.length ? 3 : 1.5, lang: "zh", group: -1 }); }
        }
      }
      for (var k = 0; k + 1 < run.length; k++) {
        out.push({ term: "b" + run[k] + run[k + 1], weight: 1, lang: "zh", group: groups.zh++ });
      }
      if (/^[a-z0-9]+$/.test(text)) { out.push({ term: "e" + alias(text), weight: 2, lang: "en", group: groups.en++ }); }
    });
    parts.extraZh.forEach(function (form) {
      out.push({ term: "w" + fold(form).join(""), weight: 3, lang: "zh", group: -1, cross: true });
    });
    parts.en.forEach(function (w, i) {
      if (/^[0-9]+$/.test(w) && parts.zh.length) { return; }
      var g = groups.en++;
      out.push({ term: "e" + alias(w), weight: 2, lang: "en", group: g });
      // The word being typed: the stems it may grow into.
      if (parts.open && i === parts.en.length - 1 && w.length >= 3) {
        var s = loaded["t" + shardOf("e" + w)];
        var n = 0;
        Object.keys(s ? s.t : {}).forEach(function (t) {
          if (n < 12 && t !== "e" + alias(w) && t.indexOf("e" + w) === 0) {
            out.push({ term: t, weight: 0.7, lang: "en", group: g }); n++;
          }
        });
      }
    });
    // A rendering in the other language counts only where all its words are found.
    parts.extraEn.forEach(function (ws, id) {
      var stems = {};
      ws.forEach(function (w) { stems["e" + alias(w)] = true; });
      var list = Object.keys(stems);
      list.forEach(function (t) {
        out.push({ term: t, weight: 1, lang: "en", group: -1, cross: true, phrase: id, size: list.length });
      });
    });
    return { list: out, groups: groups };
  }

  // BM25 over each language's side of the units.
  function score(plan, filters) {
    var n = meta.units.length, k1 = 1.2, b = 0.75, hits = {};
    plan.list.forEach(function (t) {
      var postings = lookup(t.term);
      if (!postings) { return; }
      var df = 0;
      for (var p = 0; p < postings.length; p++) { df++; if (postings[p] < 0) { p++; } }
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      var unit = -1;
      for (var i = 0; i < postings.length; i++) {
        var v = postings[i], tf = 1;
        if (v < 0) { unit -= v; tf = postings[++i]; } else { unit += v; }
        var u = meta.units[unit];
        var len = t.lang === "zh" ? u[4] : u[5];
        var avg = meta.avg[t.lang === "zh" ? 0 : 1] || 1;
        var s = t.weight * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avg));
        var key = unit + ":" + t.lang;
        var hit = hits[key] || (hits[key] = { unit: unit, lang: t.lang, score: 0, groups: {}, cross: true, terms: {}, phrases: {} });
        if (t.phrase !== undefined) {
          var ph = hit.phrases[t.phrase] || (hit.phrases[t.phrase] = { size: t.size, got: {}, score: 0 });
          ph.got[t.term] = true;
          ph.score += s;
          continue;
        }
        hit.score += s;
        if (t.group >= 0) { hit.groups[t.group] = true; }
        if (!t.cross) { hit.cross = false; }
        hit.terms[t.term] = true;
      }
    });
    var byUnit = {};
    Object.keys(hits).forEach(function (key) {
      var h = hits[key], total = plan.groups[h.lang];
      Object.keys(h.phrases).forEach(function (id) {
        var ph = h.phrases[id];
        if (Object.keys(ph.got).length === ph.size) {
          h.score += ph.score;
          Object.keys(ph.got).forEach(function (t) { h.terms[t] = true; });
        }
      });
      if (h.score <= 0) { return; }
      var share = total ? Object.keys(h.groups).length / total : (h.cross ? 0.8 : 1);
      if (total && share < 0.5) { return; }
      h.score *= share * share;
      var u = meta.units[h.unit], doc = meta.docs[u[0]];
      if (filters.summit && meta.summits[doc[0]][0] !== filters.summit) { return; }
      if (filters.kind && doc[2] !== filters.kind) { return; }
      if (filters.lang && filters.lang !== h.lang) { return; }
      if (u[3]) { h.score *= 1.3; }
      // One result a unit: in the page's language when it matches there (else marked as the
      // other), scored as its better side and a fifth of the other.
      var cur = byUnit[h.unit];
      if (!cur) { byUnit[h.unit] = h; return; }
      var keep = h.lang === pageLang && cur.lang !== pageLang ? h
        : cur.lang === pageLang && h.lang !== pageLang ? cur : (h.score > cur.score ? h : cur);
      var other = keep === h ? cur : h;
      keep.score = Math.max(keep.score, other.score) + 0.2 * Math.min(keep.score, other.score);
      Object.keys(other.terms).forEach(function (t) { keep.terms[t] = true; });
      byUnit[h.unit] = keep;
    });
    return Object.keys(byUnit).map(function (k) { return byUnit[k]; })
      .sort(function (x, y) { return y.score - x.score || x.unit - y.unit; });
  }

  // The query as a phrase in a unit's text: a Chinese run, or the English words in a row.
  function phraseIn(parts, hit, text) {
    var folded = fold(text);
    if (hit.lang === "zh") {
      var flat = folded.filter(function (c) { return !isDash(c) && !isSpace(c); }).join("");
      return parts.zh.some(function (r) { return r.length > 1 && flat.indexOf(r.join("")) >= 0; });
    }
    return parts.en.length > 1 && (" " + words(folded).join(" ") + " ").indexOf(" " + parts.en.join(" ") + " ") >= 0;
  }

  function search(query, filters) {
    return loadMeta().then(function () {
      var parts = parse(query);
      if (!parts.zh.length && !parts.en.length) { return { parts: parts, hits: [] }; }
      return Promise.all(shardsFor(parts).map(shard)).then(function () {
        var hits = score(terms(parts), filters).slice(0, 60);
        var top = hits.slice(0, 24);
        var chunks = {};
        top.forEach(function (h) { chunks[Math.floor(h.unit / meta.chunk)] = true; });
        return Promise.all(Object.keys(chunks).map(Number).map(chunk)).then(function () {
          top.forEach(function (h) {
            if (phraseIn(parts, h, text(h.unit, h.lang))) { h.score *= 2; }
          });
          hits.sort(function (x, y) { return y.score - x.score || x.unit - y.unit; });
          return { parts: parts, hits: hits };
        });
      });
    });
  }

  function text(unit, lang) {
    var c = loaded["x" + Math.floor(unit / meta.chunk)];
    return c ? c[unit % meta.chunk][lang === "zh" ? 0 : 1] : "";
  }

  // The words to mark in a unit's text: the query's runs, words and bigrams found there, or
  // the English words whose stem matched.
  function snippet(hit, parts) {
    var raw = Array.from(text(hit.unit, hit.lang)), folded = raw.map(foldChar);
    var mark = new Array(raw.length).fill(false);
    if (hit.lang === "zh") {
      var strings = [];
      Object.keys(hit.terms).forEach(function (t) { if (t[0] !== "e") { strings.push(Array.from(t).slice(1)); } });
      strings.forEach(function (s) {
        for (var i = 0; i + s.length <= folded.length; i++) {
          var same = true;
          for (var j = 0; j < s.length && same; j++) { same = folded[i + j] === s[j]; }
          if (same) { for (var m = 0; m < s.length; m++) { mark[i + m] = true; } }
        }
      });
    } else {
      var i = 0;
      while (i < folded.length) {
        if (!/[a-z0-9]/.test(folded[i])) { i++; continue; }
        var j = i;
        while (j < folded.length && /[a-z0-9]/.test(folded[j])) { j++; }
        var w = folded.slice(i, j).join("");
        if (hit.terms["e" + alias(w)] || hit.terms["e" + w]) { for (var m2 = i; m2 < j; m2++) { mark[m2] = true; } }
        i = j;
      }
    }
    var width = hit.lang === "zh" ? 90 : 220;
    var first = mark.indexOf(true);
    var start = Math.max(0, Math.min(first < 0 ? 0 : first - Math.floor(width / 4), raw.length - width));
    var end = Math.min(raw.length, start + width);
    var p = document.createElement("p");
    p.className = "snippet";
    p.lang = hit.lang === "zh" ? "zh-Hans" : "en";
    if (start > 0) { p.appendChild(document.createTextNode("…")); }
    var k = start;
    while (k < end) {
      var on = mark[k], l = k;
      while (l < end && mark[l] === on) { l++; }
      var piece = document.createTextNode(raw.slice(k, l).join(""));
      if (on) { var em = document.createElement("mark"); em.appendChild(piece); p.appendChild(em); } else { p.appendChild(piece); }
      k = l;
    }
    if (end < raw.length) { p.appendChild(document.createTextNode("…")); }
    return p;
  }

  function href(hit) {
    var u = meta.units[hit.unit], doc = meta.docs[u[0]], summit = meta.summits[doc[0]][0];
    return new URL(hit.lang + "/" + summit + "/" + doc[1] + "/index.html#" + u[1], root).href;
  }

  function el(tag, className, textContent) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (textContent !== undefined) { e.textContent = textContent; }
    return e;
  }

  // Where a unit is: the number printed before it or its clause, and its id.
  function place(u) { return u[2] ? u[2] + " · " + u[1] : u[1]; }

  function resultItem(hit, parts, labels, sub) {
    var u = meta.units[hit.unit], doc = meta.docs[u[0]], summit = meta.summits[doc[0]];
    var li = el("li", sub ? "sub-result" : "result");
    var a = el("a", "result-link");
    a.href = href(hit);
    // The unit's place in the ranking, which grouping by document does not show.
    a.setAttribute("data-rank", hit.rank);
    if (!sub) {
      var title = el("span", "result-title", pageLang === "zh" ? doc[3] : (doc[4] || doc[3]));
      title.lang = pageLang === "zh" || !doc[4] ? "zh-Hans" : "en";
      a.appendChild(title);
      a.appendChild(el("span", "result-meta", (pageLang === "zh" ? summit[1] : summit[2]) + " · " + place(u)));
    } else {
      a.appendChild(el("span", "result-meta", place(u)));
    }
    if (hit.lang !== pageLang) { a.appendChild(el("span", "result-lang", labels.other)); }
    li.appendChild(a);
    li.appendChild(snippet(hit, parts));
    return li;
  }

  // Results grouped by document, in the order of each document's best unit.
  function show(container, found, labels, limit) {
    container.textContent = "";
    var hits = found.hits;
    if (!hits.length) {
      if (!found.parts.zh.length && !found.parts.en.length) { return; }
      var none = el("div", "no-results");
      none.appendChild(el("p", "", labels.none));
      var suggestions = suggest(found.parts);
      if (suggestions.length) {
        var p = el("p", "", labels.suggest + " ");
        suggestions.forEach(function (s, i) {
          var a = el("a", "", s);
          a.href = new URL(pageLang + "/search/index.html?q=" + encodeURIComponent(s), root).href;
          if (i) { p.appendChild(document.createTextNode(" · ")); }
          p.appendChild(a);
        });
        none.appendChild(p);
      }
      container.appendChild(none);
      return;
    }
    // In rank order: a run of results from one document is one entry, its title once and the
    // further units below it; a document found again further down has an entry there.
    var groups = [];
    hits.forEach(function (h, i) {
      h.rank = i + 1;
      var last = groups[groups.length - 1];
      if (last && meta.units[last[0].unit][0] === meta.units[h.unit][0] && last.length < 5) {
        last.push(h);
      } else {
        groups.push([h]);
      }
    });
    var list = el("ol", "results");
    groups.slice(0, limit).forEach(function (g) {
      var item = resultItem(g[0], found.parts, labels, false);
      if (g.length > 1) {
        var subs = el("ul", "sub-results");
        g.slice(1).forEach(function (h) { subs.appendChild(resultItem(h, found.parts, labels, true)); });
        item.appendChild(subs);
      }
      list.appendChild(item);
    });
    container.appendChild(list);
  }

  // Glossary terms that share the most characters or words with a query that found nothing.
  function suggest(parts) {
    var han = {}, en = {};
    parts.zh.forEach(function (r) { r.forEach(function (c) { if (isHan(c)) { han[c] = true; } }); });
    parts.en.forEach(function (w) { if (w.length > 2) { en[w.slice(0, 4)] = true; } });
    return meta.glossary.map(function (g) {
      var zhForm = g[0][0], enForm = g[1][0], s = 0;
      Array.from(zhForm).forEach(function (c) { if (han[c]) { s++; } });
      words(fold(enForm)).forEach(function (w) { if (en[w.slice(0, 4)]) { s += 2; } });
      return { s: s, text: pageLang === "en" && !parts.zh.length ? enForm : zhForm };
    }).filter(function (x) { return x.s > 0; })
      .sort(function (x, y) { return y.s - x.s; })
      .slice(0, 5).map(function (x) { return x.text; });
  }

  function labelsOf(node) {
    return {
      none: node.getAttribute("data-none"), suggest: node.getAttribute("data-suggest"),
      other: node.getAttribute("data-other"), failed: node.getAttribute("data-failed")
    };
  }

  function debounce(fn, ms) {
    var timer;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  // Arrow keys move through the result links; Enter follows the one in focus.
  function keyboard(input, container) {
    function links() { return Array.prototype.slice.call(container.querySelectorAll("a.result-link")); }
    function move(event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
      var all = links();
      if (!all.length) { return; }
      var at = all.indexOf(document.activeElement);
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      event.preventDefault();
      if (next < 0) { input.focus(); return; }
      all[Math.min(next, all.length - 1)].focus();
    }
    input.addEventListener("keydown", move);
    container.addEventListener("keydown", move);
  }

  function run(input, container, filters, limit, after) {
    var labels = labelsOf(container);
    var serial = 0;
    function go() {
      var mine = ++serial;
      var query = input.value;
      if (!query.trim()) { container.textContent = ""; if (after) { after(query); } return; }
      search(query, filters()).then(function (found) {
        if (mine === serial) { show(container, found, labels, limit); if (after) { after(query); } }
      }, function () {
        if (mine === serial) { container.textContent = ""; container.appendChild(el("p", "no-results", labels.failed)); }
      });
    }
    input.addEventListener("input", debounce(go, 120));
    keyboard(input, container);
    return go;
  }

  // The search page.
  var page = document.getElementById("search-results");
  var pageInput = document.getElementById("search-input");
  if (page && pageInput) {
    var params = new URLSearchParams(window.location.search);
    var selects = document.querySelectorAll("select[data-search-filter]");
    Array.prototype.forEach.call(selects, function (s) {
      var v = params.get(s.getAttribute("data-search-filter"));
      if (v) { s.value = v; }
    });
    pageInput.value = params.get("q") || "";
    var filters = function () {
      var f = {};
      Array.prototype.forEach.call(selects, function (s) { f[s.getAttribute("data-search-filter")] = s.value; });
      return f;
    };
    var go = run(pageInput, page, filters, 30, function (query) {
      var next = new URLSearchParams();
      if (query) { next.set("q", query); }
      var f = filters();
      Object.keys(f).forEach(function (k) { if (f[k]) { next.set(k, f[k]); } });
      var address = window.location.pathname + (next.toString() ? "?" + next.toString() : "");
      try { window.history.replaceState(null, "", address); } catch (e) { /* file:// may refuse */ }
    });
    Array.prototype.forEach.call(selects, function (s) { s.addEventListener("change", go); });
    var form = pageInput.form;
    if (form) { form.addEventListener("submit", function (event) { event.preventDefault(); go(); }); }
    go();
  }

  // The header box on every page: results as the reader types, under the box; Enter without a
  // result in focus opens the search page.
  var box = document.getElementById("site-search");
  var panel = document.getElementById("site-search-results");
  if (box && panel && !page) {
    run(box, panel, function () { return {}; }, 5);
    box.addEventListener("focus", loadMeta);
    document.addEventListener("click", function (event) {
      if (!event.target.closest || !event.target.closest(".site-search")) { panel.textContent = ""; }
    });
  }
  var shortcut = pageInput || box;
  document.addEventListener("keydown", function (event) {
    var t = event.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
    if (event.key === "/" && !typing && shortcut) { event.preventDefault(); shortcut.focus(); shortcut.select(); }
    if (event.key === "Escape" && panel && !page) { panel.textContent = ""; }
  });
})();
