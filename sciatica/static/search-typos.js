/* Material's search worker, with a forgiving query. Copied into the built site, next to Material's
   worker, by sciatica/postbuild.py, which fills in the three values below (from sciatica/search.py).
   - Small words ("what", "do", "I") are left out when the query has other words, as the index
     keeps them (a question made only of them, "what should I do", still finds its page).
   - So is the site's subject ("sciatica") when the query has other words: every page is about it.
   - A word nearly every page uses ("pain", "leg") is matched whole: Material would also match any
     word it begins ("pain" would find "painkillers", a word that leads to the medicines page).
   - A word typed with an apostrophe is also looked up without it ("can't" and "cant"), as the
     search words of a page are kept (sciatica/search.py), and a curly apostrophe is a straight one.
   - A word of five letters or more also matches words one letter away (Lunr's fuzzy term, word~1),
     so "sciatia" still finds "sciatica".
   - A query is cut to a length no reader types (and a word to the longest in the index), so a
     pasted wall of text cannot make the fuzzy search run for minutes. */
(function () {
  "use strict";
  var MATERIAL_WORKER = "%(worker)s";
  var STOP_WORDS = new Set(%(stop_words)s);
  var TOPIC_WORDS = new Set(%(topic_words)s);
  var COMMON_WORDS = new Set(%(common_words)s);
  var listeners = [];
  var waiting = [];  /* queries that came before Material's worker was loaded */
  var loaded = false;
  var add = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type === "message") { listeners.push(listener); } else { add(type, listener, options); }
  };
  /* Lunr (2.3.9, in Material's worker) merges equal states of its word automaton by a key that runs
     each edge's letter and its target's number together, so a node with the edges "1" to node 2
     and "3" to node 4 ("01234") passes for one with the edge "1" to node 234: with digits among the
     words, some words then vanish from the index or appear in it without their pages, and every
     search that reaches them fails ("do" found nothing). A comma after each number keeps keys apart. */
  function mendTokenSet(lunr) {
    if (!lunr || !lunr.TokenSet) { return; }
    lunr.TokenSet.prototype.toString = function () {
      if (this._str) { return this._str; }
      var key = this.final ? "1" : "0";
      var labels = Object.keys(this.edges).sort();
      for (var i = 0; i < labels.length; i++) { key += labels[i] + this.edges[labels[i]].id + ","; }
      return key;
    };
  }
  function ready() {
    mendTokenSet(self.lunr);
    self.addEventListener = add;
    loaded = true;
    waiting.splice(0).forEach(deliver);
  }
  /* Material's worker (12 KB compressed) is loaded with the first message: Material sends none
     before the search index, and the index waits until the reader goes to search
     (overrides/partials/search-on-demand.html), so a page that is only read loads neither.
     Opened from a folder, the worker runs in an iframe (Material's iframe-worker shim): there this
     script's own address is its script element's, and importScripts loads asynchronously. */
  var here = self.document && self.document.currentScript ? self.document.currentScript.src : self.location.href;
  var started = false;
  function load() {
    if (started) { return; }
    started = true;
    var loading = importScripts(new URL(MATERIAL_WORKER, here).href);
    if (loading && typeof loading.then === "function") { loading.then(ready); } else { ready(); }
  }

  var PLAIN_WORD = /^[a-z\u00c0-\u024f]+$/i;
  var MAX_QUERY = 200, MAX_WORDS = 12, MAX_WORD = 30, MAX_FUZZY = 20;
  var APOSTROPHE = /^[a-z\u00c0-\u024f]+'[a-z\u00c0-\u024f]+$/i;
  function forgiving(query) {
    var words = query.slice(0, MAX_QUERY).trim().split(/\s+/).slice(0, MAX_WORDS).map(function (word) {
      return word.slice(0, MAX_WORD).replace(/[\u2018\u2019]/g, "'");
    });
    var plain = words.filter(function (word) { return PLAIN_WORD.test(word); });
    var content = words.filter(function (word) { return !(PLAIN_WORD.test(word) && STOP_WORDS.has(word.toLowerCase())); });
    if (!content.length && plain.length) {
      /* Only small words: match them exactly (^1 stops the search adding a trailing wildcard). */
      return plain.map(function (word) { return word + "^1"; }).join(" ");
    }
    var specific = content.filter(function (word) { return !TOPIC_WORDS.has(word.toLowerCase()); });
    if (specific.length) { content = specific; }
    return content.map(function (word) {
      if (APOSTROPHE.test(word)) { return word + " " + word.replace("'", ""); }
      if (COMMON_WORDS.has(word.toLowerCase())) { return word + "^1"; }
      return PLAIN_WORD.test(word) && word.length >= 5 && word.length <= MAX_FUZZY ? word + " " + word + "~1" : word;
    }).join(" ");
  }
  add("message", function (event) {
    var message = event.data;
    if (message && message.type === 2 && typeof message.data === "string" && message.data.trim()) {  /* a query */
      event = new MessageEvent("message", { data: { type: 2, data: forgiving(message.data) } });
    }
    if (loaded) { deliver(event); } else { waiting.push(event); load(); }
  });
  function deliver(event) {
    listeners.forEach(function (listener) { listener(event); });
  }
})();
