// Drives the built search page in Debian's headless Chromium with playwright-core.
// Usage: node search.js '<json>' with {"page": url, "queries": [...], "typed": bool,
// "headerFrom": url?, "swap": {"from": dir, "to": dir}?: with "typed", the folder "to" is
// replaced by a copy of "from" once the page has loaded). Prints JSON: per query the status text and the results
// on screen ([href, score, lättläst?]), and the milliseconds to the first answer.
const fs = require("fs");
const { withChromium } = require("./chromium");

let loaded = [];

async function answer(page, query, started) {
  await page.waitForSelector(`[data-done="${query.replace(/"/g, '\\"')}"]`, { timeout: 15000 });
  const files = loaded;
  loaded = [];
  return {
    ms: Date.now() - started,
    files,
    query,
    url: page.url(),
    input: await page.inputValue("#sok-fraga"),
    status: (await page.textContent("#sok-status")).trim(),
    empty: await page.isVisible("#sok-tomt"),
    results: await page.$$eval(".search-result", (items) => items.map((li) => [
      li.querySelector("a").getAttribute("href"),
      Number(li.getAttribute("data-score")),
      li.querySelector(".badge-lattlast") !== null,
    ])),
    // Per result, the languages it is offered in: [hreflang, href] of each.
    languages: await page.$$eval(".search-result", (items) => items.map((li) => [
      ...li.querySelectorAll(".search-languages a")].map((a) => [
      a.getAttribute("hreflang"), a.getAttribute("href")]))),
  };
}

(async () => {
  const job = JSON.parse(process.argv[2]);
  const errors = [];
  const out = { answers: [], errors };
  await withChromium(async (browser) => {
    const page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("request", (r) => {
      const url = r.url();
      if (url.includes("/search/")) loaded.push(url.slice(url.indexOf("/search/") + 8));
    });
    if (job.headerFrom) {
      // A reader on an article page uses the search box in the header.
      await page.goto(job.headerFrom);
      await page.fill(".header-search input", job.queries[0]);
      const started = Date.now();
      await page.press(".header-search input", "Enter");
      out.answers.push(await answer(page, job.queries[0], started));
    } else if (job.typed) {
      await page.goto(job.page);
      if (job.swap) {
        // A new build replaces the index files under the open page.
        await page.waitForFunction(() => performance.getEntriesByType("resource")
          .some((entry) => entry.name.includes("/search/manifest.js")));
        fs.rmSync(job.swap.to, { recursive: true });
        fs.cpSync(job.swap.from, job.swap.to, { recursive: true });
      }
      for (const query of job.queries) {
        await page.fill("#sok-fraga", "");
        const started = Date.now();
        await page.locator("#sok-fraga").pressSequentially(query, { delay: 20 });
        out.answers.push(await answer(page, query, started));
      }
    } else {
      for (const query of job.queries) {
        const started = Date.now();
        await page.goto(job.page + "?q=" + encodeURIComponent(query));
        out.answers.push(await answer(page, query, started));
      }
    }
  });
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
