// Where the parts of a page land in Debian's headless Chromium (playwright-core), to see
// that a right-to-left page is the mirror image of a left-to-right one.
// Usage: node mirror.js '<json>' with {"pages": [url, ...], "width": px}.
// Prints JSON: per page, its direction and the boxes of its heading's text, its main
// column, its breadcrumbs and its regional boxes with their border widths.
const { probeEach } = require("./chromium");

function boxes() {
  const box = (r) => ({ left: r.left, right: r.right, top: r.top });
  const text = (element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return box(range.getBoundingClientRect());
  };
  const article = document.querySelector("main .article");
  const column = article.getBoundingClientRect();
  const style = getComputedStyle(article);
  return {
    dir: document.documentElement.dir,
    direction: style.direction,
    column: {
      left: column.left + parseFloat(style.paddingLeft),
      right: column.right - parseFloat(style.paddingRight),
    },
    heading: text(document.querySelector("main h1")),
    crumbs: [...document.querySelectorAll(".breadcrumbs li")].map(
      (li) => box(li.getBoundingClientRect())),
    regional: [...document.querySelectorAll("main section.regional")].map((section) => {
      const s = getComputedStyle(section);
      return { left: parseFloat(s.borderLeftWidth), right: parseFloat(s.borderRightWidth) };
    }),
    scrollWidth: document.documentElement.scrollWidth,
  };
}

(async () => {
  const job = JSON.parse(process.argv[2]);
  const out = await probeEach(job.pages, boxes, null,
    { viewport: { width: job.width, height: 900 } });
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
