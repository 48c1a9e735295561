/* pelican-smo conversation: the replies to the posts that announced an article, read
   from Mastodon and Bluesky when the reader presses "Show replies", never before. */
/* Written to survive post-processors that do not parse JavaScript, like share.js:
   block comments only, every statement ends in an explicit semicolon, no less-than
   sign, no ampersand before a letter or a number sign, no run of spaces in a string. */
/* Remote HTML: text only, by decision. A Mastodon status is HTML from a server the
   site does not control. Nothing of it is ever parsed into the page's DOM: a small
   reader below walks its tags and copies out two things only, into elements made
   here: text, as text nodes, and the address of a link when it is http or https.
   Paragraphs and line breaks become elements of our own. No element, attribute,
   style or class of the remote HTML reaches the page, so there is nothing for a
   sanitiser to clean; whatever the reader misreads can only show up as text.
   Why not an HTML parser of the browser (DOMParser, a template element): each one
   the page can call reports every inline event handler of the parsed HTML to the
   page's Content-Security-Policy. The handler never runs, but a site with a strict
   policy would get a violation report for every hostile reply.
   Why not DOMPurify, or the browser's Sanitizer API with DOMPurify as a fallback:
   they parse with the same parsers (the same reports); a reply needs nothing but
   text, paragraphs and links, so an HTML allow-list adds risk (a configuration to
   get right, a mutation-XSS history to follow) and no feature; DOMPurify is a 20 KB
   security dependency that a static site would serve unpatched until its next
   build, and its source breaks under post-processors such as pelican-minify (it is
   full of less-than signs); the Sanitizer API is not in most browsers yet.
   Bluesky posts are plain text with "facets" (links, mentions and tags by byte
   range), rebuilt here the same way. */
