// Search page: lunr.js over an index cut into files (generator/search_files.py).
// The query follows generator/search_index.py `search` step by step; tests
// compare the two on the same index.
(function () {
  "use strict";
  var app = document.querySelector("[data-search]");
  if (!app || !window.lunr) return;

  var FIRST_RESULTS = 20;
  var DEBOUNCE_MS = 200;
  var base = app.getAttribute("data-search");
  var siteRoot = app.getAttribute("data-site-root");
  var input = document.getElementById("sok-fraga");
  var status = document.getElementById("sok-status");
  var list = document.getElementById("sok-traffar");
  var empty = document.getElementById("sok-tomt");
  var more = document.getElementById("sok-fler");
  var stemmer = lunr.Pipeline.load(["stemmer-sv"]);
  var WORD = /[\p{L}\p{N}]+/gu;

  // --- Files: every index file is a script that calls halsoSok(name, data).
  var waiting = {};
  var files = {};
  window.halsoSok = function (name, data) {
    if (waiting[name]) waiting[name](data);
  };
  function load(name, query) {
    if (!files[name]) {
      files[name] = new Promise(function (resolve, reject) {
        var done = false;
        waiting[name] = function (data) { done = true; resolve(data); };
        var script = document.createElement("script");
        script.src = base + name + (query || "");
        script.onload = function () { if (!done) reject(new Error(name)); };
        script.onerror = function () { reject(new Error(name)); };
        document.head.appendChild(script);
      });
    }
    return files[name];
  }

  // --- Words, as generator/swedish.py makes them.
  function tokenize(text) {
    return text.normalize("NFC").toLowerCase().match(WORD) || [];
  }
  function stem(word) {
    return stemmer.runString(word)[0] || word;
  }
  function parseQuery(text, manifest) {
    var stop = manifest.stopSet;
    var words = tokenize(text).filter(function (w) { return !stop[w]; });
    var stems = [];
    words.forEach(function (w) {
      var s = stem(w);
      if (stems.indexOf(s) < 0) stems.push(s);
    });
    var typing = words.length > 0 && !/\s$/.test(text);
    var last = words.length ? stem(words[words.length - 1]) : "";
    return { stems: stems, prefix: typing && last.length >= manifest.prefixMin ? last : null };
  }

  // --- Term shards: which ones a query needs, and a lunr index of those loaded.
  function shardsFor(part, query) {
    var shards = part.shards;
    var needed = [];
    function add(low, high) {  // shards holding any term in [low, high]
      for (var i = 0; i < shards.length; i++) {
        var next = i + 1 < shards.length ? shards[i + 1][0] : null;
        if (shards[i][0] <= high && (next === null || next > low) && needed.indexOf(i) < 0) {
          needed.push(i);
        }
      }
    }
    query.stems.forEach(function (s) {
      if (s === query.prefix) add(s, s + "\uffff");
      else add(s, s);
    });
    return needed.sort(function (a, b) { return a - b; });
  }

  function partIndex(part, manifest, numbers) {
    var key = numbers.join(",");
    if (part.indexKey === key) return Promise.resolve(part.index);
    return Promise.all(numbers.map(function (n) { return load(part.shards[n][1]); }))
      .then(function (datas) {
        part.indexKey = key;
        part.index = numbers.length ? buildIndex(datas, manifest) : null;
        return part.index;
      });
  }

  function buildIndex(datas, manifest) {
    var postings = {};
    datas.forEach(function (data) {
      Object.keys(data).forEach(function (term) { postings[term] = data[term]; });
    });
    var terms = Object.keys(postings).sort();
    var vectors = {};
    var inverted = terms.map(function (term, i) {
      var posting = { _index: i };
      manifest.fields.forEach(function (field, f) {
        var docs = {};
        var flat = postings[term][f];
        var page = 0;
        for (var k = 0; k < flat.length; k += 3) {
          page += flat[k];
          var ref = page + "." + flat[k + 1];
          var weight = flat[k + 2] / manifest.weightScale;
          var fieldRef = field + "/" + ref;
          docs[ref] = {};
          (vectors[fieldRef] = vectors[fieldRef] || []).push(i, weight);
        }
        posting[field] = docs;
      });
      return [term, posting];
    });
    // lunr divides by the query's length, never a document's, so vectors that
    // hold only the loaded terms score exactly as the whole index would.
    var fieldVectors = Object.keys(vectors).map(function (fieldRef) {
      return [fieldRef, vectors[fieldRef]];
    });
    return lunr.Index.load({
      version: lunr.version,
      fields: manifest.fields,
      fieldVectors: fieldVectors,
      invertedIndex: inverted,
      pipeline: ["stemmer-sv"]
    });
  }

  function runQuery(index, query, manifest) {
    return index.query(function (q) {
      query.stems.forEach(function (word) {
        // Words are stemmed already; a wildcard term would skip the stemmer anyway.
        q.term(word, { usePipeline: false });
        if (word === query.prefix) {
          q.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
        }
      });
    });
  }

  function matchedStems(query, terms) {
    return query.stems.filter(function (word) {
      return terms.indexOf(word) >= 0 || (word === query.prefix && terms.some(function (t) {
        return t.indexOf(word) === 0;
      }));
    });
  }

  // Pages that match every word, best first: [[page number, score], ...].
  function search(manifest, text) {
    var query = parseQuery(text, manifest);
    if (!query.stems.length) return Promise.resolve([]);
    return Promise.all(manifest.parts.map(function (part) {
      return partIndex(part, manifest, shardsFor(part, query));
    })).then(function (indexes) {
      var scores = {};
      var matched = {};
      indexes.forEach(function (index, p) {
        if (!index) return;
        var hidden = manifest.parts[p].hiddenSet;
        runQuery(index, query, manifest).forEach(function (result) {
          if (hidden[result.ref]) return;
          var page = parseInt(result.ref, 10);
          scores[page] = (scores[page] || 0) + result.score;
          var words = matched[page] = matched[page] || {};
          matchedStems(query, Object.keys(result.matchData.metadata)).forEach(function (w) {
            words[w] = true;
          });
        });
      });
      return Object.keys(scores).map(Number).filter(function (page) {
        return Object.keys(matched[page]).length === query.stems.length;
      }).map(function (page) { return [page, scores[page]]; }).sort(function (a, b) {
        return b[1] - a[1] || a[0] - b[0];
      });
    });
  }

  function pageInfo(manifest, number) {
    var parts = manifest.parts;
    var part = number >= parts[1].first ? parts[1] : parts[0];
    var offset = number - part.first;
    return load(part.pages[Math.floor(offset / part.chunk)]).then(function (rows) {
      var row = rows[offset % part.chunk];
      return { url: row[0], title: row[1], summary: row[2], section: row[3], lattlast: row[4] === 1,
        translations: row[5] || [] };
    });
  }

  // --- The page.
  function href(url) {
    var target = siteRoot + url;
    if (location.protocol === "file:" && /\/$/.test(target)) target += "index.html";
    return target;
  }

  function resultItem(page, score) {
    var item = document.createElement("li");
    item.className = "search-result";
    item.setAttribute("data-score", score.toFixed(6));
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = href(page.url);
    link.textContent = page.title;
    heading.appendChild(link);
    if (page.lattlast) {
      var mark = document.createElement("span");
      mark.className = "badge badge-lattlast";
      mark.textContent = "Lättläst";
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(mark);
    }
    var section = document.createElement("p");
    section.className = "search-section";
    section.textContent = page.section;
    var summary = document.createElement("p");
    summary.textContent = page.summary;
    item.appendChild(heading);
    item.appendChild(section);
    item.appendChild(summary);
    if (page.translations.length) item.appendChild(translations(page.translations));
    return item;
  }

  // "Finns på: English, العربية": each language of the text, by its own name.
  function translations(found) {
    var line = document.createElement("p");
    line.className = "search-languages";
    line.appendChild(document.createTextNode("Finns på: "));
    found.forEach(function (t, i) {
      var link = document.createElement("a");
      link.href = href(t[3]);
      link.lang = t[0];
      link.hreflang = t[0];
      if (t[2] === "rtl") link.dir = "rtl";
      link.textContent = t[1];
      if (i) line.appendChild(document.createTextNode(", "));
      line.appendChild(link);
    });
    return line;
  }

  function countText(n, text) {
    return (n === 1 ? "1 träff" : n + " träffar") + " för ”" + text.trim() + "”";
  }

  // `fresh`: past any cached copy, as after a new build replaced the files.
  function loadManifest(fresh) {
    return load("manifest.js", fresh ? "?" + Date.now() : "").then(function (manifest) {
      manifest.stopSet = {};
      manifest.stopWords.forEach(function (w) { manifest.stopSet[w] = true; });
      manifest.parts.forEach(function (part) {
        part.hiddenSet = {};
        (part.hidden || []).forEach(function (ref) { part.hiddenSet[ref] = true; });
      });
      return manifest;
    });
  }
  var manifestPromise = loadManifest(false);
  var reloaded = false;  // the index files were fetched again after a failed query

  var generation = 0;
  var hits = [];
  var shown = 0;

  function showMore(manifest, count, mine) {
    var batch = hits.slice(shown, shown + count);
    shown += batch.length;
    return Promise.all(batch.map(function (hit) { return pageInfo(manifest, hit[0]); }))
      .then(function (pages) {
        if (mine !== generation) return;
        pages.forEach(function (page, i) { list.appendChild(resultItem(page, batch[i][1])); });
        more.hidden = shown >= hits.length;
      });
  }

  function update(text) {
    var mine = ++generation;
    var url = new URL(location.href);
    if (text.trim()) url.searchParams.set("q", text);
    else url.searchParams.delete("q");
    if (location.protocol !== "file:") history.replaceState(null, "", url);
    if (!text.trim()) {
      list.textContent = "";
      status.textContent = "";
      empty.hidden = true;
      more.hidden = true;
      app.removeAttribute("data-state");
      app.removeAttribute("data-done");
      return Promise.resolve();
    }
    app.setAttribute("data-state", "searching");
    return manifestPromise.then(function (manifest) {
      return search(manifest, text).then(function (found) {
        if (mine !== generation) return;
        hits = found;
        shown = 0;
        list.textContent = "";
        status.textContent = countText(found.length, text);
        empty.hidden = found.length > 0;
        return showMore(manifest, FIRST_RESULTS, mine);
      });
    }).then(function () {
      if (mine !== generation) return;
      reloaded = false;
      app.setAttribute("data-state", "done");
      app.setAttribute("data-done", text);  // which query the results on screen answer
    }, function () {
      if (mine !== generation) return;
      if (!reloaded) {
        // A build since the page loaded replaces index files (their names carry a hash
        // of their content): fetch the new manifest and its files, once.
        reloaded = true;
        files = {};
        manifestPromise = loadManifest(true);
        return update(text);
      }
      status.textContent = "Sökningen gick inte att ladda. Försök igen om en stund.";
      app.setAttribute("data-state", "error");
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { update(input.value); }, DEBOUNCE_MS);
  });
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    update(input.value);
  });
  more.addEventListener("click", function () {
    var next = list.children.length;
    manifestPromise.then(function (manifest) {
      return showMore(manifest, FIRST_RESULTS, generation);
    }).then(function () {
      var first = list.children[next];
      if (first) first.querySelector("a").focus();
    });
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    update(initial);
  }
})();
