// Keeps the reader on the same unit when switching language: the language switch carries the
// current #fragment along. Without JavaScript the switch still opens the same page.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-keep-hash]");
  if (link && window.location.hash) {
    link.href = link.href.split("#")[0] + window.location.hash;
  }
});

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