(function () {
  "use strict";

  /* Replies shown per network, nesting depth (deeper replies are listed at this
     depth, in order), characters of one reply's text and of a name, time to wait. */
  var MAX_REPLIES = 300;
  var MAX_DEPTH = 6;
  var MAX_TEXT = 5000;
  var MAX_NAME = 200;
  var TIMEOUT_MS = 15000;
  var BLUESKY_WEB = "https://bsky.app";
  var REL = "nofollow ugc noopener";
  var ACCT = /^[A-Za-z0-9_.-]+(@[A-Za-z0-9.-]+)?$/;
  var HANDLE = /^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  var DID = /^did:[a-z]+:[A-Za-z0-9._:%-]+$/;
  var RKEY = /^[A-Za-z0-9._:~-]{1,512}$/;
  var POST_URI = /^at:\/\/([^\/]+)\/app\.bsky\.feed\.post\/([A-Za-z0-9._:~-]{1,512})$/;
  /* Elements of a status whose content is never text to show: raw text (read up to
     their end tag) and others (skipped with everything inside). */
  var RAW = { script: 1, style: 1, textarea: 1, title: 1, xmp: 1, iframe: 1, noembed: 1,
    noframes: 1, noscript: 1, plaintext: 1 };
  var HIDDEN = { svg: 1, math: 1, template: 1, object: 1, select: 1, head: 1, audio: 1,
    video: 1, canvas: 1, picture: 1, map: 1, datalist: 1 };
  var VOID = { area: 1, base: 1, br: 1, col: 1, embed: 1, hr: 1, img: 1, input: 1, link: 1,
    meta: 1, param: 1, source: 1, track: 1, wbr: 1 };
  /* Elements of a status that end a paragraph. */
  var BLOCKS = { p: 1, div: 1, blockquote: 1, li: 1, ul: 1, ol: 1, pre: 1, h1: 1, h2: 1,
    h3: 1, h4: 1, h5: 1, h6: 1, hr: 1, table: 1, tr: 1 };
  var NAMED = { amp: "\u0026", lt: "\u003c", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0" };

  /* Every message shown to readers goes through _: plain English now, the one place
     to look a message up in a catalog later. Placeholders are {name}; a message with
     a plural form gives it as the third argument, chosen by values.count. */
  function _(message, values, plural) {
    var text = plural !== undefined && values.count !== 1 ? plural : message;
    return text.replace(/\{([a-z]+)\}/g, function (all, name) {
      return values && values[name] !== undefined ? String(values[name]) : all;
    });
  }

  function el(name, className, text) {
    var e = document.createElement(name);
    if (className) { e.className = className; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  /* An http(s) address, or null: javascript:, data: and the like are never links. */
  function webUrl(value) {
    var u;
    if (typeof value !== "string" || !value) { return null; }
    try { u = new URL(value); } catch (e) { return null; }
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  }

  function link(href, className, text) {
    var a = el("a", className, text);
    a.href = href;
    a.rel = REL;
    return a;
  }

  function clip(value, max) {
    var text = typeof value === "string" ? value.trim() : "";
    return text.length > max ? text.slice(0, max) + "\u2026" : text;
  }

  function count(value) {
    return typeof value === "number" ? Math.max(0, Math.floor(value)) : 0;
  }

  function say(status, message) {
    /* emptied first, so that a repeated message is announced again */
    status.textContent = "";
    setTimeout(function () { status.textContent = message; }, 100);
  }

  /* --- reading the servers ----------------------------------------------------- */

  function problem(kind, url, code) {
    var host = "";
    try { host = new URL(url).host; } catch (e) { host = url; }
    return { smoProblem: kind, host: host, status: code };
  }

  /* JSON from a public API: no cookies, no referrer, a time limit. A 404 or 410
     (Mastodon) and a 400 "NotFound" (Bluesky) mean the post is gone. */
  function getJson(url) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : 0;
    var options = { credentials: "omit", referrerPolicy: "no-referrer", cache: "no-store",
      headers: { Accept: "application/json" } };
    if (controller) { options.signal = controller.signal; }
    return fetch(url, options).then(function (response) {
      if (response.ok) {
        return response.json().then(null, function () { throw problem("data", url); });
      }
      return response.json().then(null, function () { return null; }).then(function (body) {
        var gone = response.status === 404 || response.status === 410 ||
          (response.status === 400 && body !== null && typeof body === "object" &&
           (body.error === "NotFound" || body.error === "InvalidRequest"));
        throw problem(gone ? "gone" : "http", url, response.status);
      });
    }, function () {
      throw problem(controller && controller.signal.aborted ? "timeout" : "down", url);
    }).then(function (data) {
      clearTimeout(timer);
      return data;
    }, function (err) {
      clearTimeout(timer);
      throw err;
    });
  }

  function problemText(p, network) {
    if (p.smoProblem === "gone") {
      return _("The post on {network} is gone: it was deleted or made private, or its account was closed.", { network: network });
    }
    if (p.smoProblem === "down") {
      return _("Could not reach {host}: the server may be down. Try again later.", { host: p.host });
    }
    if (p.smoProblem === "timeout") {
      return _("{host} did not answer in time. Try again later.", { host: p.host });
    }
    if (p.smoProblem === "http") {
      return _("{host} answered with an error (HTTP {status}). Try again later.", { host: p.host, status: p.status });
    }
    return _("{host} sent something that is not a conversation.", { host: p.host || network });
  }

  /* --- Mastodon ------------------------------------------------------------------ */

  /* Character references: numbers, and the names a status uses; others stay as text. */
  function decode(text) {
    return text.replace(/\x26(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));?/g,
      function (all, dec, hex, name) {
        if (name) {
          return Object.prototype.hasOwnProperty.call(NAMED, name) ? NAMED[name] : all;
        }
        var code = dec ? parseInt(dec, 10) : parseInt(hex, 16);
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && 0xdfff >= code)) { return "\ufffd"; }
        return String.fromCodePoint(code);
      });
  }

  /* The value of the attribute called name in a start tag's attribute text, or null. */
  function attribute(attrs, name) {
    var re = /(?:^|\s)([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=>`]+)))?/g;
    var m;
    while ((m = re.exec(attrs)) !== null) {
      if (m[1].toLowerCase() === name) {
        return decode(m[2] !== undefined ? m[2] : (m[3] !== undefined ? m[3] : (m[4] || "")));
      }
    }
    return null;
  }

  /* The status HTML as text, paragraphs, line breaks and links of our own (see the
     comment at the top): its tags are read, never parsed into a document. */
  function statusText(html, into) {
    var source = typeof html === "string" ? html : "";
    var tokens = /\x3c!--[\s\S]*?(?:--\x3e|$)|\x3c(\/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|\x3c[!?\/][^>]*>?|[^\x3c]+|\x3c/g;
    var state = { into: into, p: null, last: null, left: MAX_TEXT, link: null };
    var hidden = 0, lower = null, m, name, end;
    while (state.left > 0 && (m = tokens.exec(source)) !== null) {
      name = m[2] ? m[2].toLowerCase() : null;
      if (!name) {
        /* text, or a lone less-than sign; comments and declarations are skipped */
        if (!hidden && (m[0].charAt(0) !== "\u003c" || m[0].length === 1)) { addText(state, decode(m[0])); }
      } else if (RAW[name]) {
        if (!m[1]) {
          lower = lower || source.toLowerCase();
          end = lower.indexOf("\u003c/" + name, tokens.lastIndex);
          end = end === -1 ? -1 : lower.indexOf(">", end);
          tokens.lastIndex = end === -1 ? source.length : end + 1;
        }
      } else if (HIDDEN[name]) {
        if (m[1]) {
          hidden = Math.max(0, hidden - 1);
        } else if (!/\/\s*$/.test(m[3])) {
          hidden += 1;
        }
      } else if (!hidden) {
        if (name === "a") {
          endLink(state);
          if (!m[1]) { state.link = { href: webUrl(attribute(m[3], "href")), text: "" }; }
        } else if (name === "br" && !m[1]) {
          endLink(state);
          paragraph(state).appendChild(el("br"));
        } else if (BLOCKS[name]) {
          endLink(state);
          state.p = null;
        }
      }
    }
    endLink(state);
    if (state.left === 0) {
      (state.last || paragraph(state)).appendChild(document.createTextNode("\u2026"));
    }
  }

  function paragraph(state) {
    if (!state.p) { state.p = state.into.appendChild(el("p")); }
    state.last = state.p;
    return state.p;
  }

  function addText(state, text) {
    var piece = text.slice(0, state.left);
    /* white space between paragraphs starts none */
    if (!piece || (!state.link && !state.p && !piece.trim())) { return; }
    state.left -= piece.length;
    if (state.link) {
      state.link.text += piece;
    } else {
      paragraph(state).appendChild(document.createTextNode(piece));
    }
  }

  function endLink(state) {
    var a = state.link;
    state.link = null;
    if (a && a.text) {
      paragraph(state).appendChild(a.href ? link(a.href, "", a.text) : document.createTextNode(a.text));
    }
  }

  function mastodonNode(s, origin, host) {
    var account = s.account || {};
    var acct = typeof account.acct === "string" && ACCT.test(account.acct) ? account.acct : null;
    var id = String(s.id);
    var here = acct && /^[0-9]+$/.test(id) ? origin + "/@" + acct + "/" + id : null;
    var attachments = Array.isArray(s.media_attachments) ? s.media_attachments.length : 0;
    return {
      id: id,
      parent: s.in_reply_to_id === null || s.in_reply_to_id === undefined ? null : String(s.in_reply_to_id),
      name: clip(account.display_name, MAX_NAME) || clip(account.username, MAX_NAME) || acct || "?",
      handle: acct ? "@" + (acct.indexOf("@") === -1 ? acct + "@" + host : acct) : "",
      avatar: webUrl(account.avatar_static) || webUrl(account.avatar),
      profile: webUrl(account.url),
      url: webUrl(s.url) || webUrl(s.uri) || here,
      /* the status on the instance the thread was read from: its page offers to
         reply from the reader's own server */
      replyUrl: here || webUrl(s.url),
      time: typeof s.created_at === "string" ? s.created_at : "",
      spoiler: clip(s.spoiler_text, MAX_NAME),
      fill: function (into) { statusText(s.content, into); },
      attachments: attachments,
      counts: [
        _("{count} reply", { count: count(s.replies_count) }, "{count} replies"),
        _("{count} boost", { count: count(s.reblogs_count) }, "{count} boosts"),
        _("{count} favourite", { count: count(s.favourites_count) }, "{count} favourites")
      ],
      children: []
    };
  }

  function mastodonSource(address) {
    var u, id;
    try { u = new URL(address); } catch (e) { return null; }
    id = u.pathname.split("/").pop();
    if ((u.protocol !== "https:" && u.protocol !== "http:") || !/^[0-9]+$/.test(id)) { return null; }
    var api = u.origin + "/api/v1/statuses/" + id;
    return {
      key: "mastodon",
      network: "Mastodon",
      reply: _("Reply on Mastodon"),
      load: function () {
        return Promise.all([getJson(api), getJson(api + "/context")]).then(function (r) {
          var status = r[0], context = r[1];
          if (!status || typeof status !== "object" || !status.account) { throw problem("data", api); }
          var root = mastodonNode(status, u.origin, u.host);
          var byId = {}, nodes = [];
          var descendants = context && Array.isArray(context.descendants) ? context.descendants : [];
          byId[root.id] = root;
          descendants.slice(0, MAX_REPLIES).forEach(function (s) {
            if (!s || typeof s !== "object" || s.id === undefined || !s.account) { return; }
            var node = mastodonNode(s, u.origin, u.host);
            if (!Object.prototype.hasOwnProperty.call(byId, node.id)) {
              byId[node.id] = node;
              nodes.push(node);
            }
          });
          /* a reply to a reply that is not public hangs from the post itself */
          nodes.forEach(function (node) {
            var parent = node.parent !== null && Object.prototype.hasOwnProperty.call(byId, node.parent) ? byId[node.parent] : root;
            (parent === node ? root : parent).children.push(node);
          });
          return root;
        });
      }
    };
  }

  /* --- Bluesky ------------------------------------------------------------------- */

  /* A post's text with its facets as links: byte ranges into the UTF-8 text. */
  function blueskyText(record, into) {
    var text = typeof record.text === "string" ? record.text : "";
    var cut = text.length > MAX_TEXT;
    var bytes = new TextEncoder().encode(cut ? text.slice(0, MAX_TEXT) : text);
    var decoder = new TextDecoder();
    var p = into.appendChild(el("p", "smo-reply__plain"));
    var at = 0;
    var facets = Array.isArray(record.facets) ? record.facets.slice() : [];
    facets = facets.filter(function (f) {
      return f && f.index && typeof f.index.byteStart === "number" && typeof f.index.byteEnd === "number";
    }).sort(function (a, b) { return a.index.byteStart - b.index.byteStart; });
    facets.forEach(function (f) {
      var start = f.index.byteStart, end = f.index.byteEnd;
      if (start >= at && end > start && bytes.length >= end) {
        p.appendChild(document.createTextNode(decoder.decode(bytes.slice(at, start))));
        var piece = decoder.decode(bytes.slice(start, end));
        var href = facetLink(f);
        p.appendChild(href ? link(href, "", piece) : document.createTextNode(piece));
        at = end;
      }
    });
    p.appendChild(document.createTextNode(decoder.decode(bytes.slice(at)) + (cut ? "\u2026" : "")));
  }

  function facetLink(facet) {
    var feature = Array.isArray(facet.features) ? facet.features[0] : null;
    var type = feature ? feature.$type : "";
    if (type === "app.bsky.richtext.facet#link") { return webUrl(feature.uri); }
    if (type === "app.bsky.richtext.facet#mention" && DID.test(String(feature.did))) {
      return BLUESKY_WEB + "/profile/" + feature.did;
    }
    if (type === "app.bsky.richtext.facet#tag" && typeof feature.tag === "string") {
      return BLUESKY_WEB + "/hashtag/" + encodeURIComponent(feature.tag);
    }
    return null;
  }

  function blueskyNode(view, budget) {
    var post = view.post, author = post.author || {}, record = post.record || {};
    var handle = typeof author.handle === "string" && HANDLE.test(author.handle) && author.handle !== "handle.invalid" ? author.handle : null;
    var did = typeof author.did === "string" && DID.test(author.did) ? author.did : null;
    var actor = handle || did;
    var rkey = typeof post.uri === "string" ? post.uri.split("/").pop() : "";
    var url = actor && RKEY.test(rkey) ? BLUESKY_WEB + "/profile/" + actor + "/post/" + rkey : null;
    var embed = post.embed || {};
    var images = Array.isArray(embed.images) ? embed.images.length : 0;
    var node = {
      name: clip(author.displayName, MAX_NAME) || handle || did || "?",
      handle: handle ? "@" + handle : "",
      avatar: webUrl(author.avatar),
      profile: actor ? BLUESKY_WEB + "/profile/" + actor : null,
      url: url,
      replyUrl: url,
      time: typeof record.createdAt === "string" ? record.createdAt : (typeof post.indexedAt === "string" ? post.indexedAt : ""),
      spoiler: "",
      fill: function (into) { blueskyText(record, into); },
      attachments: images,
      counts: [
        _("{count} reply", { count: count(post.replyCount) }, "{count} replies"),
        _("{count} repost", { count: count(post.repostCount) }, "{count} reposts"),
        _("{count} like", { count: count(post.likeCount) }, "{count} likes")
      ],
      children: []
    };
    (Array.isArray(view.replies) ? view.replies : []).forEach(function (reply) {
      /* deleted and blocked replies (notFoundPost, blockedPost) have no post */
      if (budget.left > 0 && reply && typeof reply === "object" && reply.post && typeof reply.post === "object") {
        budget.left -= 1;
        node.children.push(blueskyNode(reply, budget));
      }
    });
    return node;
  }

  function blueskySource(uri, appview) {
    var parts = POST_URI.exec(uri || "");
    var base = webUrl(appview);
    if (!parts || !base) { return null; }
    base = base.replace(/\/+$/, "");
    var actor = parts[1], rkey = parts[2];
    return {
      key: "bluesky",
      network: "Bluesky",
      reply: _("Reply on Bluesky"),
      load: function () {
        var did = DID.test(actor) ? Promise.resolve(actor) : getJson(
          base + "/xrpc/com.atproto.identity.resolveHandle?handle=" + encodeURIComponent(actor)
        ).then(function (data) {
          if (!data || !DID.test(String(data.did))) { throw problem("data", base); }
          return data.did;
        });
        return did.then(function (resolved) {
          var at = "at://" + resolved + "/app.bsky.feed.post/" + rkey;
          return getJson(base + "/xrpc/app.bsky.feed.getPostThread?uri=" + encodeURIComponent(at) + "\u0026depth=10\u0026parentHeight=0");
        }).then(function (data) {
          var thread = data ? data.thread : null;
          if (thread && (thread.$type === "app.bsky.feed.defs#notFoundPost" || thread.$type === "app.bsky.feed.defs#blockedPost")) {
            throw problem("gone", base);
          }
          if (!thread || typeof thread !== "object" || !thread.post || typeof thread.post !== "object") {
            throw problem("data", base);
          }
          return blueskyNode(thread, { left: MAX_REPLIES });
        });
      }
    };
  }

  /* --- showing a thread ---------------------------------------------------------- */

  var dateFormat = null;

  function formatTime(value) {
    var d = new Date(value);
    if (isNaN(d.getTime())) { return ""; }
    if (!dateFormat) {
      try {
        dateFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
          { dateStyle: "medium", timeStyle: "short" });
      } catch (e) {
        dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
      }
    }
    return dateFormat.format(d);
  }

  function byTime(a, b) {
    return a.time === b.time ? 0 : (a.time > b.time ? 1 : -1);
  }

  function renderPost(node, source) {
    var post = el("article", "smo-reply__post");
    var head = post.appendChild(el("header", "smo-reply__head"));
    if (node.avatar) {
      var img = el("img", "smo-reply__avatar");
      img.loading = "lazy";
      img.decoding = "async";
      img.referrerPolicy = "no-referrer";
      img.alt = "";
      img.width = 40;
      img.height = 40;
      img.src = node.avatar;
      head.appendChild(img);
    }
    var who = head.appendChild(el("span", "smo-reply__who"));
    var name = el("bdi", "smo-reply__name", node.name);
    if (node.profile) {
      who.appendChild(link(node.profile, "smo-reply__author")).appendChild(name);
    } else {
      who.appendChild(name);
    }
    if (node.handle) { who.appendChild(el("bdi", "smo-reply__handle", node.handle)); }
    var shown = formatTime(node.time);
    if (shown) {
      var time = el("time", "smo-reply__time", shown);
      time.dateTime = new Date(node.time).toISOString();
      head.appendChild(node.url ? link(node.url, "smo-reply__permalink") : el("span", "smo-reply__permalink")).appendChild(time);
    }
    var body = el("div", "smo-reply__text");
    if (node.spoiler) {
      var details = post.appendChild(el("details", "smo-reply__warning"));
      details.appendChild(el("summary", "", node.spoiler));
      details.appendChild(body);
    } else {
      post.appendChild(body);
    }
    node.fill(body);
    if (node.attachments) {
      body.appendChild(el("p", "smo-reply__attachments", _("{count} attachment, not shown here", { count: node.attachments }, "{count} attachments, not shown here")));
    }
    var foot = post.appendChild(el("footer", "smo-reply__foot"));
    var counts = foot.appendChild(el("ul", "smo-reply__counts"));
    counts.setAttribute("role", "list");
    node.counts.forEach(function (text) { counts.appendChild(el("li", "", text)); });
    if (node.replyUrl) { foot.appendChild(link(node.replyUrl, "smo-reply__reply", source.reply)); }
    return post;
  }

  /* Nested lists; replies deeper than MAX_DEPTH are listed at that depth, in order.
     Returns how many posts were shown. */
  function renderList(nodes, depth, list, source) {
    var shown = 0;
    nodes.slice().sort(byTime).forEach(function (node) {
      var item = list.appendChild(el("li", "smo-reply"));
      item.appendChild(renderPost(node, source));
      shown += 1;
      if (node.children.length) {
        if (depth >= MAX_DEPTH) {
          shown += renderList(node.children, depth, list, source);
        } else {
          var sub = item.appendChild(el("ol", "smo-thread smo-thread--replies"));
          shown += renderList(node.children, depth + 1, sub, source);
        }
      }
    });
    return shown;
  }

  function networkBox(threads, source) {
    var box = el("section", "smo-replies__network smo-replies__network--" + source.key);
    var title = el("h3", "smo-replies__network-title", _("Replies on {network}", { network: source.network }));
    title.id = "smo-replies-" + source.key;
    box.setAttribute("aria-labelledby", title.id);
    box.appendChild(title);
    threads.appendChild(box);
    return box;
  }

  /* Fills the network's box; returns the line for the live region. */
  function show(box, source, outcome) {
    var title = box.firstChild;
    while (box.lastChild !== title) { box.removeChild(box.lastChild); }
    if (!outcome.ok) {
      var message = problemText(outcome.problem, source.network);
      box.appendChild(el("p", "smo-replies__error", message));
      return _("{network}: {message}", { network: source.network, message: message });
    }
    var list = el("ol", "smo-thread");
    var replies = renderList([outcome.root], 0, list, source) - 1;
    box.appendChild(list);
    if (replies === 0) {
      box.appendChild(el("p", "smo-replies__empty", _("No replies on {network} yet.", { network: source.network })));
    }
    return _("{network}: {count} reply.", { network: source.network, count: replies }, "{network}: {count} replies.");
  }

  function init(block) {
    if (block.dataset.smoReady) { return; }
    block.dataset.smoReady = "1";
    var load = block.querySelector("[data-smo-replies-load]");
    var button = block.querySelector("[data-smo-replies-show]");
    var threads = block.querySelector("[data-smo-replies-threads]");
    var status = block.querySelector(".smo-replies__status");
    if (!load || !button || !threads || !status || typeof window.fetch !== "function" ||
        typeof window.TextEncoder !== "function") { return; }
    var sources = [];
    if (block.dataset.smoMastodon) { sources.push(mastodonSource(block.dataset.smoMastodon)); }
    if (block.dataset.smoBluesky) {
      sources.push(blueskySource(block.dataset.smoBluesky, block.dataset.smoBlueskyAppview));
    }
    sources = sources.filter(Boolean);
    if (!sources.length) { return; }
    var label = button.querySelector(".smo-replies__show-label") || button;
    var busy = false;
    load.hidden = false;

    function expand(open) {
      threads.hidden = !open;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      label.textContent = open ? _("Hide replies") : _("Show replies");
    }

    button.addEventListener("click", function () {
      if (busy) { return; }
      if (button.getAttribute("aria-expanded") === "true") { expand(false); return; }
      busy = true;
      button.setAttribute("aria-disabled", "true");
      threads.setAttribute("aria-busy", "true");
      say(status, _("Loading replies\u2026"));
      Promise.all(sources.map(function (source) {
        if (source.root) { return Promise.resolve({ ok: true, root: source.root }); }
        return source.load().then(function (root) {
          source.root = root;
          return { ok: true, root: root };
        }, function (err) {
          if (!err || !err.smoProblem) { err = problem("data", ""); }
          return { ok: false, problem: err };
        });
      })).then(function (outcomes) {
        var lines = outcomes.map(function (outcome, i) {
          var source = sources[i];
          if (!source.box) { source.box = networkBox(threads, source); }
          if (!source.line) {
            /* shown once when loaded; an error is shown again on the next try */
            var line = show(source.box, source, outcome);
            if (outcome.ok) { source.line = line; }
            return line;
          }
          return source.line;
        });
        busy = false;
        button.removeAttribute("aria-disabled");
        threads.removeAttribute("aria-busy");
        expand(true);
        say(status, lines.join(" "));
      });
    });
  }

  function run() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-smo-replies]"), init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
