// Pretty links end in "/"; a page opened from disk has no server to add
// index.html, so add it here. On a web server nothing changes.
(function () {
  if (location.protocol !== "file:") return;
  document.querySelectorAll("a[href]").forEach(function (link) {
    var href = link.getAttribute("href");
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) return;
    var hash = href.indexOf("#");
    var path = hash < 0 ? href : href.slice(0, hash);
    if (path === "" || path.slice(-1) !== "/") return;
    link.setAttribute("href", path + "index.html" + (hash < 0 ? "" : href.slice(hash)));
  });
})();
