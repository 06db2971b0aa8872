// The language and view switches keep the reader's place: the unit in the address, else the
// unit nearest the top of the screen. Without script they are plain links to the same page in
// the other language or view (and each unit's link to the other language or view keeps that unit).
var WIDE = "(min-width: 72rem)";
function placeInView() {
  if (window.location.hash) { return window.location.hash; }
  var units = document.querySelectorAll(".unit[id], .row[id], figcaption[id]");
  if (!units.length) { return ""; }
  var side = document.querySelector(".doc-side");
  var covered = 0;
  if (side && !window.matchMedia(WIDE).matches) {
    var box = side.getBoundingClientRect();
    if (box.top <= 1) { covered = box.bottom; }
  }
  // At the start of the text, the start of the page is the place.
  if (units[0].getBoundingClientRect().top >= covered) { return ""; }
  for (var i = 0; i < units.length; i++) {
    if (units[i].getBoundingClientRect().bottom > covered + 8) { return "#" + units[i].id; }
  }
  return "";
}
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-keep-place], a[data-keep-hash]");
  if (!link) { return; }
  var place = placeInView();
  if (place) { link.href = link.href.split("#")[0] + place; }
});

// The table of contents: open beside the text on a wide screen; on a phone it folds at the top
// and folds again once a clause is chosen, so the text is not covered.
(function () {
  var tocs = document.querySelectorAll("details[data-open-wide]");
  var wide = window.matchMedia(WIDE).matches;
  for (var i = 0; i < tocs.length; i++) {
    if (wide) { tocs[i].open = true; }
    tocs[i].addEventListener("click", function (event) {
      if (event.target.closest("a") && !window.matchMedia(WIDE).matches) { this.open = false; }
    });
  }
})();

// A permalink that moved: its old id is kept on the page with a link to where the unit is now;
// a redirect page leads on to the new page, carrying the #unit along.
function followMoves() {
  var hash = window.location.hash.slice(1);
  var old = hash && document.getElementById(decodeURIComponent(hash));
  if (old && old.classList.contains("moved")) {
    var link = old.querySelector("a");
    if (link) { window.location.replace(link.href); return; }
  }
  var redirect = document.querySelector("[data-redirect]");
  if (redirect) {
    var target = redirect.getAttribute("data-redirect");
    window.location.replace(target.indexOf("#") < 0 ? target + window.location.hash : target);
  }
}
followMoves();
window.addEventListener("hashchange", followMoves);

