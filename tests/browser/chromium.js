// Debian's headless Chromium through playwright-core, as every browser test starts it:
// a fresh profile folder (--user-data-dir), no sandbox (tests run as root), and no
// background networking (this machine's network is closed).
const { chromium } = require("playwright-core");
const os = require("os");
const path = require("path");
const fs = require("fs");

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

// Runs `work(browser)` in a fresh browser and removes the profile afterwards.
async function withChromium(work, options = {}, extraArgs = []) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    // tests/tools.py sets CHROMIUM to the browser it found.
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ARGS.concat(extraArgs),
    ...options,
  });
  try {
    return await work(browser);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

// Opens each URL in turn and runs `probe(arg)` in the page: url -> what it returned.
async function probeEach(urls, probe, arg, options = {}) {
  const out = {};
  await withChromium(async (browser) => {
    const page = await browser.newPage();
    for (const url of urls) {
      await page.goto(url);
      out[url] = await page.evaluate(probe, arg);
    }
  }, options);
  return out;
}

module.exports = { withChromium, probeEach };
