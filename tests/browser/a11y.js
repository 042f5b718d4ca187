// Checks built pages in Debian's headless Chromium (playwright-core): axe-core's
// WCAG rules in light and dark colour schemes, reflow at a narrow width, and
// screenshots for people to look at. One browser for the whole job.
// Usage: node a11y.js '<json>' with {"pages": [{"name", "url", "waitFor"?}],
//   "tags": [...], "schemes": ["light", "dark"], "reflowWidth": 320,
//   "shots": {"dir", "names": [...], "widths": [...], "schemes": [...]}?}.
// Prints JSON: per page name, the violations per scheme (rule id, impact, help,
// targets), how many rules passed, and the document's scrollWidth at reflowWidth; the screenshots written.
const path = require("path");
const fs = require("fs");
const { withChromium } = require("./chromium");

const AXE = require.resolve("axe-core/axe.min.js");
let checked = [];  // per axe run, how many rules passed: proof that axe ran

async function open(page, target) {
  const response = await page.goto(target.url);
  // A missing page would be the server's error page: checking that proves nothing.
  if (!response || !response.ok()) throw new Error(`${target.url}: HTTP ${response && response.status()}`);
  // Search results arrive after the index shards load: wait like a reader would.
  if (target.waitFor) await page.waitForSelector(target.waitFor, { timeout: 15000 });
}

async function axe(page, tags) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(
    (runOnly) => window.axe.run(document, { runOnly: { type: "tag", values: runOnly } }),
    tags,
  );
  checked.push(result.passes.length);
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}

(async () => {
  const job = JSON.parse(process.argv[2]);
  const out = { pages: {}, shots: [], errors: [] };
  await withChromium(async (browser) => {
    const page = await browser.newPage();
    page.on("pageerror", (e) => out.errors.push(String(e)));
    // A style sheet or script that does not load leaves a page that was never really checked.
    page.on("response", (r) => { if (r.status() >= 400) out.errors.push(`${r.url()}: HTTP ${r.status()}`); });
    page.on("requestfailed", (r) => out.errors.push(`${r.url()}: ${r.failure().errorText}`));
    for (const target of job.pages) {
      const found = { violations: {}, passes: {}, background: {}, scrollWidth: null };
      for (const scheme of job.schemes) {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.emulateMedia({ colorScheme: scheme });
        await open(page, target);
        found.violations[scheme] = await axe(page, job.tags);
        found.passes[scheme] = checked.pop();
        found.background[scheme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      }
      await page.emulateMedia({ colorScheme: "light" });
      await page.setViewportSize({ width: job.reflowWidth, height: 900 });
      await open(page, target);
      found.scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      out.pages[target.name] = found;
    }
    if (job.shots) {
      fs.mkdirSync(job.shots.dir, { recursive: true });
      for (const scheme of job.shots.schemes) {
        await page.emulateMedia({ colorScheme: scheme });
        const suffix = scheme === "light" ? "" : `-${scheme}`;
        for (const target of job.pages.filter((p) => job.shots.names.includes(p.name))) {
          for (const width of job.shots.widths) {
            await page.setViewportSize({ width, height: 900 });
            await open(page, target);
            const file = path.join(job.shots.dir, `${target.name}${suffix}-${width}.png`);
            await page.screenshot({ path: file, fullPage: true });
            out.shots.push(file);
          }
        }
      }
    }
  }, { viewport: { width: 1280, height: 900 } });
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
