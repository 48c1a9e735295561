/* pelican-smo share bar: "Copy link" and the system share sheet. No network.
   Messages come in the page's language from the bar's data-smo-msg-* attributes. */
/* Written to survive post-processors that do not parse JavaScript: pelican-minify
   runs this file through an HTML minifier, which joins it into one line, decodes
   character references and escapes the less-than sign. So: block comments only,
   every statement ends in an explicit semicolon, no less-than sign, no ampersand
   before a letter or a number sign, no run of spaces inside a string.
   tests/test_share_postprocess.py checks it in Chromium. */
(function () {
  "use strict";

  function words(bar, name, fallback) {
    return bar.getAttribute("data-smo-msg-" + name) || fallback;
  }

  function say(bar, msg) {
    var s = bar.querySelector(".smo-share__status");
    if (!s) { return; }
    /* emptied first, so that a repeated message is announced again */
    s.textContent = "";
    setTimeout(function () { s.textContent = msg; }, 100);
  }

  function offer(bar, sel, ok, onClick) {
    var item = bar.querySelector(sel);
    var btn = item ? item.querySelector("button") : null;
    if (!btn || !ok) { return; }
    item.hidden = false;
    btn.addEventListener("click", function () { onClick(btn.dataset); });
  }

  function init(bar) {
    if (bar.dataset.smoReady) { return; }
    bar.dataset.smoReady = "1";
    var nav = window.navigator;

    offer(bar, "[data-smo-copy]", !!(nav.clipboard && window.isSecureContext), function (d) {
      Promise.resolve()
        .then(function () { return nav.clipboard.writeText(d.smoUrl); })
        .then(function () { say(bar, words(bar, "copied", "Link copied")); },
              function () {
                say(bar, words(bar, "copy-failed", "Copy failed \u2014 the link is {url}")
                  .split("{url}").join(d.smoUrl));
              });
    });

    offer(bar, "[data-smo-native]", typeof nav.share === "function", function (d) {
      var data = { url: d.smoUrl };
      if (d.smoTitle) { data.title = d.smoTitle; }
      if (d.smoText) { data.text = d.smoText; }
      Promise.resolve()
        .then(function () { return nav.share(data); })
        .catch(function (e) {
          if (!e || e.name !== "AbortError") {
            say(bar, words(bar, "share-failed", "Sharing failed"));
          }
        });
    });
  }

  function run() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-smo-share]"), init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
