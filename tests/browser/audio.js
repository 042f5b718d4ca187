// Loads each page's "Lyssna" player in Debian's headless Chromium (playwright-core) and
// asks the browser to decode its metadata: proof that the file plays, not only exists.
// Usage: node audio.js '<json>' with {"pages": [url, ...]}. Prints JSON: per page the
// duration Chromium found (null when there is no player) or the media error code.
const { chromium } = require("playwright-core");
const os = require("os");
const path = require("path");
const fs = require("fs");

function probe() {
  const audio = document.querySelector(".listen audio");
  if (!audio) return Promise.resolve(null);
  return new Promise((resolve) => {
    audio.addEventListener("loadedmetadata", () => resolve({ duration: audio.duration }));
    audio.addEventListener("error", () => resolve({ error: audio.error && audio.error.code }));
    audio.preload = "metadata";
    audio.load();
  });
}

(async () => {
  const job = JSON.parse(process.argv[2]);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run",
      "--autoplay-policy=no-user-gesture-required"],
  });
  const out = {};
  try {
    const page = await browser.newPage();
    for (const url of job.pages) {
      await page.goto(url);
      out[url] = await page.evaluate(probe);
    }
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(out));
})();
