// kam portfolio's table in headless Chromium, used from the keyboard: focus a heading's
// button, Enter sorts, Space sorts the other way, Tab moves to the next heading.
// Prints what the page shows after each step, as JSON. Usage: node sort.mjs FILE.html
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [file] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const page = await browser.newPage();
await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
const state = async () => ({
  names: await page.$$eval("#rollup-table tbody:not(.totals) th[scope=row]",
    (cells) => cells.map((c) => c.getAttribute("data-sort"))),
  sorts: await page.$$eval("#rollup-table thead th", (cells) => cells.map((c) => c.getAttribute("aria-sort"))),
  totals: await page.$$eval("#rollup-table tbody.totals th", (cells) => cells.map((c) => c.firstChild.textContent)),
  focused: await page.evaluate(() => document.activeElement.textContent),
});
const out = { initial: await state() };
await page.locator("#rollup-table thead th").nth(1).locator("button").focus();  // Revenue
await page.keyboard.press("Enter");
out.enter = await state();
await page.keyboard.press("Space");
out.space = await state();
await page.keyboard.press("Tab");
await page.keyboard.press("Tab");  // Growth, then Profit after cost to serve
await page.keyboard.press("Enter");
out.tab = await state();
console.log(JSON.stringify(out));
await browser.close();
