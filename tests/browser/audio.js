// Loads each page's "Lyssna" player in Debian's headless Chromium (playwright-core) and
// asks the browser to decode its metadata: proof that the file plays, not only exists.
// Usage: node audio.js '<json>' with {"pages": [url, ...]}. Prints JSON: per page the
// duration Chromium found (null when there is no player) or the media error code.
const { probeEach } = require("./chromium");

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
  const out = await probeEach(job.pages, probe);
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
