// The region chooser remembers the reader's choice in this browser only
// (localStorage: no cookie, nothing sent anywhere). "?byt" shows the list
// again so that a reader can change region.
(function () {
  var KEY = "halsoguiden-region";
  var onDisk = location.protocol === "file:";
  function address(slug) { return slug + "/" + (onDisk ? "index.html" : ""); }
  var links = document.querySelectorAll("a[data-region]");
  var known = {};
  links.forEach(function (link) {
    known[link.dataset.region] = true;
    link.setAttribute("href", address(link.dataset.region));
    link.addEventListener("click", function () {
      try { localStorage.setItem(KEY, link.dataset.region); } catch (e) { /* private mode */ }
    });
  });
  var saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { /* storage blocked */ }
  if (!saved || !known[saved]) return;
  if (location.search.indexOf("byt") < 0) {
    location.replace(address(saved));
    return;
  }
  // Changing region: show which one is chosen now.
  var current = document.querySelector('a[data-region="' + saved + '"]');
  current.setAttribute("aria-current", "true");
  var note = document.createElement("span");
  note.className = "hint";
  note.textContent = " (ditt val nu)";
  current.appendChild(note);
})();
