// Drives the page of whosaid-serve in Debian's chromium (headless) through
// playwright-core, against an index of sample/ plus hostile.jsonl. Run by
// run.sh, which checks the prerequisites and builds the index.
//
// The expected numbers come from the CLI (`whosaid --json`) on the same index,
// never from constants: the page must show what the engine answers.
// Screenshots of the main states go to OUT/screenshots; OUT/paint.json has
// the paint timings measured in the browser (reported, not asserted: timing
// targets live in bench/).

import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const { bin, db, chromium: chromiumPath, out } = args;
const hostile = JSON.parse(fs.readFileSync(args.hostile, 'utf8').split('\n')[0]);
const shots = path.join(out, 'screenshots');

let passed = 0;
let failed = 0;
function check(what, cond, detail = '') {
  if (cond) { passed++; console.log(`ok: ${what}`); }
  else { failed++; console.log(`FAIL: ${what}${detail ? `: ${detail}` : ''}`); }
}

function cli(...a) {
  return JSON.parse(execFileSync(path.join(bin, 'whosaid'), ['--db', db, '--json', ...a], { encoding: 'utf8' }));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function startServer() {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const log = fs.openSync(path.join(out, 'serve.log'), 'a');
    const proc = spawn(path.join(bin, 'whosaid-serve'), ['--db', db, '--listen', `127.0.0.1:${port}`],
                       { stdio: ['ignore', log, log] });
    let exited = false;
    proc.once('exit', () => { exited = true; });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !exited; i++) {
      try {
        const r = await fetch(`${base}/api/health`);
        if (r.ok) return { proc, base };
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    proc.kill('SIGTERM');
  }
  throw new Error(`whosaid-serve did not answer /api/health (log: ${path.join(out, 'serve.log')})`);
}

const countText = (page) => page.locator('#count').textContent();
const numberIn = (text) => Number((/([\d,]+)/.exec(text || '') || ['', 'NaN'])[1].replace(/,/g, ''));
const hitTitles = (page) => page.locator('#hits li h3, #hits li .cite a').allTextContents();

// Waits until the page has answered the state in its URL.
async function settled(page) {
  await page.waitForFunction(() => document.body.dataset.ready === '1' &&
                                   !document.querySelector('#results[aria-busy]'));
}

let server = null;
let browser = null;
let dialogs = 0;
try {
  server = await startServer();
  const { base } = server;
  const userData = fs.mkdtempSync(path.join(out, 'chromium-'));
  browser = await chromium.launchPersistentContext(userData, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  browser.setDefaultTimeout(15000);
  const page = browser.pages()[0] || await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The page itself must live within the CSP: no inline script, style or eval.
  const cspViolations = [];
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text()); });
  page.on('dialog', (d) => { dialogs++; d.dismiss().catch(() => {}); });
  const shot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

  // The page itself: served with the CSP, landmarks for a screen reader.
  const res = await fetch(`${base}/`);
  check('/ is served as HTML', res.ok && /text\/html/.test(res.headers.get('content-type') || ''));
  check('/ carries a CSP without inline script', /default-src 'self'/.test(res.headers.get('content-security-policy') || '')
        && !/unsafe-inline|unsafe-eval/.test(res.headers.get('content-security-policy') || ''));

  // First paint: a shared link to a search, measured in the browser.
  await page.goto(`${base}/?q=ceasefire`);
  await settled(page);
  const paint = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const results = performance.getEntriesByName('whosaid-first-results')[0];
    return { first_contentful_paint_ms: fcp ? Math.round(fcp.startTime) : null,
             first_results_ms: results ? Math.round(results.startTime) : null };
  });
  fs.writeFileSync(path.join(out, 'paint.json'), `${JSON.stringify(paint, null, 2)}\n`);
  console.log(`paint: first contentful paint ${paint.first_contentful_paint_ms} ms, ` +
              `first results drawn ${paint.first_results_ms} ms (${path.join(out, 'paint.json')})`);
  check('the results of a shared link are drawn', paint.first_results_ms !== null);
  check('the page has a search landmark', await page.locator('[role=search]').count() === 1);
  check('the search box has a label', await page.locator('label[for=q]').count() === 1);
  check('the result count is a live region', await page.locator('#count[aria-live]').count() === 1);

  // The hostile article: its markup is text, its javascript: URL no link, and
  // no script of it runs (the payloads would set window.__pwned or open a dialog).
  // First, and on its own: a failure elsewhere must not hide this one.
  try {
    const noScript = async (where) => {
      const r = await page.evaluate(() => ({
        pwned: window.__pwned === undefined ? null : String(window.__pwned),
        elements: document.querySelectorAll('img, iframe, object, embed, script:not([src="/app.js"]), #results b, #facets b').length,
        jsLinks: [...document.querySelectorAll('a')].filter((a) => !/^https?:$/.test(new URL(a.href, location.href).protocol)).length,
      }));
      check(`hostile article, ${where}: no script ran`, r.pwned === null && dialogs === 0, JSON.stringify(r));
      check(`hostile article, ${where}: its markup made no element`, r.elements === 0, JSON.stringify(r));
      check(`hostile article, ${where}: no javascript: link`, r.jsLinks === 0, JSON.stringify(r));
    };
    await page.goto(`${base}/?q=mallory`);
    await settled(page);
    check('hostile article: found', numberIn(await countText(page)) >= 1);
    check('hostile article: its title is shown as text', (await page.locator('#hits').textContent()).includes(hostile.title));
    await noScript('in the results');
    await shot('7-hostile-results');
    await page.locator('input[name=mode][value=quotes]').check();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('quotes') === '1');
    await settled(page);
    await noScript('in quotes mode');
    await page.goto(`${base}/?q=mallory&article=${encodeURIComponent(hostile.id)}`);
    await page.waitForSelector('#article .article-title');
    await settled(page);
    check('hostile article: its title is shown as text in the article view',
          await page.locator('#article .article-title').textContent() === hostile.title);
    check('hostile article: its javascript: URL is shown as text', (await page.locator('#article .meta').textContent()).includes(hostile.url));
    check('hostile article: its speaker is shown as text in the article view',
          (await page.locator('#article .speakers').textContent()).includes(hostile.speakers[0].name));
    await noScript('in the article view');
    await shot('8-hostile-article');
  } catch (e) {
    check('hostile article checks ran to the end', false, e.message);
  }

  // Type a query: hits appear, as many as the CLI finds.
  await page.goto(`${base}/`);
  await settled(page);
  const expected = cli('--facet', 'speaker', '--facet-limit', '20', 'ceasefire');
  const historyBefore = await page.evaluate(() => history.length);
  // With a pause in the middle: the page searches for "cease" on its own.
  await page.locator('#q').pressSequentially('cease', { delay: 40 });
  await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'cease');
  await settled(page);
  await page.locator('#q').pressSequentially('fire', { delay: 40 });
  await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'ceasefire');
  await settled(page);
  check('a query typed with a pause is one history step', await page.evaluate(() => history.length) === historyBefore + 1);
  const countA = await countText(page);
  check('typing a query shows the CLI\'s count', numberIn(countA) === expected.total.estimate, `page: "${countA}", CLI: ${expected.total.estimate}`);
  const titlesA = await hitTitles(page);
  check('typing a query shows hits', titlesA.length === Math.min(10, expected.hits.length) && titlesA[0] === expected.hits[0].title,
        `page: ${JSON.stringify(titlesA.slice(0, 2))}`);
  check('a hit snippet has the query word highlighted', /ceasefire/i.test(await page.locator('#hits .snippet mark').first().textContent()));
  const urlA = page.url();
  await shot('1-search');

  // Tick a speaker who is not in every hit: the count and the hits change.
  const speaker = expected.facets.speaker.find((v) => v.count < expected.total.estimate);
  const box = page.locator(`#facet-speaker input[type=checkbox][data-value="${speaker.value.replace(/"/g, '\\"')}"]`);
  await box.check();
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll('filter').length === 1);
  await settled(page);
  const filtered = cli('--filter', `speaker=${speaker.value}`, 'ceasefire');
  const countB = await countText(page);
  check('a speaker facet changes the count', numberIn(countB) === filtered.total.estimate && numberIn(countB) === speaker.count,
        `page: "${countB}", CLI: ${filtered.total.estimate}, facet: ${speaker.count}`);
  const titlesB = await hitTitles(page);
  check('a speaker facet changes the hits', JSON.stringify(titlesB) !== JSON.stringify(titlesA) &&
        JSON.stringify(titlesB) === JSON.stringify(filtered.hits.map((h) => h.title)));
  const chip = page.locator('#chips .chip');
  check('the selected speaker is a chip', await chip.count() === 1 && (await chip.textContent()).includes(speaker.value));
  check('the ticked speaker stays visible, with its count (disjunctive facet)',
        await box.isChecked() && numberIn(await box.locator('xpath=..').locator('.n').textContent()) === speaker.count);
  const urlB = page.url();
  await shot('2-speaker-facet');

  // Remove the chip: back to the whole result list.
  await chip.click();
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll('filter').length === 0);
  await settled(page);
  check('removing the chip restores the count', await countText(page) === countA);
  check('removing the chip removes it', await page.locator('#chips .chip').count() === 0);

  // Open an article: its quotes are marked, as many as the API gives.
  // (A sample article: the hostile one has its own checks above.)
  const firstAt = expected.hits.findIndex((h) => h.id !== hostile.id);
  const first = expected.hits[firstAt];
  const art = cli('--article', first.id);
  await page.locator('#hits li h3 a').nth(firstAt).click();
  await page.waitForSelector('#article .article-text');
  await settled(page);
  // (Two quotes over the same span are one mark.)
  const inText = new Set(art.quotes.filter((q) => q.start !== null && q.end > q.start).map((q) => `${q.start}-${q.end}`)).size;
  const marks = new Set(await page.locator('#article .article-text mark.quote')
                                 .evaluateAll((ms) => ms.map((m) => m.dataset.quote))).size;
  check('the article view marks every quote', inText > 0 && marks === inText, `quotes marked ${marks}, quotes in the text ${inText}`);
  const labels = await page.locator('#article .article-text .speaker-tag').allTextContents();
  check('the quotes are labelled by speaker', labels.length === marks &&
        labels.every((l) => art.quotes.some((q) => q.speaker && l.includes(q.speaker)) || /unnamed/.test(l)));
  const placesInText = art.places.filter((p) => p.start !== null).length;
  const placeMarks = await page.locator('#article .article-text mark.place').count();
  check('the article view marks places', placesInText === 0 || (placeMarks >= 1 && placeMarks >= placesInText),
        `marks ${placeMarks}, places ${placesInText}`);
  const shownText = await page.evaluate(() => {
    const c = document.querySelector('#article .article-text').cloneNode(true);
    for (const t of c.querySelectorAll('.speaker-tag')) t.remove();
    return c.textContent;
  });
  check('the article view shows the whole text, unchanged', shownText === art.text);
  await shot('3-article');

  // Back: one click each restores the earlier states.
  await page.goBack();
  await settled(page);
  check('Back leaves the article for the results', page.url() === urlA && await page.locator('#article').isHidden() &&
        await countText(page) === countA, page.url());
  await page.goBack();
  await settled(page);
  check('Back again restores the speaker filter', page.url() === urlB && await countText(page) === countB &&
        await page.locator('#chips .chip').count() === 1, page.url());
  await page.goForward();
  await settled(page);
  check('Forward restores the unfiltered list', page.url() === urlA && await countText(page) === countA);
  // A link reproduces the page.
  const again = await browser.newPage();
  await again.goto(urlB);
  await settled(again);
  check('a link reproduces the page', await countText(again) === countB &&
        JSON.stringify(await hitTitles(again)) === JSON.stringify(titlesB));
  await again.close();

  // Quotes mode: Speaker: "quote" (title, source, date) cards linking to the article.
  const expectedQ = cli('--quotes', 'ceasefire');
  await page.locator('input[name=mode][value=quotes]').check();
  await page.waitForFunction(() => new URLSearchParams(location.search).get('quotes') === '1');
  await settled(page);
  const cards = page.locator('#hits li.quote-hit');
  check('quotes mode shows quote cards', await cards.count() === Math.min(10, expectedQ.hits.length) &&
        numberIn(await countText(page)) === expectedQ.total.estimate);
  const card = (await cards.first().textContent()).replace(/\s+/g, ' ');
  const h0 = expectedQ.hits[0];
  check('a quote card reads Speaker: "quote" (title, source, date)',
        card.includes(h0.speaker) && card.includes(h0.title) && card.includes(h0.source) && card.includes(h0.date), card);
  await shot('4-quotes');

  // A quote card opens its article at that quote: marked as the current one,
  // scrolled into view and focused. The card whose quote stands latest in its
  // article's text (a span no other quote shares), so that it lies as far
  // down as can be: by keyboard at 1280 px, by a click at 360 px.
  let pick = null;
  expectedQ.hits.slice(0, 10).forEach((h, i) => {
    const a = cli('--article', h.id);
    const q = a.quotes.find((x) => x.id === h.id);
    if (!q || q.start === null || a.quotes.filter((x) => x.start === q.start && x.end === q.end).length !== 1) return;
    if (!pick || q.start > pick.start) pick = { i, id: h.id, start: q.start };
  });
  const currentQuote = () => page.evaluate(() => {
    const marks = [...document.querySelectorAll('#article .article-text mark.quote[aria-current="true"]')];
    const box = marks.length ? marks[0].getBoundingClientRect() : null;
    return {
      ids: marks.map((m) => m.dataset.quoteId),
      inView: !!box && box.bottom > 0 && box.top < innerHeight,
      top: box ? Math.round(box.top + scrollY) : null,
      belowFirstScreen: !!box && box.top + scrollY > innerHeight,
      focused: marks.length > 0 && document.activeElement === marks[0],
      listed: [...document.querySelectorAll('#article .quote-list li[aria-current="true"]')].map((l) => l.dataset.quoteId),
    };
  });
  // Opens the picked card's article (by keyboard or by a click) at WIDTH px,
  // checks the quote, and comes back.
  const openAtQuote = async ({ how, width, height, keyboard, mustScroll, name }) => {
    const urlQ = page.url();
    await page.setViewportSize({ width, height });
    const link = page.locator('#hits li.quote-hit .cite a').nth(pick.i);
    if (keyboard) {
      await link.focus();
      await page.keyboard.press('Enter');
    } else {
      await link.click();
    }
    await page.waitForSelector('#article .article-text');
    await settled(page);
    const r = await currentQuote();
    const detail = JSON.stringify({ ...r, want: pick.id });
    check(`${how} at ${width} px: the article opens with that quote marked current`,
          r.ids.length >= 1 && r.ids.every((id) => id === pick.id) && JSON.stringify(r.listed) === JSON.stringify([pick.id]), detail);
    // (The sample's articles are short: at 1280 px the quote may fit the
    // first screen; at 360 px it must not, so that the scroll is tested.)
    if (mustScroll) check(`${how} at ${width} px: the quote lies below the article's first screen (so the scroll is tested)`, r.belowFirstScreen, detail);
    else console.log(`# ${how} at ${width} px: the quote is ${r.belowFirstScreen ? 'below' : 'within'} the first screen (${r.top} px down)`);
    check(`${how} at ${width} px: the quote is scrolled into view`, r.inView, detail);
    check(`${how} at ${width} px: the quote has the focus`, r.focused, detail);
    check(`${how} at ${width} px: the URL names the quote`, new URL(page.url()).searchParams.get('article') === pick.id, page.url());
    await shot(name);
    await page.goBack();
    await settled(page);
    check(`${how} at ${width} px: Back returns to the quote cards`, page.url() === urlQ && await cards.count() > 0);
  };
  if (pick) {
    await openAtQuote({ how: 'a quote card opened by keyboard', width: 1280, height: 900, keyboard: true,
                        mustScroll: false, name: '4b-article-at-quote' });
    await openAtQuote({ how: 'a quote card clicked', width: 360, height: 740, keyboard: false,
                        mustScroll: true, name: '4c-narrow-article-at-quote' });
    await page.setViewportSize({ width: 1280, height: 900 });
  } else {
    check('a quote card of the first page has its quote in its article\'s text', false);
  }

  // Sort by date: newest first.
  await page.selectOption('#sort', 'date');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('sort') === 'date');
  await settled(page);
  const byDate = cli('--quotes', '--sort', 'date', 'ceasefire');
  check('sort by date gives the CLI\'s order', JSON.stringify(await hitTitles(page)) === JSON.stringify(byDate.hits.map((h) => h.title)));

  // Paging through everything.
  await page.goto(`${base}/?q=`);
  await settled(page);
  const all = cli('--offset', '10', '--facet', 'year', '');
  await page.locator('#pager a', { hasText: 'Next' }).click();
  await page.waitForFunction(() => new URLSearchParams(location.search).get('offset') === '10');
  await settled(page);
  check('Next shows the second page', JSON.stringify(await hitTitles(page)) === JSON.stringify(all.hits.map((h) => h.title)));

  // A long facet has a search box that asks the server (facet_search).
  const fsBox = page.locator('#facet-speaker .facet-search');
  if (await fsBox.count()) {
    const want = cli('--facet', 'speaker', '--facet-limit', '10000', '--limit', '0', '').facets.speaker;
    const probe = want[want.length - 1].value.split(/\s+/).pop().slice(0, 4);
    await fsBox.fill(probe);
    await page.waitForFunction((p) => {
      const v = [...document.querySelectorAll('#facet-speaker .value')].map((e) => e.textContent);
      return v.length > 0 && v.every((x) => x.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').includes(p.toLowerCase()));
    }, probe);
    check(`the speaker search box finds "${probe}"`, true);
  } else {
    check('the speaker facet of the whole index is long enough to have a search box', false);
  }

  // The month histogram: dragging over it sets a date range.
  await page.goto(`${base}/?q=`);
  await settled(page);
  const svg = page.locator('#histogram svg');
  if (await svg.count()) {
    const b = await svg.boundingBox();
    await page.mouse.move(b.x + b.width * 0.55, b.y + b.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width * 0.8, b.y + b.height * 0.5, { steps: 5 });
    await page.mouse.move(b.x + b.width * 0.99, b.y + b.height * 0.5, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('from'));
    await settled(page);
    const u = new URL(page.url()).searchParams;
    const ranged = cli('--filter', `date=${u.get('from')}..${u.get('to')}`, '');
    check('dragging over the histogram sets a date range', /^\d{4}-\d{2}$/.test(u.get('from')) && u.get('from') <= u.get('to') &&
          numberIn(await countText(page)) === ranged.total.estimate, `${u}`);
    check('the date range is a chip', (await page.locator('#chips .chip').textContent()).includes(u.get('from')));
    await shot('5-date-range');
  } else {
    check('the month histogram is drawn (facet=month)', false, 'no svg: does the server know facet=month?');
  }

  // Empty results say what to try; "did you mean" is a link.
  await page.goto(`${base}/?q=${encodeURIComponent('zqxjv wqzzk')}`);
  await settled(page);
  check('empty results say what to try', await page.locator('#empty').isVisible() &&
        /Try/.test(await page.locator('#empty').textContent()));
  await shot('6-empty');
  const misspelt = 'ceasfire';
  const sug = cli(misspelt).suggestion;
  await page.goto(`${base}/?q=${misspelt}`);
  await settled(page);
  if (sug) {
    await page.locator('#suggestion a').click();
    await page.waitForFunction((s) => new URLSearchParams(location.search).get('q') === s, sug);
    await settled(page);
    check('"did you mean" is a link to the corrected search', numberIn(await countText(page)) === cli(sug).total.estimate);
  } else {
    check(`the index suggests a spelling for "${misspelt}"`, false);
  }

  // The Search button, and the keyboard alone: Space ticks a facet, Enter removes its chip.
  await page.goto(`${base}/`);
  await settled(page);
  await page.locator('#q').fill('kyiv');
  await page.locator('#go').click();
  await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'kyiv');
  await settled(page);
  check('the Search button searches', numberIn(await countText(page)) === cli('--facet', 'year', 'kyiv').total.estimate);
  await page.locator('#facet-source input[type=checkbox]').first().focus();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll('filter').length === 1);
  await settled(page);
  check('Space on a facet value filters', await page.locator('#chips .chip').count() === 1);
  await page.locator('#chips .chip').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll('filter').length === 0);
  await settled(page);
  check('Enter on a chip removes it', await page.locator('#chips .chip').count() === 0);

  // 360 px wide: nothing wider than the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  for (const [name, url] of [['9-narrow-search', `${base}/?q=ceasefire&quotes=1`],
                             ['10-narrow-article', `${base}/?article=${encodeURIComponent(first.id)}`]]) {
    await page.goto(url);
    await settled(page);
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    check(`${name}: fits 360 px`, w <= 360, `scrollWidth ${w}`);
    // The "Filters" link leads to the facets: shown where they are, not in
    // the article view, which has none.
    const article = name.includes('article');
    check(`${name}: the "Filters" link is shown ${article ? 'not at all (no filters here)' : 'to reach the filters'}`,
          await page.locator('.to-filters').isVisible() === !article);
    await shot(name);
  }

  check('no error in the page\'s scripts', pageErrors.length === 0, pageErrors.join(' | '));
  check('nothing the CSP refused', cspViolations.length === 0, cspViolations.join(' | '));
  console.log(`screenshots: ${shots}`);
} catch (e) {
  failed++;
  console.log(`FAIL: ${e.stack || e}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) server.proc.kill('SIGTERM');
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
