// Measures the text layout of pages in Debian's headless Chromium (playwright-core).
// Usage: node layout.js '<json>' with {"pages": [url, ...], "width": px, "blocks": css}.
// Prints JSON: per page, per block that the selector finds, the characters on each
// rendered line and the computed type settings.
const { probeEach } = require("./chromium");

function measure(selector) {
  // Each character's box: characters whose boxes share a top are on one line.
  const blocks = [...document.querySelectorAll(selector)];
  return blocks.map((block) => {
    const lines = new Map();
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        const top = Math.round(rect.top);
        lines.set(top, (lines.get(top) || "") + node.data[i]);
      }
    }
    const style = getComputedStyle(block);
    return {
      text: block.textContent.trim().slice(0, 40),
      lines: [...lines.values()].map((line) => line.trim().length),
      fontSize: parseFloat(style.fontSize),
      lineHeight: parseFloat(style.lineHeight) / parseFloat(style.fontSize),
      hyphens: style.hyphens,
      textAlign: style.textAlign,
    };
  });
}

(async () => {
  const job = JSON.parse(process.argv[2]);
  const out = await probeEach(job.pages, measure, job.blocks,
    { viewport: { width: job.width, height: 900 } });
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
