// Search on a language's page (sprak/<lang>/): its texts come whole in sokdata.js
// (generator/search/languages.py) and are indexed here with lunr, with lunr-languages'
// stemmer for the language, lunr's English pipeline, or the words as they are.
(function () {
  "use strict";
  var app = document.querySelector("[data-language-search]");
  if (!app || !window.lunr) return;
  var form = app.querySelector("form");
  var input = app.querySelector("input[type=search]");
  var status = app.querySelector("[role=status]");
  var list = app.querySelector("ol");
  var siteRoot = app.getAttribute("data-site-root");
  var libs = app.getAttribute("data-lunr");
  var WORD = /[\p{L}\p{M}\p{N}]+/gu;
  var ready = null;

  function words(text) {
    return text.normalize("NFC").toLocaleLowerCase().match(WORD) || [];
  }
  function script(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error(src)); };
      document.head.appendChild(tag);
    });
  }
  function index() {
    if (!ready) {
      ready = new Promise(function (resolve, reject) {
        window.halsoSprak = resolve;
        script(app.getAttribute("data-language-search")).catch(reject);
      }).then(function (found) {
        var stemmer = found.stemmer;
        var lib = stemmer && stemmer !== "en" ? script(libs + "lunr." + stemmer + ".min.js")
          : Promise.resolve();
        return lib.then(function () {
          var rows = {};
          var idx = lunr(function () {
            if (stemmer && stemmer !== "en") this.use(lunr[stemmer]);
            else if (!stemmer) { this.pipeline.reset(); this.searchPipeline.reset(); }
            this.ref("url");
            this.field("title", { boost: 10 });
            this.field("summary", { boost: 5 });
            this.field("body");
            found.texts.forEach(function (row) {
              rows[row[0]] = row;
              this.add({ url: row[0], title: words(row[1]).join(" "),
                summary: words(row[2]).join(" "), body: words(row[3]).join(" ") });
            }, this);
          });
          return { idx: idx, rows: rows };
        });
      });
    }
    return ready;
  }
  // Every word must match; the word being typed also as the start of a word.
  function search(found, text) {
    var terms = words(text);
    if (!terms.length) return [];
    var typing = !/\s$/.test(text);
    function run(prefixLast) {
      return found.idx.query(function (q) {
        terms.forEach(function (term, i) {
          var prefix = prefixLast && i === terms.length - 1;
          q.term(term, prefix
            ? { presence: lunr.Query.presence.REQUIRED, usePipeline: false,
                wildcard: lunr.Query.wildcard.TRAILING }
            : { presence: lunr.Query.presence.REQUIRED });
        });
      });
    }
    var best = {};
    run(false).concat(typing ? run(true) : []).forEach(function (hit) {
      if (!best[hit.ref] || best[hit.ref] < hit.score) best[hit.ref] = hit.score;
    });
    return Object.keys(best).sort(function (a, b) { return best[b] - best[a] || (a < b ? -1 : 1); });
  }
  function show(urls, text) {
    list.textContent = "";
    urls.forEach(function (url) {
      var row = found[url];
      var item = document.createElement("li");
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = siteRoot + url;
      link.textContent = row[1];
      heading.appendChild(link);
      var summary = document.createElement("p");
      summary.textContent = row[2];
      item.appendChild(heading);
      item.appendChild(summary);
      list.appendChild(item);
    });
    status.textContent = !text.trim() ? "" : urls.length
      ? app.getAttribute("data-found").replace("{n}", urls.length)
      : app.getAttribute("data-none");
    app.setAttribute("data-done", text);  // for tests: this query's answer is on screen
  }
  var found = {};
  function update() {
    var text = input.value;
    index().then(function (made) {
      found = made.rows;
      show(search(made, text), text);
    }, function () {
      status.textContent = app.getAttribute("data-failed");
    });
  }
  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  input.addEventListener("input", update);
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) { input.value = asked; update(); }
})();
