// Print a kam HTML file from headless Chromium as a reader would (Ctrl+P, "Save as PDF"):
// A4, the page size and margins from the stylesheet, background graphics off (Chrome's
// default; the stylesheet asks for its colours itself). Usage: node print.mjs FILE.html OUT.pdf
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [file, out] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const page = await browser.newPage();
await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
await page.pdf({ path: out, format: "A4", preferCSSPageSize: true, printBackground: false });
await browser.close();
