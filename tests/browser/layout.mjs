// Open kam HTML files in headless Chromium at given viewport widths and report, as JSON on
// stdout, what a reader on that screen would see go wrong:
// - scrollWidth: the page's width (document.documentElement.scrollWidth) against the
//   viewport's (window.innerWidth); wider means the whole page scrolls sideways;
// - overlaps: two cells of a table row whose boxes cover each other, or a cell's text
//   reaching past its own cell (into its neighbour);
// - broken: words broken inside, across two lines, in table cells (a name in pieces);
// - figures: each chart's drawn width, and whether its box scrolls;
// - tables: each table's width and whether its box scrolls;
// - outside: elements past the viewport's right edge outside any box that scrolls.
// With "shots", screenshots of the top, D.1, the Gantt chart and the portfolio go there.
// Usage: node layout.mjs '{"files": [...], "widths": [390, 1280], "shots": "DIR or null"}'
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const { files, widths, shots = null, height = 900 } = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

function measure() {
  const TOL = 1; // px two boxes may share, or text may pass its cell (borders, rounding)
  const label = (el) => {
    const table = el.closest("table");
    const section = el.closest("section.sub, section.section, section.part");
    const heading = section && section.querySelector("h1, h2, h3");
    return `${heading ? heading.textContent.trim().slice(0, 40) : "?"} | ${table ? table.className : ""}`;
  };
  const text = (el) => el.textContent.replace(/\s+/g, " ").trim().slice(0, 40);
  const overlaps = [];
  for (const row of document.querySelectorAll("tr")) {
    const cells = [...row.children].filter((c) => c.tagName === "TD" || c.tagName === "TH");
    const boxes = cells.map((c) => c.getBoundingClientRect());
    for (let i = 0; i < cells.length; i++) {
      for (let j = i + 1; j < cells.length; j++) {
        const a = boxes[i], b = boxes[j];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > TOL && h > TOL) {
          overlaps.push({ kind: "cells", where: label(row), a: text(cells[i]), b: text(cells[j]), w: Math.round(w) });
        }
      }
      // the cell's text stays inside the cell (a header's text running into the next one)
      const range = document.createRange();
      range.selectNodeContents(cells[i]);
      for (const r of range.getClientRects()) {
        if (r.width === 0) continue;
        const box = boxes[i];
        if (r.left < box.left - TOL || r.right > box.right + TOL) {
          overlaps.push({ kind: "text", where: label(row), a: text(cells[i]),
            by: Math.round(Math.max(box.left - r.left, r.right - box.right)) });
          break;
        }
      }
    }
  }
  // words broken across lines inside table cells
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const wordRe = /[\p{L}\p{N}]{2,}/gu;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const cell = node.parentElement.closest("td, th");
    if (!cell) continue;
    for (const m of node.data.matchAll(wordRe)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push({ word: m[0], where: label(cell) });
    }
  }
  const scrolls = (el) => el && el.scrollWidth > el.clientWidth + TOL && getComputedStyle(el).overflowX !== "visible";
  const tables = [...document.querySelectorAll("table")].map((t) => ({
    where: label(t),
    width: Math.round(t.getBoundingClientRect().width),
    right: Math.round(t.getBoundingClientRect().right),
    scrolls: scrolls(t.parentElement),
  }));
  const figures = [...document.querySelectorAll("figure.chart")].map((f) => ({
    className: f.className,
    caption: text(f.querySelector("figcaption") || f),
    img: Math.round(f.querySelector("img").getBoundingClientRect().width),
    box: Math.round(f.getBoundingClientRect().width),
    scrolls: scrolls(f) || scrolls(f.querySelector(".chart-scroll")),
  }));
  // elements whose right edge passes the viewport, outside any box that scrolls
  const outside = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= window.innerWidth + TOL) continue;
    let p = el.parentElement, inScroller = false;
    while (p && p !== document.body) {
      if (getComputedStyle(p).overflowX !== "visible") { inScroller = true; break; }
      p = p.parentElement;
    }
    if (!inScroller && !(el.parentElement && outside.some((o) => o.el === el.parentElement))) {
      outside.push({ el, tag: el.tagName.toLowerCase(), cls: el.className && String(el.className), right: Math.round(r.right), where: label(el) });
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    overlaps,
    broken,
    tables,
    figures,
    outside: outside.slice(0, 30).map(({ el, ...rest }) => rest),
  };
}

const results = [];
for (const file of files) {
  for (const width of widths) {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    const result = await page.evaluate(measure);
    if (shots) {
      // the top of the page, then D.1 (scrolled to its end too) and the Gantt chart
      const stem = `${shots}/${basename(file, ".html")}-${width}`;
      await page.screenshot({ path: `${stem}-top.png` });
      for (const [name, selector] of [["actions", "table.actions"], ["gantt", "figure.gantt"], ["portfolio", "table.portfolio"]]) {
        const target = page.locator(selector).first();
        if (!(await target.count())) continue;
        await target.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${stem}-${name}.png` });
        const scrolled = await target.evaluate((el) => {
          const box = el.closest(".table-scroll") || el.querySelector(".chart-scroll");
          if (!box || box.scrollWidth <= box.clientWidth) return false;
          box.scrollLeft = box.scrollWidth;
          return true;
        });
        if (scrolled) await page.screenshot({ path: `${stem}-${name}-end.png` });
      }
    }
    results.push({ file: basename(file), width, ...result });
    await page.close();
  }
}
await browser.close();
console.log(JSON.stringify(results));
