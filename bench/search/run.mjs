// The browser half of bench/search.sh: runs every query of the query set through the archive's
// own search and through Pagefind in headless Chromium, and writes what each returned and what
// each fetched to a JSON file that search.sh turns into figures. Not meant to be run by hand:
//   node run.mjs CONFIG.json
// CONFIG names the tools' folder (`modules`), the query set, the two servers (`url`, and `root`,
// the folder each serves), the units of every document (`units`) and the output file (`out`).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
// The tools live in a cache folder outside the repository, so they are required from there.
const require = createRequire(path.join(config.modules, 'package.json'));
const puppeteer = require('puppeteer-core');
const YAML = require('yaml');

const queries = YAML.parse(fs.readFileSync(config.queries, 'utf8')).queries;
// "<summit>/<document>" -> the ids of its units, from the built site's data/documents.json.
const units = JSON.parse(fs.readFileSync(config.units, 'utf8'));
const FIRST = 5;

// A result's URL as an address: { page: "<summit>/<document>", unit: "<summit>/<document>#<unit>" }.
// Both engines link to `/<zh|en>/<summit>/<document>/` (Pagefind drops `index.html`; ours may
// keep it); the parallel view of a document is the same document. A page that is not a
// document (a commitment's page, a topic) keeps its path, so it takes a place among the first
// five without matching anything; a unit counts only if the document has a unit of that id.
function address(href) {
  const url = new URL(href, 'http://localhost/');
  const m = url.pathname.match(/^.*?\/(?:zh|en)\/([^/]+)\/([^/]+)\/(?:parallel\/)?(?:index\.html)?$/);
  const doc = m && `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`;
  if (!doc || !units[doc]) return { page: url.pathname, unit: null };
  const id = decodeURIComponent(url.hash.slice(1));
  return { page: doc, unit: id && units[doc].includes(id) ? `${doc}#${id}` : null };
}

function firstDistinct(list, n) {
  const out = [];
  for (const x of list) if (x && !out.includes(x) && out.length < n) out.push(x);
  return out;
}

// Every response a page gets (its workers' included: Pagefind searches in a web worker, whose
// fetches the page's own Performance entries would not show), with the body's size as served.
// python's http.server compresses nothing and always sends Content-Length.
function track(page) {
  const seen = [];
  page.on('response', (r) => {
    seen.push({
      url: r.url(),
      status: r.status(),
      type: r.request().resourceType(),
      cached: r.fromCache(),
      bytes: Number(r.headers()['content-length'] ?? 0),
    });
  });
  return seen;
}

// What a host that gzips its responses would send for the same file (never more than the file:
// Pagefind's index files are gzipped already and gain nothing).
const gzipCache = new Map();
function gzipped(root, href) {
  let p = decodeURIComponent(new URL(href).pathname);
  if (p.endsWith('/')) p += 'index.html';
  const file = path.join(root, p);
  if (!gzipCache.has(file)) {
    let n = 0;
    try {
      const buf = fs.readFileSync(file);
      n = Math.min(buf.length, zlib.gzipSync(buf, { level: 6 }).length);
    } catch { /* not a file: a 404 */ }
    gzipCache.set(file, n);
  }
  return gzipCache.get(file);
}

