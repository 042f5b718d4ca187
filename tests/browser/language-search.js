// Drives the search of a language's page (sprak/<lang>/) in Debian's headless Chromium.
// Usage: node language-search.js '<json>' with {"searches": [[page url, query], ...]}.
// Prints JSON: per search the status text and the results' links, and any page errors.
const { withChromium } = require("./chromium");

(async () => {
  const job = JSON.parse(process.argv[2]);
  const out = { answers: [], errors: [] };
  await withChromium(async (browser) => {
    const page = await browser.newPage();
    page.on("pageerror", (e) => out.errors.push(String(e)));
    for (const [url, query] of job.searches) {
      await page.goto(url + "?q=" + encodeURIComponent(query));
      await page.waitForSelector(".language-search[data-done]", { timeout: 15000 });
      out.answers.push({
        url, query,
        done: await page.getAttribute(".language-search", "data-done"),
        status: (await page.textContent(".language-search [role=status]")).trim(),
        results: await page.$$eval(".language-search ol a",
          (links) => links.map((a) => a.getAttribute("href"))),
      });
    }
  });
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