// The commitment tracker's filters: each <select data-filter="key"> keeps the rows whose
// data-key holds the chosen value. Without JavaScript the filters stay hidden and the table
// shows every commitment.
function setUpFilters() {
  var form = document.querySelector("form[data-filters]");
  if (!form) { return; }
  var selects = form.querySelectorAll("select[data-filter]");
  var rows = document.querySelectorAll("tr[data-commitment]");
  var shown = form.querySelector("[data-shown]");
  function apply() {
    var count = 0;
    for (var i = 0; i < rows.length; i++) {
      var keep = true;
      for (var j = 0; j < selects.length; j++) {
        var value = selects[j].value;
        var have = " " + (rows[i].getAttribute("data-" + selects[j].getAttribute("data-filter")) || "") + " ";
        if (value && have.indexOf(" " + value + " ") < 0) { keep = false; }
      }
      rows[i].hidden = !keep;
      if (keep) { count++; }
    }
    if (shown) {
      shown.textContent = shown.getAttribute("data-template")
        .replace("{n}", count).replace("{total}", shown.getAttribute("data-total"));
    }
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
}
setUpFilters();

// The copy controls of every unit: "Copy link" puts the unit's full address on the clipboard,
// "Cite" a ready citation ending with it (the citation is in the page as data-cite, shown on
// focus without script); a status line confirms. Addresses are the document's permanent one
// (the article's data-address, relative to the site root) with the unit's id, made absolute
// from where the page is. The controls every unit shares ("Copy link", the link to the parallel
// view, the titles) are made here from the article's data-* attributes, so that a page carries
// their markup and text once, not once a unit.
function unitOf(control) {
  return control.closest(".unit[id], .row[id], figcaption[id]");
}
function addUnitControls() {
  var article = document.querySelector("article[data-address]");
  if (!article) { return; }
  var label = article.getAttribute("data-copy-label");
  var parallel = article.getAttribute("data-parallel");
  var sets = article.querySelectorAll(".unit-links");
  for (var i = 0; i < sets.length; i++) {
    var unit = unitOf(sets[i]);
    if (!unit) { continue; }
    var place = sets[i].querySelector("a.pl");
    var cite = sets[i].querySelector("button.cite");
    var other = sets[i].querySelector("a.ul");
    if (place) { place.title = article.getAttribute("data-permalink-title"); }
    if (other) { other.title = article.getAttribute("data-unit-title"); }
    if (cite) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = label;
      cite.parentNode.insertBefore(button, cite);
      cite.parentNode.insertBefore(document.createTextNode(" "), cite);
    }
    if (parallel && other) {
      var link = document.createElement("a");
      link.className = "ul";
      link.href = parallel + "#" + unit.id;
      link.title = article.getAttribute("data-parallel-title");
      link.textContent = article.getAttribute("data-parallel-short");
      sets[i].appendChild(document.createTextNode(" "));
      sets[i].appendChild(link);
    }
  }
}
function setUpCopy() {
  var body = document.body;
  var toast = document.querySelector(".toast");
  var timer;
  function absolute(address) {
    return new URL(address, new URL(body.getAttribute("data-root") || "./", window.location.href)).href;
  }
  function confirm(message) {
    if (!toast) { return; }
    toast.textContent = message;
    toast.classList.add("shown");
    clearTimeout(timer);
    timer = setTimeout(function () { toast.classList.remove("shown"); }, 2500);
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // file:// and plain http: the clipboard API is refused there; a selected textarea is not.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  addUnitControls();
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.copy");
    if (!button) { return; }
    var article = button.closest("article[data-address]");
    var unit = unitOf(button);
    if (!article || !unit) { return; }
    var address = article.getAttribute("data-address") + "#" + unit.id;
    var url = absolute(address);
    var cite = button.getAttribute("data-cite");
    var text = cite ? cite.replace(address, url) : url;
    copy(text).then(function () {
      confirm(body.getAttribute(cite ? "data-copied-cite" : "data-copied-link"));
    }, function () { confirm(text); });
  });
}
setUpCopy();

// The page's own address, printed at the top of a printout.
(function () {
  var line = document.querySelector(".page-url");
  if (line) { line.textContent = window.location.href.split("#")[0]; }
})();

// The page for an address that names nothing: it shows the address asked for and offers its
// last words to the search box.
(function () {
  var page = document.querySelector("[data-not-found]");
  if (!page) { return; }
  var path = window.location.pathname;
  // A mistyped address may hold a broken escape: show it as it came.
  try { path = decodeURIComponent(path); } catch (e) { /* kept as typed */ }
  var asked = page.querySelector(".asked");
  if (asked && path && path !== "/") {
    asked.querySelector(".asked-path").textContent = path;
    asked.hidden = false;
  }
  var words = path.split("/").filter(function (s) { return s && !/^index\.html?$/.test(s); }).pop() || "";
  words = words.replace(/\.html?$/, "").replace(/[-_]+/g, " ").trim();
  var input = page.querySelector("input[name=q]");
  if (input && words && words !== "404" && words.length <= 60) { input.value = words; }
})();

// Print: each link in the text is printed with its full address (the page's own in-page
// anchors and the unit controls are not).
window.addEventListener("beforeprint", function () {
  var links = document.querySelectorAll("main a[href]");
  for (var i = 0; i < links.length; i++) {
    var a = links[i];
    if (a.getAttribute("href").charAt(0) === "#" || a.closest(".unit-links, .doc-side")) { continue; }
    a.setAttribute("data-print-href", a.href);
  }
});