// Pagefind: a page of our own beside the indexed copy, in the query's language (Pagefind picks
// the index by the `lang` of the page running the search), imports pagefind.js only when the
// query is issued, so that every request made after the page loaded belongs to the query.
async function pagefindQuery(browser, q) {
  const ctx = await browser.createBrowserContext();
  try {
    const page = await ctx.newPage();
    await page.goto(`${config.pagefind.url}/_bench/${q.page}.html`, { waitUntil: 'load' });
    const seen = track(page);
    const out = await page.evaluate(async (term, n) => {
      const t0 = performance.now();
      const pagefind = await import('/pagefind/pagefind.js');
      const search = await pagefind.search(term);
      const data = await Promise.all(search.results.slice(0, n).map((r) => r.data()));
      const ms = performance.now() - t0;
      // The words Pagefind looks up: it splits a Chinese query with the browser's word
      // segmenter (Intl.Segmenter) before searching.
      const lang = document.documentElement.lang;
      const words = [...new Intl.Segmenter(lang, { granularity: 'word' }).segment(term)]
        .filter((s) => s.isWordLike).map((s) => s.segment);
      const score = (locs) => (locs || []).reduce((a, l) => a + l.balanced_score, 0);
      return {
        ms, words, total: search.results.length,
        results: data.map((d) => ({
          url: d.url,
          sub_results: d.sub_results.map((s) => ({ url: s.url, score: score(s.weighted_locations) })),
          anchors: d.anchors.map((a) => ({ id: a.id, location: a.location })),
          weighted_locations: d.weighted_locations,
        })),
      };
    }, q.q, FIRST);
    const pages = firstDistinct(out.results.map((r) => address(r.url).page), FIRST);
    // Units as Pagefind gives them: each result's sub-results, best scored first. Pagefind
    // makes a sub-result only of a heading with an id; our units are paragraphs and items.
    const subUnits = firstDistinct(out.results.flatMap((r) =>
      [...r.sub_results].sort((a, b) => b.score - a.score).map((s) => address(s.url).unit)), FIRST);
    // Units a results page could work out from what Pagefind also returns: every element with
    // an id and where it starts in the page's words (`anchors`), and where the query's words
    // are (`weighted_locations`). Each match goes to the unit it falls in; a result's units
    // come best scored first.
    const anchorUnits = firstDistinct(out.results.flatMap((r) => {
      const doc = address(r.url).page;
      if (!units[doc]) return [];
      const starts = r.anchors.filter((a) => units[doc].includes(a.id))
        .sort((a, b) => a.location - b.location);
      const score = new Map();
      for (const w of r.weighted_locations) {
        let at = null;
        for (const a of starts) if (a.location <= w.location) at = a.id; else break;
        if (at) score.set(at, (score.get(at) || 0) + w.balanced_score);
      }
      return [...score.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => `${doc}#${id}`);
    }), FIRST);
    const fetched = seen.filter((s) => !s.url.startsWith('data:'));
    return {
      state: 'ok', ms: out.ms, words: out.words, total: out.total, pages,
      units: subUnits, anchor_units: anchorUnits,
      fetched: fetched.map((f) => ({ ...f, gzip: gzipped(config.pagefind.root, f.url) })),
    };
  } catch (e) {
    return { state: `error: ${String(e.message || e).split('\n')[0]}` };
  } finally {
    await ctx.close();
  }
}

// Ours: the archive's search page with the query in its address; it is done when
// #search-results holds links or an element of class `no-results`.
async function oursQuery(browser, q) {
  const ctx = await browser.createBrowserContext();
  try {
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e.message || e).split('\n')[0]));
    const seen = track(page);
    const resp = await page.goto(
      `${config.ours.url}/${q.page}/search/index.html?q=${encodeURIComponent(q.q)}`,
      { waitUntil: 'domcontentloaded' });
    if (!resp || resp.status() !== 200) return { state: `no search page (HTTP ${resp && resp.status()})` };
    let state = 'ok';
    try {
      await page.waitForFunction(() => {
        const r = document.querySelector('#search-results');
        return r && (r.querySelector('a.result-link') || r.querySelector('.no-results'));
      }, { timeout: 5000, polling: 50 });
    } catch {
      state = (await page.$('#search-results')) ? 'timeout' : 'no #search-results';
    }
    // From the page's HTML arriving to the results shown: the page's script and styles, the
    // index's files and the ranking.
    const ms = await page.evaluate(() =>
      performance.now() - performance.getEntriesByType('navigation')[0].responseEnd);
    // Shards still arriving after the first links are the query's too.
    await page.waitForNetworkIdle({ idleTime: 250, timeout: 3000 }).catch(() => {});
    const hrefs = await page.$$eval('#search-results a.result-link', (as) => as.map((a) => a.href));
    const found = hrefs.map(address);
    return {
      state, ms, errors, links: hrefs.length,
      units: firstDistinct(found.map((f) => f.unit), FIRST),
      pages: firstDistinct(found.map((f) => f.page), FIRST),
      fetched: seen.map((f) => ({ ...f, gzip: gzipped(config.ours.root, f.url) })),
    };
  } catch (e) {
    return { state: `error: ${String(e.message || e).split('\n')[0]}` };
  } finally {
    await ctx.close();
  }
}

const browser = await puppeteer.launch({
  executablePath: config.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
const results = [];
try {
  for (const q of queries) {
    // A fresh browser context per query and engine: nothing comes from the cache.
    results.push({ query: q, ours: await oursQuery(browser, q), pagefind: await pagefindQuery(browser, q) });
  }
} finally {
  await browser.close();
}
fs.writeFileSync(config.out, JSON.stringify(results));
