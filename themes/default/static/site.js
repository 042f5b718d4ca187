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
