/* pelican-smo preview: filter the page sections by title. Without this script
   the search box stays hidden and every page is shown. */
(function () {
  "use strict";
  var form = document.getElementById("smo-search");
  var input = document.getElementById("smo-q");
  var status = document.getElementById("smo-shown");
  if (!form || !input) { return; }
  var pages = Array.prototype.slice.call(document.querySelectorAll(".smo-page"));
  form.hidden = false;
  function apply() {
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    pages.forEach(function (page) {
      var match = !q || (page.getAttribute("data-title") || "").indexOf(q) !== -1;
      page.hidden = !match;
      if (match) { shown += 1; }
    });
    if (status) {
      // data-shown: "{shown} of 12 pages" in the page's language, plural form chosen
      var text = form.getAttribute("data-shown") || "{shown} of " + pages.length + " pages";
      status.textContent = text.split("{shown}").join(String(shown));
    }
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  input.addEventListener("input", apply);
  apply();
}());
