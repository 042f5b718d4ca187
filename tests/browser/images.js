// Images as Chromium loads them, late: each image response is held back, so the page is
// laid out long before any image arrives and only kept space keeps it from shifting.
// Usage: node images.js '<json>' with {"pages": [url, ...], "screens": [{"width": px,
// "dpr": n}, ...], "delay": ms, "stripSizes": bool}. Prints JSON: per screen, per page,
// the cumulative layout shift and each image's chosen file and sizes. With stripSizes the
// images' width and height attributes are removed first: the shift the test must catch.
const { withChromium } = require("./chromium");

function watchShifts() {
  window.__shift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
}

function images() {
  return [...document.querySelectorAll(".article-body img")].map((img) => ({
    alt: img.alt,
    currentSrc: img.currentSrc.split("/").pop(),
    naturalWidth: img.naturalWidth,
    shownWidth: img.getBoundingClientRect().width,
    shownHeight: img.getBoundingClientRect().height,
    width: Number(img.getAttribute("width")),
    height: Number(img.getAttribute("height")),
  }));
}

async function visit(page, url) {
  await page.goto(url);
  // Every image scrolled to, so that lazy ones load too, and waited for.
  for (const img of await page.$$(".article-body img")) {
    await img.scrollIntoViewIfNeeded();
    await img.evaluate((el) => new Promise((resolve) => {
      if (el.complete && el.naturalWidth) resolve();
      else el.addEventListener("load", resolve, { once: true });
    }));
  }
  await page.waitForTimeout(300);
  return { shift: await page.evaluate(() => window.__shift), images: await page.evaluate(images) };
}

(async () => {
  const job = JSON.parse(process.argv[2]);
  const out = [];
  for (const screen of job.screens) {
    const options = { viewport: { width: screen.width, height: 800 }, deviceScaleFactor: screen.dpr };
    const pages = await withChromium(async (browser) => {
      const page = await browser.newPage();
      await page.addInitScript(watchShifts);
      await page.route(/\.(webp|png|jpe?g|gif|svg)$/, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, job.delay));
        await route.continue();
      });
      if (job.stripSizes) {
        await page.route(/\/$/, async (route) => {
          const response = await route.fetch();
          const body = (await response.text()).replace(/(<img[^>]*?) (width|height)="\d+"/g, "$1")
            .replace(/(<img[^>]*?) (width|height)="\d+"/g, "$1");
          await route.fulfill({ response, body });
        });
      }
      const found = {};
      for (const url of job.pages) found[url] = await visit(page, url);
      return found;
    }, options);
    out.push({ screen, pages });
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
