// Small progressive enhancements; every page works without this file.
document.addEventListener("keydown", function (event) {
  // "/" focuses the search box, as in most catalogues.
  if (event.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
    var box = document.getElementById("q") || document.getElementById("quick-q");
    if (box) { event.preventDefault(); box.focus(); box.select(); }
  }
});
document.addEventListener("DOMContentLoaded", function () {
  // After an upload, move focus to the report so keyboard and screen-reader users land on it.
  var report = document.getElementById("h-report");
  if (report) { report.focus(); }
  // On a phone the filters start folded so the results come first (open without JavaScript).
  var filters = document.getElementById("filters");
  if (filters && window.matchMedia("(max-width: 700px)").matches) { filters.open = false; }
  // The language filter does not submit on change (WCAG 3.2.2): keyboard users browse the options
  // with the arrow keys; the Search button applies it.
});
