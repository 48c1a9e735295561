/* pelican-smo share bar: "Copy link" and the system share sheet. No network.
   Messages come in the page's language from the bar's data-smo-msg-* attributes. */
/* Written to survive post-processors that do not parse JavaScript: pelican-minify
   runs this file through an HTML minifier, which joins it into one line, decodes
   character references and escapes the less-than sign. So: block comments only,
   every statement ends in an explicit semicolon, no less-than sign, no ampersand
   before a letter or a number sign, no run of spaces inside a string.
   tests/scenarios/test_share_postprocess.py checks it in Chromium. */
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

  /* Sharing the selected text (SMO_SHARE_QUOTES): the bar's data-smo-select names the
     page's URL and, per network, a link template and how that network counts a post
     (html/share.py selection_data, util/fit.py). Selecting text in the article shows
     links for it right after the block where the selection ends (so Tab reaches them
     next), announced in the bar's live region; Escape or an empty selection hides them. */
  var X_LIGHT = [[0, 4351], [8192, 8205], [8208, 8223], [8242, 8247]];
  var EMOJI = /\p{Emoji_Presentation}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\uFE0F|\u20E3|\p{Extended_Pictographic}\u200D/u;

  function clusters(text) {
    if (typeof Intl === "object" && Intl.Segmenter) {
      return Array.from(new Intl.Segmenter().segment(text), function (s) { return s.segment; });
    }
    return Array.from(text);
  }

  function cost(kind, text) {
    var total = 0;
    clusters(kind === "x" ? text.normalize("NFC") : text).forEach(function (c) {
      if (kind === "g") { total += 1; return; }
      if (EMOJI.test(c)) { total += kind === "x" ? 2 : new TextEncoder().encode(c).length; return; }
      if (kind === "t") { total += 1; return; }
      Array.from(c).forEach(function (ch) {
        var p = ch.codePointAt(0);
        total += X_LIGHT.some(function (r) { return p >= r[0] ? r[1] >= p : false; }) ? 1 : 2;
      });
    });
    return total;
  }

  function shortUrl(url) {
    var u = new URL(url);
    var rest = (u.pathname === "/" ? "" : u.pathname) + u.search + u.hash;
    return u.host + (rest.length > 15 ? rest.slice(0, 13) + "..." : rest);
  }

  function fitted(net, quote, url, marks) {
    var link = net.link === "23" ? 23 : cost(net.count, net.link === "short" ? shortUrl(url) : url);
    var room = net.limit - net.fixed - link;
    var parts = clusters(quote);
    if (room >= cost(net.count, quote)) { return marks[0] + quote + marks[1]; }
    var low = 0, high = parts.length;
    while (high - low > 1) {
      var mid = Math.floor((low + high) / 2);
      if (room >= cost(net.count, parts.slice(0, mid).join("").trim() + "\u2026")) { low = mid; } else { high = mid; }
    }
    var kept = parts.slice(0, low);
    var space = kept.join("").search(/\s\S*$/);
    if (space > kept.join("").length / 2 ? /\S/.test(parts[low] || " ") : false) {
      kept = Array.from(kept.join("").slice(0, space));
    }
    return marks[0] + kept.join("").trim() + "\u2026" + marks[1];
  }

  function term(words) {
    return encodeURIComponent(words.join(" ")).replace(/-/g, "%2D");
  }

  function fragment(text) {
    var blocks = text.split(/\n+/).map(function (b) { return b.trim(); }).filter(Boolean);
    var first = blocks[0].split(/\s+/), last = blocks[blocks.length - 1].split(/\s+/);
    if (blocks.length === 1 ? 10 >= first.length : false) { return ":~:text=" + term(first); }
    return ":~:text=" + term(first.slice(0, 5)) + "," + term(last.slice(-5));
  }

  function selection(bar) {
    var data;
    try { data = JSON.parse(bar.getAttribute("data-smo-select") || ""); } catch (e) { return; }
    var scope = bar.parentElement, box = null, last = "", pointer = false;

    function hide() {
      if (box) { box.remove(); box = null; }
      last = "";
    }

    function show(sel) {
      var raw = sel.toString().trim();
      if (!raw || raw === last) { return; }
      last = raw;
      var quote = raw.replace(/\s+/g, " ");
      var url = data.url.split("#")[0] + "#" + fragment(raw);
      if (box) { box.remove(); }
      box = document.createElement("div");
      box.className = "smo-share smo-share--icons smo-select";
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", data.label);
      box.setAttribute("data-smo-quote", "");
      var list = document.createElement("ul");
      list.className = "smo-share__list";
      list.setAttribute("role", "list");
      data.nets.map(function (net) {
        var href = net.href.split("%EE%80%80").join(encodeURIComponent(fitted(net, quote, url, data.marks)))
          .split("%EE%80%81").join(encodeURIComponent(url))
          .split("%EE%80%82").join(encodeURIComponent(quote));
        return [net.id, href, net.name, true];
      }).concat([["quote", url, data.link, false]]).forEach(function (item) {
        var li = document.createElement("li");
        li.className = "smo-share__item";
        var a = document.createElement("a");
        a.className = "smo-share__link smo-share__link--" + item[0];
        a.href = item[1];
        if (item[3]) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
        var model = bar.querySelector(".smo-share__link--" + item[0] + " svg");
        if (model) { a.appendChild(model.cloneNode(true)); }
        var label = document.createElement("span");
        label.className = "smo-share__vh";
        label.textContent = item[2];
        a.appendChild(label);
        li.appendChild(a);
        list.appendChild(li);
      });
      box.appendChild(list);
      box.addEventListener("mousedown", function (e) { e.preventDefault(); });
      box.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
      /* after the block that holds the selection's end: the next stop for Tab */
      var range = sel.getRangeAt(0), block = range.endContainer;
      if (block === scope) { block = scope.childNodes[Math.max(0, range.endOffset - 1)]; }
      while (block.parentNode !== scope) { block = block.parentNode; }
      block.after(box);
      var rect = sel.getRangeAt(0).getBoundingClientRect();
      var origin = (box.offsetParent || document.body).getBoundingClientRect();
      box.style.setProperty("top", (rect.bottom - origin.top + 8) + "px", "important");
      box.style.setProperty("left", Math.max(0, rect.left - origin.left) + "px", "important");
      say(bar, data.ready);
    }

    function check() {
      var sel = window.getSelection();
      if (box ? box.contains(document.activeElement) : false) { return; }
      if (!sel || sel.isCollapsed || !sel.rangeCount) { hide(); return; }
      var range = sel.getRangeAt(0);
      if (!scope.contains(range.commonAncestorContainer) || bar.contains(range.commonAncestorContainer)) { hide(); return; }
      show(sel);
    }

    var timer = 0;
    document.addEventListener("pointerdown", function () { pointer = true; });
    document.addEventListener("pointerup", function () { pointer = false; setTimeout(check, 0); });
    document.addEventListener("selectionchange", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { if (!pointer) { check(); } }, 400);
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
  }

  function run() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-smo-share]"), function (bar) {
      init(bar);
      if (bar.hasAttribute("data-smo-select") ? !bar.dataset.smoSelectReady : false) {
        bar.dataset.smoSelectReady = "1";
        selection(bar);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
