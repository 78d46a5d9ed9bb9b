// Open a kam HTML file in headless Chromium and report, as JSON on stdout:
// console errors, requests that left the page (anything but data: and the file itself),
// axe-core violations, and a screenshot written to the given path.
// Usage: node check.mjs FILE.html SHOT.png
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const [file, shot] = process.argv.slice(2);
const url = pathToFileURL(file).href;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
const consoleErrors = [];
const requests = [];
page.on("console", (msg) => { if (msg.type() === "error") consoleErrors.push(msg.text()); });
page.on("pageerror", (err) => consoleErrors.push(String(err)));
page.on("request", (req) => {
  const u = req.url();
  if (!u.startsWith("data:") && u !== url) requests.push(u);
});
await page.goto(url, { waitUntil: "load" });
await page.addScriptTag({ content: readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") });
const axe = await page.evaluate(async () => {
  const result = await window.axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
});
const text = await page.evaluate(() => document.body.innerText.length);
await page.screenshot({ path: shot, fullPage: false });
await browser.close();
console.log(JSON.stringify({ consoleErrors, requests, violations: axe, textLength: text }));
