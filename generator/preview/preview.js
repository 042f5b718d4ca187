// Preview server only (python -m generator serve): the last build's errors, shown on
// top of the page when a build failed. The page under it is the last good build.
// Loaded on every page load; a failed or fixed build makes livereload reload the page.
(function () {
  "use strict";
  var ID = "forhandsvisning-fel";

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text) node.textContent = text; // messages quote editors' text: never as HTML
    return node;
  }

  function show(errors) {
    var old = document.getElementById(ID);
    if (old) old.parentNode.removeChild(old);
    if (!errors.length) return;
    var box = el("section");
    box.id = ID;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", ID + "-rubrik");
    box.setAttribute("aria-describedby", ID + "-text");
    box.tabIndex = -1;
    // Inline styles: the overlay must look the same over any theme.
    box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;" +
      "max-height:70vh;overflow:auto;margin:0;padding:1rem 1.5rem;background:#fff;" +
      "color:#1a1a1a;border-bottom:6px solid #b00020;box-shadow:0 4px 16px rgba(0,0,0,.35);" +
      "font:16px/1.5 system-ui,sans-serif;text-align:left";
    var heading = el("h2", errors.length === 1 ? "Bygget misslyckades: 1 fel" :
      "Bygget misslyckades: " + errors.length + " fel");
    heading.id = ID + "-rubrik";
    heading.style.cssText = "margin:0 0 .5rem;font-size:1.25rem;color:#b00020";
    var text = el("p", "Sidan nedanför är från det senaste lyckade bygget. Rätta felen och " +
      "spara, så laddas sidan om av sig själv.");
    text.id = ID + "-text";
    text.style.margin = "0 0 .5rem";
    var list = el("ul");
    list.style.cssText = "margin:0 0 .75rem;padding-left:1.25rem";
    errors.forEach(function (message) {
      var item = el("li");
      var code = el("code", message);
      code.style.cssText = "white-space:pre-wrap;word-break:break-word;font-size:.95rem";
      item.appendChild(code);
      list.appendChild(item);
    });
    var hide = el("button", "Dölj felen");
    hide.type = "button";
    hide.style.cssText = "font:inherit;padding:.25rem .75rem;border:2px solid #1a1a1a;" +
      "background:#fff;color:#1a1a1a;cursor:pointer";
    hide.addEventListener("click", function () { box.parentNode.removeChild(box); });
    box.appendChild(heading);
    box.appendChild(text);
    box.appendChild(list);
    box.appendChild(hide);
    document.body.appendChild(box);
    box.focus();
  }

  function load() {
    fetch("/_preview/errors.json", { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : { errors: [] }; })
      .then(function (state) { show(state.errors || []); })
      .catch(function () { /* the server stopped: keep the page as it is */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
})();
