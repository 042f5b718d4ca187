// Pretty links end in "/"; a page opened from disk has no server to add
// index.html, so add it here (to links and to the search forms' targets).
// On a web server nothing changes.
(function () {
  if (location.protocol !== "file:") return;
  function withIndex(url) {
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) return url;
    var hash = url.indexOf("#");
    var path = hash < 0 ? url : url.slice(0, hash);
    if (path === "" || path.slice(-1) !== "/") return url;
    return path + "index.html" + (hash < 0 ? "" : url.slice(hash));
  }
  document.querySelectorAll("a[href]").forEach(function (link) {
    link.setAttribute("href", withIndex(link.getAttribute("href")));
  });
  document.querySelectorAll("form[action]").forEach(function (form) {
    form.setAttribute("action", withIndex(form.getAttribute("action")));
  });
})();

// "Större text": one button in the header, remembered in this browser only
// (localStorage, shared by every site on the same host). text_size_head.html
// applies the choice and shows the button before the first paint; this wires it.
(function () {
  var KEY = "halsoguiden-storre-text";
  var button = document.querySelector("button.text-size");
  if (!button) return;
  var root = document.documentElement;
  function show(on) {
    root.classList.toggle("storre-text", on);
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }
  show(root.classList.contains("storre-text"));
  button.addEventListener("click", function () {
    var on = !root.classList.contains("storre-text");
    show(on);
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* storage blocked */ }
  });
})();

// Choosing another region in an article's switcher is a choice of region too:
// the chooser (build/index.html) then sends a returning reader there.
(function () {
  var KEY = "halsoguiden-region";
  document.querySelectorAll(".switcher a[data-region]").forEach(function (link) {
    link.addEventListener("click", function () {
      try { localStorage.setItem(KEY, link.dataset.region); } catch (e) { /* storage blocked */ }
    });
  });
})();
