// A reader's path through the built sites in Debian's headless Chromium
// (playwright-core): "Större text", the region chooser and its memory, the
// switcher, the skip link, and the pages with JavaScript switched off.
// Usage: node reader.js '<json>' with {"base": url of build/}. Prints JSON
// observations; the Python test judges them.
const { withChromium } = require("./chromium");

const ARTICLE = "vard-och-behandling/sjukresor/";
const LATTLAST = "vard-och-behandling/patientavgifter/";

function layoutShift() {
  // Every layout shift since the page began loading (buffered), summed as CLS does.
  return new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) total += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
    setTimeout(() => resolve(total), 500);
  });
}

async function textSize(page, base) {
  const o = {};
  const paragraph = async () => page.$eval(".lead", (p) => parseFloat(getComputedStyle(p).fontSize));
  await page.goto(base + "kronoberg/" + ARTICLE);
  o.buttonVisible = await page.isVisible("button.text-size");
  o.before = await paragraph();
  o.pressedBefore = await page.getAttribute("button.text-size", "aria-pressed");
  await page.click("button.text-size");
  o.after = await paragraph();
  o.pressedAfter = await page.getAttribute("button.text-size", "aria-pressed");
  // Another page of another site on the same host: the choice holds.
  await page.goto(base + "nationell/");
  o.elsewhere = await page.evaluate(() => document.documentElement.className);
  o.pressedElsewhere = await page.getAttribute("button.text-size", "aria-pressed");
  await page.goto(base + "kronoberg/" + ARTICLE);
  o.afterReload = await paragraph();
  o.layoutShift = await page.evaluate(layoutShift);
  await page.goto(base + "kronoberg/");
  o.layoutShiftStart = await page.evaluate(layoutShift);
  // Larger text must still reflow at 320 CSS px (and lättläst is larger still).
  o.reflow = {};
  await page.setViewportSize({ width: 320, height: 900 });
  for (const url of ["kronoberg/", "kronoberg/" + ARTICLE, "kronoberg/lattlast/" + LATTLAST,
    "kronoberg/sok/?q=vaccination"]) {
    await page.goto(base + url);
    o.reflow[url] = await page.evaluate(() => document.documentElement.scrollWidth);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  // On paper: no menus, search, switcher or controls; black text on white.
  await page.goto(base + "kronoberg/" + ARTICLE);
  await page.emulateMedia({ media: "print" });
  o.print = await page.evaluate(() => ({
    hidden: [".main-nav", ".header-search", ".text-size", ".switcher", ".skip-link", ".toc"]
      .filter((sel) => getComputedStyle(document.querySelector(sel)).display === "none"),
    body: [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor],
  }));
  await page.emulateMedia({ media: "screen" });
  await page.click("button.text-size");
  await page.reload();
  o.offAgain = await paragraph();
  return o;
}

async function region(page, base) {
  const o = {};
  await page.goto(base + "index.html");
  o.firstVisit = page.url();
  o.choices = await page.$$eval("a[data-region]", (links) => links.map((a) => a.dataset.region));
  await Promise.all([page.waitForURL("**/kronoberg/"), page.click('a[data-region="kronoberg"]')]);
  o.chosen = page.url();
  o.status = (await page.textContent(".region-status")).replace(/\s+/g, " ").trim();
  await page.goto(base + "index.html");
  await page.waitForURL("**/kronoberg/");
  o.returning = page.url();
  // "Byt region" shows the list again instead of sending the reader away.
  await Promise.all([page.waitForURL("**/index.html?byt"), page.click(".region-status a")]);
  await page.waitForTimeout(300);
  o.changeLink = page.url();
  o.currentChoice = await page.$$eval("a[aria-current]", (links) => links.map((a) => a.textContent));
  await Promise.all([page.waitForURL("**/gotland/"), page.click('a[data-region="gotland"]')]);
  await page.goto(base + "index.html");
  await page.waitForURL("**/gotland/");
  o.afterChange = page.url();
  // The switcher keeps the reader on the article, and its choice is remembered too.
  await page.goto(base + "gotland/" + ARTICLE);
  await Promise.all([page.waitForURL("**/stockholm/" + ARTICLE),
    page.click('.switcher a[data-region="stockholm"]')]);
  o.switched = page.url();
  await page.goto(base + "index.html");
  await page.waitForURL("**/stockholm/");
  o.afterSwitch = page.url();
  await page.goto(base + "nationell/" + ARTICLE);
  o.nationalStatus = (await page.textContent(".region-status")).replace(/\s+/g, " ").trim();
  return o;
}

async function skipLink(page, base) {
  await page.goto(base + "kronoberg/" + ARTICLE);
  await page.keyboard.press("Tab");
  const o = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return { text: el.textContent, className: el.className, left: box.left, top: box.top,
      width: box.width, outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) };
  });
  // Every stop that follows shows where the keyboard is: a ring of at least 2 px.
  o.ring = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    o.ring.push(await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return [el.tagName + (el.className ? "." + el.className : ""), style.outlineStyle,
        parseFloat(style.outlineWidth)];
    }));
  }
  await page.goto(base + "kronoberg/" + ARTICLE);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  // The jump to the fragment may land after the key press returns: wait for it, a while.
  await page.waitForFunction(() => location.hash !== "", null, { timeout: 5000 })
    .catch(() => {});
  o.hash = await page.evaluate(() => location.hash);
  o.landmarks = await page.evaluate(() => ({
    banner: document.querySelectorAll("body > header").length,
    main: document.querySelectorAll("main").length,
    contentinfo: document.querySelectorAll("body > footer").length,
    navigation: [...document.querySelectorAll("nav")].map((n) => n.getAttribute("aria-label")
      || document.getElementById(n.getAttribute("aria-labelledby") || "")?.textContent),
  }));
  return o;
}

async function withoutScript(context, base) {
  // Chromium's own switch: no script runs at all, not even the inline one.
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
  const o = {};
  await page.goto(base + "kronoberg/" + ARTICLE);
  o.htmlClass = await page.evaluate(() => document.documentElement.className);
  o.buttonVisible = await page.isVisible("button.text-size");
  o.regional = await page.locator(".regional").count();
  o.switcherLinks = await page.locator(".switcher a").count();
  o.changeHref = await page.getAttribute(".region-status a", "href");
  // The chooser's links are plain links; with a region saved it does not redirect.
  await page.goto(base + "index.html");
  await page.waitForTimeout(300);
  o.chooserUrl = page.url();
  await Promise.all([page.waitForURL("**/vasterbotten/"), page.click('a[data-region="vasterbotten"]')]);
  o.followed = page.url();
  await page.close();
  return o;
}

(async () => {
  const job = JSON.parse(process.argv[2]);
  const out = { errors: [] };
  // A fresh profile: empty storage, as on a reader's first visit.
  await withChromium(async (context) => {
    const page = await context.newPage();
    page.on("pageerror", (e) => out.errors.push(String(e)));
    out.region = await region(page, job.base);
    out.textSize = await textSize(page, job.base);
    out.skipLink = await skipLink(page, job.base);
    out.withoutScript = await withoutScript(context, job.base);
  }, { viewport: { width: 1280, height: 900 } });
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
