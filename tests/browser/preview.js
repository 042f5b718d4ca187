// Drives a page of the preview server (python -m generator serve) in Debian's headless
// Chromium with playwright-core, editing files on disk between checks.
// Usage: node preview.js '<json>' with {"page": url, "steps": [step, ...]}; a step is
//   {"write": path, "text": str}   write a file (as an editor's save would)
//   {"waitText": str}              wait until the page shows this text
//   {"waitOverlay": true|false}    wait until the error overlay is there / gone
//   {"waitStyle": [selector, property, value]}   wait for a computed style
//   {"mark": true}                 set a marker in the page's window
// Prints JSON: per step what the page showed and the milliseconds it took, plus the
// number of page loads, so a test can tell a full reload from a stylesheet swap.
const fs = require("fs");
const { withChromium } = require("./chromium");

async function overlay(page) {
  return page.evaluate(() => {
    const box = document.getElementById("forhandsvisning-fel");
    if (!box) return null;
    const heading = document.getElementById(box.getAttribute("aria-labelledby"));
    return {
      role: box.getAttribute("role"),
      heading: heading ? heading.textContent : null,
      items: Array.from(box.querySelectorAll("li")).map((li) => li.textContent),
      focused: document.activeElement === box,
    };
  });
}

(async () => {
  const job = JSON.parse(process.argv[2]);
  const errors = [];
  const out = { steps: [], errors, loads: 0 };
  await withChromium(async (browser) => {
    const page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("load", () => { out.loads += 1; });
    // The server reloads a page only after livereload.js said hello and sent its info.
    let ready;
    const connected = () => new Promise((resolve) => { ready = resolve; });
    page.on("websocket", (ws) => {
      ws.on("framesent", (frame) => {
        if (String(frame.payload).includes('"info"')) ready();
      });
    });
    let waiting = connected();
    await page.goto(job.page);
    await waiting;
    for (const step of job.steps) {
      const started = Date.now();
      const result = { step };
      if (step.write) {
        if (step.reconnect !== false) waiting = connected();
        fs.writeFileSync(step.write, step.text);
      } else if (step.mark) {
        await page.evaluate(() => { window.previewMark = 1; });
      } else if (step.waitText) {
        await page.waitForFunction((t) => document.body && document.body.innerText.includes(t),
          step.waitText, { timeout: 15000 });
        await waiting;  // the reloaded page is connected again before the next edit
      } else if (step.waitOverlay !== undefined) {
        await page.waitForFunction((want) => !!document.getElementById("forhandsvisning-fel") === want,
          step.waitOverlay, { timeout: 15000 });
        await waiting;
        result.overlay = await overlay(page);
      } else if (step.waitStyle) {
        const [selector, property, value] = step.waitStyle;
        await page.waitForFunction(([s, p, v]) =>
          getComputedStyle(document.querySelector(s)).getPropertyValue(p) === v,
        step.waitStyle, { timeout: 15000 });
      }
      result.ms = Date.now() - started;
      result.marked = await page.evaluate(() => window.previewMark === 1);
      result.loads = out.loads;
      out.steps.push(result);
    }
  });
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
