// Keeps the reader on the same unit when switching language: the language switch carries the
// current #fragment along. Without JavaScript the switch still opens the same page.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-keep-hash]");
  if (link && window.location.hash) {
    link.href = link.href.split("#")[0] + window.location.hash;
  }
});
