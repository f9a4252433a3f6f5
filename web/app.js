// The search page of whosaid-serve. Plain ES module, no framework and no
// build step: the server embeds this file as it is.
//
// Everything that comes from articles (titles, quotes, speakers, places,
// URLs) is untrusted: it is only ever put in the page as text (textContent,
// createTextNode, attribute values), never parsed as HTML, and only http(s)
// URLs become links. The server's CSP forbids inline script and eval, so no
// handler is written into markup either.
//
// The whole state lives in the URL (same parameter names as /api/search, plus
// `article`): a link reproduces the page, and every change the user makes is
// one history entry, so Back and Forward take one click.

const FACETS = [
  { name: 'speaker', label: 'Speaker', limit: 20 },
  { name: 'place', label: 'Place', limit: 15 },
  { name: 'country', label: 'Country', limit: 15 },
  { name: 'source', label: 'Source', limit: 15 },
  { name: 'year', label: 'Year', limit: 20 },
];
const MONTH_LIMIT = 600;  // 50 years of months: the whole histogram
const PAGE_SIZE = 10;
const TYPING_DELAY_MS = 250;

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
};

// ---------------------------------------------------------------- state

function emptyState() {
  return { q: '', quotes: false, filters: [], from: '', to: '', sort: 'relevance', offset: 0,
           article: '' };
}

function stateFromUrl(search) {
  const p = new URLSearchParams(search);
  const s = emptyState();
  s.q = p.get('q') || '';
  s.quotes = p.get('quotes') === '1';
  for (const f of p.getAll('filter')) {
    const i = f.indexOf(':');
    if (i > 0) s.filters.push({ field: f.slice(0, i), value: f.slice(i + 1) });
  }
  s.from = p.get('from') || '';
  s.to = p.get('to') || '';
  s.sort = p.get('sort') === 'date' ? 'date' : 'relevance';
  const off = parseInt(p.get('offset') || '0', 10);
  s.offset = Number.isFinite(off) && off > 0 ? off : 0;
  s.article = p.get('article') || '';
  return s;
}

function stateToParams(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.quotes) p.set('quotes', '1');
  for (const f of s.filters) p.append('filter', `${f.field}:${f.value}`);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.sort === 'date') p.set('sort', 'date');
  if (s.offset) p.set('offset', String(s.offset));
  if (s.article) p.set('article', s.article);
  return p;
}

const stateUrl = (s) => {
  const qs = stateToParams(s).toString();
  return qs ? `/?${qs}` : '/';
};

let state = stateFromUrl(location.search);
let typingEntry = false;  // the current history entry was made by typing

// Moves to state NEXT: one new history entry, except while typing, where the
// words typed since the last pause replace the entry typing made.
function navigate(changes, { typing = false } = {}) {
  const next = { ...state, ...changes };
  const url = stateUrl(next);
  if (url === stateUrl(state) && !next.article === !state.article) return;
  if (typing && typingEntry) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  typingEntry = typing;
  state = next;
  render();
}

window.addEventListener('popstate', () => {
  typingEntry = false;
  state = stateFromUrl(location.search);
  render();
});

// ---------------------------------------------------------------- API

let monthFacet = true;  // false once the server says it has no month facet

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, signal) {
  let res;
  try {
    res = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'The whosaid server cannot be reached: is whosaid-serve still running?');
  }
  let body = null;
  try { body = await res.json(); } catch { /* not JSON: reported below */ }
  if (!res.ok || (body && body.error)) {
    const msg = body && body.error && body.error.message
      ? body.error.message : `the server answered ${res.status} ${res.statusText}`;
    throw new ApiError(res.status, msg);
  }
  if (!body) throw new ApiError(res.status, 'the server answered something that is not JSON');
  return body;
}

function searchParams(s, { facets = true, dates = true, limit = PAGE_SIZE } = {}) {
  const p = new URLSearchParams();
  p.set('q', s.q);
  if (s.quotes) p.set('quotes', '1');
  if (facets) for (const f of FACETS) p.append('facet', `${f.name}:${f.limit}`);
  for (const f of s.filters) p.append('filter', `${f.field}:${f.value}`);
  if (dates && s.from) p.set('from', s.from);
  if (dates && s.to) p.set('to', s.to);
  if (s.sort === 'date') p.set('sort', 'date');
  p.set('offset', String(s.offset));
  p.set('limit', String(limit));
  return p;
}

// ---------------------------------------------------------------- rendering helpers

// SNIPPET with the code-point ranges HIGHLIGHTS in <mark>.
function highlighted(snippet, highlights) {
  const cps = Array.from(snippet || '');
  const frag = document.createDocumentFragment();
  let at = 0;
  const ranges = (highlights || [])
    .filter((h) => Array.isArray(h) && h[0] >= 0 && h[1] > h[0])
    .sort((a, b) => a[0] - b[0]);
  for (const [s, e] of ranges) {
    if (s < at) continue;
    if (s > at) frag.append(cps.slice(at, s).join(''));
    frag.append(el('mark', { text: cps.slice(s, Math.min(e, cps.length)).join('') }));
    at = Math.min(e, cps.length);
  }
  if (at < cps.length) frag.append(cps.slice(at).join(''));
  return frag;
}

// A link for URL if it is http(s), else null: a javascript: or data: URL
// from an article never becomes a link.
function safeLink(url, text) {
  let u;
  try { u = new URL(url); } catch { return null; }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return el('a', { href: u.href, rel: 'noopener noreferrer nofollow', target: '_blank', text });
}

function articleLink(id, text, extra = {}) {
  const next = { ...state, article: id };
  return el('a', {
    href: stateUrl(next), ...extra, text,
    onclick: (ev) => {
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      navigate({ article: id });
    },
  });
}

function stateLink(changes, text) {
  const next = { ...state, ...changes };
  return el('a', {
    href: stateUrl(next), text,
    onclick: (ev) => {
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      navigate(changes);
    },
  });
}

const kindLabel = (kind) => (kind === 'organization' ? 'organisation' : kind === 'person' ? 'person' : '');

function kindBadge(kind) {
  const label = kindLabel(kind);
  if (!label) return null;
  return el('span', { class: `kind kind-${kind === 'organization' ? 'org' : 'person'}`,
                      title: label, text: kind === 'organization' ? 'org' : 'person' });
}

function meta(...parts) {
  return parts.filter((x) => x).join(' · ');
}

// ---------------------------------------------------------------- search view

let inflight = null;

async function render() {
  syncForm();
  renderChips();
  if (state.article) return renderArticleView();
  document.body.classList.remove('article-view');
  $('article').hidden = true;
  $('article').replaceChildren();
  for (const id of ['hits', 'pager']) $(id).hidden = false;
  $('facets').hidden = false;
  document.title = state.q ? `${state.q} — whosaid` : 'whosaid';

  if (inflight) inflight.abort();
  const ctl = new AbortController();
  inflight = ctl;
  $('results').setAttribute('aria-busy', 'true');
  try {
    const [data, months] = await Promise.all([
      runSearch(state, ctl.signal),
      histogramData(state, ctl.signal),
    ]);
    if (ctl.signal.aborted) return;
    showError('');
    renderResults(data);
    renderFacets(data);
    renderHistogram(months === 'same' ? (data.facets && data.facets.month) || [] : months);
  } catch (e) {
    if (e.name === 'AbortError') return;
    renderResults(null);
    renderFacets(null);
    showError(e.message);
  } finally {
    if (inflight === ctl) {
      inflight = null;
      $('results').removeAttribute('aria-busy');
      document.body.dataset.ready = '1';
    }
  }
}

async function runSearch(s, signal) {
  const p = searchParams(s);
  if (monthFacet && !(s.from || s.to)) p.append('facet', `month:${MONTH_LIMIT}`);
  try {
    return await api(`/api/search?${p}`, signal);
  } catch (e) {
    // A server without the month facet still gets a page, without histogram.
    if (monthFacet && e.status === 400 && /month/.test(e.message)) {
      monthFacet = false;
      return runSearch(s, signal);
    }
    throw e;
  }
}

// Matches by month for the histogram: without the date range, so that the
// range drawn over it shows what is left out.
async function histogramData(s, signal) {
  if (!monthFacet) return null;
  if (!(s.from || s.to)) return 'same';
  const p = searchParams({ ...s, offset: 0 }, { facets: false, dates: false, limit: 0 });
  p.append('facet', `month:${MONTH_LIMIT}`);
  p.append('facet', 'year:1');  // an empty query with a facet is the whole index
  try {
    const d = await api(`/api/search?${p}`, signal);
    return (d.facets && d.facets.month) || [];
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    return null;
  }
}

function showError(msg) {
  const box = $('error');
  box.hidden = !msg;
  box.textContent = msg ? `Search failed: ${msg}` : '';
}

function renderResults(data) {
  const hits = $('hits');
  hits.replaceChildren();
  $('pager').replaceChildren();
  $('empty').hidden = true;
  $('suggestion').hidden = true;
  if (!data) { $('count').textContent = ''; return; }

  const total = data.total || { estimate: 0, exact: true };
  const n = total.estimate || 0;
  const what = data.type === 'quote' ? (n === 1 ? 'quote' : 'quotes') : (n === 1 ? 'article' : 'articles');
  const first = data.offset + 1;
  const last = data.offset + data.hits.length;
  $('count').textContent = n === 0 ? `No ${data.type === 'quote' ? 'quotes' : 'articles'} found`
    : `${total.exact ? '' : 'About '}${n.toLocaleString('en')} ${what}` +
      (data.hits.length ? ` (showing ${first}–${last})` : '');

  if (data.suggestion) {
    const s = $('suggestion');
    s.replaceChildren('Did you mean ', stateLink({ q: data.suggestion, offset: 0 }, data.suggestion), '?');
    s.firstElementChild.classList.add('did-you-mean');
    s.hidden = false;
  }

  for (const h of data.hits) hits.append(h.type === 'quote' ? quoteCard(h) : articleCard(h));
  // For the browser test's paint measure: when the first results were drawn.
  if (data.hits.length && !performance.getEntriesByName('whosaid-first-results').length) {
    performance.mark('whosaid-first-results');
  }
  if (n === 0) renderEmpty(data);
  renderPager(n, data.offset, data.limit || PAGE_SIZE);
}

function articleCard(h) {
  const li = el('li', { class: 'hit article-hit' });
  li.append(el('h3', {}, articleLink(h.id, h.title || h.id)));
  const src = safeLink(h.url, h.source || h.url);
  const m = el('p', { class: 'meta' }, h.date || 'undated');
  if (h.source) m.append(' · ', src || h.source);
  li.append(m);
  if (h.snippet) li.append(el('p', { class: 'snippet' }, highlighted(h.snippet, h.highlights)));
  if (h.speakers && h.speakers.length) {
    const sp = el('p', { class: 'speakers' }, el('span', { class: 'label', text: 'Speakers: ' }));
    h.speakers.slice(0, 8).forEach((name, i) => {
      if (i) sp.append(', ');
      sp.append(el('span', { class: 'speaker' }, name), ' ',
                kindBadge(h.speaker_kinds && h.speaker_kinds[i]) || '');
    });
    if (h.speakers.length > 8) sp.append(`, … +${h.speakers.length - 8} more`);
    li.append(sp);
  }
  if (h.places && h.places.length) {
    li.append(el('p', { class: 'places' }, el('span', { class: 'label', text: 'Places: ' }),
                 h.places.slice(0, 8).join(', ') + (h.places.length > 8 ? `, … +${h.places.length - 8} more` : '')));
  }
  return li;
}

// Speaker: "quote" (article title, source, date), linking to the article.
function quoteCard(h) {
  const li = el('li', { class: 'hit quote-hit' });
  const who = h.speaker || 'Unnamed speaker';
  const quote = el('blockquote', { class: `quote kind-${h.kind === 'indirect' ? 'indirect' : 'direct'}` });
  quote.append(el('span', { class: 'who' }, who), ' ',
               kindBadge(h.speaker_kind) || '', ': ',
               el('q', {}, highlighted(h.snippet || h.text, h.snippet ? h.highlights : [])));
  li.append(quote);
  const cite = el('p', { class: 'cite' }, '(');
  // The quote's own id (ARTICLE#qN) opens its article at that quote.
  cite.append(articleLink(h.id || h.article, h.title || h.article || h.id));
  if (h.source) cite.append(', ', h.source);
  if (h.date) cite.append(', ', h.date);
  cite.append(')');
  if (h.kind === 'indirect') cite.append(el('span', { class: 'reported', text: ' reported speech' }));
  li.append(cite);
  return li;
}

function renderEmpty(data) {
  const box = $('empty');
  box.replaceChildren();
  const tips = el('ul');
  if (data.suggestion) tips.append(el('li', {}, 'Check the spelling: ', stateLink({ q: data.suggestion, offset: 0 }, data.suggestion), '.'));
  if (state.filters.length || state.from || state.to) {
    tips.append(el('li', {}, 'Remove some filters, or ',
                   el('button', { type: 'button', class: 'linkish', text: 'clear them all',
                                  onclick: clearAll }), '.'));
  }
  if (state.q.trim().split(/\s+/).length > 1) tips.append(el('li', { text: 'Use fewer words: all of them must match. Or join them with OR.' }));
  if (/"/.test(state.q)) tips.append(el('li', { text: 'Drop the quotation marks: a phrase must match word for word.' }));
  tips.append(el('li', {}, state.quotes ? 'Search ' : 'Search only ',
                 stateLink({ quotes: !state.quotes, offset: 0 }, state.quotes ? 'whole articles' : 'quotes'),
                 state.quotes ? ' instead of quotes.' : ' instead of whole articles.'));
  tips.append(el('li', { text: 'Try a broader word, or a prefix such as peac* for peace, peaceful…' }));
  box.append(el('p', { text: state.q ? `Nothing matches “${state.q}”. Try:` : 'Nothing matches. Try:' }), tips);
  box.hidden = false;
}

function renderPager(total, offset, limit) {
  const nav = $('pager');
  if (total <= limit) return;
  const pages = Math.ceil(total / limit);
  const cur = Math.floor(offset / limit);
  const list = el('ul');
  const item = (page, text, label) => {
    if (page === cur) {
      list.append(el('li', {}, el('span', { 'aria-current': 'page', class: 'current', text })));
    } else {
      const a = stateLink({ offset: page * limit }, text);
      a.addEventListener('click', () => $('results').focus());  // the new page from its top
      if (label) a.setAttribute('aria-label', label);
      list.append(el('li', {}, a));
    }
  };
  if (cur > 0) item(cur - 1, '‹ Previous', 'Previous page');
  const from = Math.max(0, cur - 3);
  const to = Math.min(pages - 1, cur + 3);
  if (from > 0) { item(0, '1', 'Page 1'); if (from > 1) list.append(el('li', { text: '…' })); }
  for (let i = from; i <= to; i++) item(i, String(i + 1), `Page ${i + 1}`);
  if (to < pages - 1) { if (to < pages - 2) list.append(el('li', { text: '…' })); item(pages - 1, String(pages), `Page ${pages}`); }
  if (cur < pages - 1) item(cur + 1, 'Next ›', 'Next page');
  nav.append(list);
}

// ---------------------------------------------------------------- facets and chips

const facetSearchText = {};  // facet name -> text typed in its search box

function isSelected(field, value) {
  return state.filters.some((f) => f.field === field && f.value === value);
}

function toggleFilter(field, value) {
  const filters = isSelected(field, value)
    ? state.filters.filter((f) => !(f.field === field && f.value === value))
    : [...state.filters, { field, value }];
  navigate({ filters, offset: 0 });
}

function clearAll() {
  navigate({ filters: [], from: '', to: '', offset: 0 });
}

function renderFacets(data) {
  const box = $('facet-lists');
  // Keep a facet search box that has focus: rebuilding it would lose the caret.
  const focused = document.activeElement && document.activeElement.dataset.facetSearch;
  box.replaceChildren();
  if (!data) return;
  for (const f of FACETS) {
    const values = (data.facets && data.facets[f.name]) || [];
    const sec = el('section', { class: 'facet', id: `facet-${f.name}`, 'aria-labelledby': `facet-${f.name}-h` });
    sec.append(el('h2', { id: `facet-${f.name}-h`, text: f.label }));
    const long = values.length >= f.limit || facetSearchText[f.name];
    if (long) {
      const input = el('input', {
        type: 'search', class: 'facet-search', 'data-facet-search': f.name,
        placeholder: `Find a ${f.label.toLowerCase()}`, 'aria-label': `Find a ${f.label.toLowerCase()}`,
      });
      input.value = facetSearchText[f.name] || '';
      let timer = 0;
      input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          facetSearchText[f.name] = input.value;
          searchFacet(f, input.value, list);
        }, TYPING_DELAY_MS);
      });
      sec.append(input);
    }
    const list = el('ul', { class: 'facet-values' });
    sec.append(list);
    fillFacetList(f, list, values);
    if (facetSearchText[f.name]) searchFacet(f, facetSearchText[f.name], list);
    if (values.length === 0 && !state.filters.some((x) => x.field === f.name)) sec.hidden = true;
    box.append(sec);
    if (focused === f.name) sec.querySelector('.facet-search')?.focus();
  }
}

function fillFacetList(f, list, values) {
  list.replaceChildren();
  const shown = new Set();
  for (const v of values) {
    shown.add(v.value);
    list.append(facetItem(f, v.value, v.count, v.kind));
  }
  // A selected value always shows, so that it can be unticked.
  for (const sel of state.filters) {
    if (sel.field === f.name && !shown.has(sel.value)) list.append(facetItem(f, sel.value, null));
  }
  if (!list.children.length) list.append(el('li', { class: 'none', text: 'no values' }));
}

function facetItem(f, value, count, kind) {
  const id = `fv-${f.name}-${Math.random().toString(36).slice(2, 10)}`;
  const cb = el('input', { type: 'checkbox', id, 'data-field': f.name });
  cb.dataset.value = value;
  cb.checked = isSelected(f.name, value);
  cb.addEventListener('change', () => toggleFilter(f.name, value));
  const label = el('label', { for: id }, el('span', { class: 'value', text: f.name === 'country' ? countryName(value) : value }));
  if (kind) label.append(' ', kindBadge(kind) || '');
  label.append(' ', el('span', { class: 'n', text: count === null ? '' : count.toLocaleString('en'),
                                 'aria-label': count === null ? '' : `${count} matches` }));
  return el('li', { class: kind ? `kind-${kind === 'organization' ? 'org' : 'person'}` : '' }, cb, label);
}

async function searchFacet(f, text, list) {
  if (!text.trim()) {
    render();
    return;
  }
  const p = searchParams({ ...state, offset: 0 }, { facets: false, limit: 0 });
  p.append('facet', `${f.name}:${f.limit}`);
  p.set('facet_search', `${f.name}:${text}`);
  try {
    const d = await api(`/api/search?${p}`);
    if (facetSearchText[f.name] !== text) return;
    fillFacetList(f, list, (d.facets && d.facets[f.name]) || []);
  } catch (e) {
    list.replaceChildren(el('li', { class: 'none', text: `cannot search the values: ${e.message}` }));
  }
}

let regionNames = null;
function countryName(code) {
  try {
    regionNames = regionNames || new Intl.DisplayNames(['en'], { type: 'region' });
    const name = regionNames.of(code.toUpperCase());
    return name && name !== code.toUpperCase() ? `${name} (${code})` : code;
  } catch { return code; }
}

function renderChips() {
  const box = $('chips');
  box.replaceChildren();
  const chips = state.filters.map((f) => ({
    label: `${f.field}: ${f.field === 'country' ? countryName(f.value) : f.value}`,
    remove: () => navigate({ filters: state.filters.filter((x) => x !== f), offset: 0 }),
  }));
  if (state.from || state.to) {
    chips.push({ label: `date: ${state.from || '…'} to ${state.to || '…'}`,
                 remove: () => navigate({ from: '', to: '', offset: 0 }) });
  }
  if (!chips.length) { box.hidden = true; return; }
  box.hidden = false;
  const ul = el('ul');
  for (const c of chips) {
    ul.append(el('li', {}, el('button', {
      type: 'button', class: 'chip', 'aria-label': `Remove filter ${c.label}`, onclick: c.remove,
    }, el('span', { text: c.label }), el('span', { class: 'x', 'aria-hidden': 'true', text: '×' }))));
  }
  if (chips.length > 1 || state.filters.length) {
    ul.append(el('li', {}, el('button', { type: 'button', class: 'clear-all', text: 'Clear all', onclick: clearAll })));
  }
  box.append(ul);
}

// ---------------------------------------------------------------- month histogram

function monthIndex(ym) {
  const m = /^(\d{4})-(\d{2})/.exec(ym || '');
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : null;
}
const monthName = (i) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

function renderHistogram(months) {
  const sec = $('dates');
  const box = $('histogram');
  if (!monthFacet || !months) {
    // No histogram without the month facet; the From and To fields still work.
    box.replaceChildren();
    sec.hidden = false;
    return;
  }
  sec.hidden = false;
  box.replaceChildren();
  const idx = months.map((m) => monthIndex(m.value)).filter((i) => i !== null);
  if (!idx.length) { box.append(el('p', { class: 'hint', text: 'No dated matches.' })); return; }
  const lo = Math.min(...idx);
  const hi = Math.max(...idx);
  const counts = new Map(months.map((m) => [monthIndex(m.value), m.count]));
  const n = hi - lo + 1;
  const max = Math.max(...months.map((m) => m.count));
  const W = 300, H = 80, bw = W / n;
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H + 14}`);
  svg.setAttribute('class', 'histogram');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Matches by month from ${monthName(lo)} to ${monthName(hi)}; use the From and To fields to pick a range by keyboard`);
  const fromI = monthIndex(state.from), toI = monthIndex(state.to);
  const inRange = (i) => (fromI === null || i >= fromI) && (toI === null || i <= toI);
  for (let i = lo; i <= hi; i++) {
    const c = counts.get(i) || 0;
    const h = c ? Math.max(2, (c / max) * H) : 0;
    const r = document.createElementNS(NS, 'rect');
    r.setAttribute('x', ((i - lo) * bw + bw * 0.1).toFixed(2));
    r.setAttribute('width', Math.max(0.5, bw * 0.8).toFixed(2));
    r.setAttribute('y', (H - h).toFixed(2));
    r.setAttribute('height', h.toFixed(2));
    r.setAttribute('class', (state.from || state.to) && !inRange(i) ? 'bar out' : 'bar');
    const t = document.createElementNS(NS, 'title');
    t.textContent = `${monthName(i)}: ${c}`;
    r.append(t);
    svg.append(r);
  }
  for (const [i, anchor] of [[lo, 'start'], [hi, 'end']]) {
    const t = document.createElementNS(NS, 'text');
    t.setAttribute('x', anchor === 'start' ? 0 : W);
    t.setAttribute('y', H + 12);
    t.setAttribute('text-anchor', anchor);
    t.setAttribute('class', 'axis');
    t.textContent = monthName(i);
    svg.append(t);
  }
  const sel = document.createElementNS(NS, 'rect');
  sel.setAttribute('class', 'drag');
  sel.setAttribute('y', 0);
  sel.setAttribute('height', H);
  sel.setAttribute('width', 0);
  svg.append(sel);

  // Dragging over the bars picks the months under the drag; a click picks one.
  const at = (ev) => {
    const b = svg.getBoundingClientRect();
    const x = Math.min(Math.max(ev.clientX - b.left, 0), b.width - 0.001);
    return lo + Math.floor((x / b.width) * n);
  };
  let start = null;
  const draw = (a, b) => {
    const [s, e] = a <= b ? [a, b] : [b, a];
    sel.setAttribute('x', ((s - lo) * bw).toFixed(2));
    sel.setAttribute('width', ((e - s + 1) * bw).toFixed(2));
  };
  svg.addEventListener('pointerdown', (ev) => {
    start = at(ev);
    svg.setPointerCapture(ev.pointerId);
    draw(start, start);
    ev.preventDefault();
  });
  svg.addEventListener('pointermove', (ev) => { if (start !== null) draw(start, at(ev)); });
  svg.addEventListener('pointerup', (ev) => {
    if (start === null) return;
    const end = at(ev);
    const [s, e] = start <= end ? [start, end] : [end, start];
    start = null;
    navigate({ from: monthName(s), to: monthName(e), offset: 0 });
  });
  svg.addEventListener('pointercancel', () => { start = null; sel.setAttribute('width', 0); });
  box.append(svg);
}

// ---------------------------------------------------------------- article view

async function renderArticleView() {
  if (inflight) inflight.abort();
  const ctl = new AbortController();
  inflight = ctl;
  const view = $('article');
  for (const id of ['hits', 'pager', 'empty', 'suggestion', 'error']) $(id).hidden = true;
  $('count').textContent = '';
  $('facets').hidden = true;
  document.body.classList.add('article-view');
  view.hidden = false;
  view.replaceChildren(el('p', { text: 'Loading the article…' }));
  $('results').setAttribute('aria-busy', 'true');
  try {
    const a = await api(`/api/article/${encodeURIComponent(state.article)}`, ctl.signal);
    if (ctl.signal.aborted) return;
    drawArticle(view, a);
    document.title = `${a.title || a.id} — whosaid`;
    // Opened from a quote (article=ARTICLE#qN): that quote is marked as the
    // current one, scrolled to and focused; else a screen reader and the
    // keyboard start at the article's title.
    const current = markCurrentQuote(view, state.article);
    if (document.activeElement === document.body || view.contains(document.activeElement) ||
        document.activeElement?.closest('#hits')) {
      if (current) {
        current.scrollIntoView({ block: 'center' });
        current.focus({ preventScroll: true });
      } else {
        window.scrollTo(0, 0);
        view.querySelector('.article-title').focus({ preventScroll: true });
      }
    }
  } catch (e) {
    if (e.name === 'AbortError') return;
    view.replaceChildren(backLink(), el('p', { role: 'alert', class: 'error', text: `Cannot show the article: ${e.message}` }));
  } finally {
    if (inflight === ctl) {
      inflight = null;
      $('results').removeAttribute('aria-busy');
      document.body.dataset.ready = '1';
    }
  }
}

// Marks the quote ID of the article drawn in VIEW as the current one
// (aria-current, every piece of it in the text and its line in the list) and
// returns the element to focus, or null when ID is not one of its quotes.
function markCurrentQuote(view, id) {
  const pieces = [...view.querySelectorAll('[data-quote-id]')].filter((e) => e.dataset.quoteId === id);
  for (const e of pieces) {
    e.classList.add('current');
    e.setAttribute('aria-current', 'true');
  }
  if (!pieces.length) return null;
  const first = pieces[0];
  first.setAttribute('tabindex', '-1');
  return first;
}

function backLink() {
  return el('p', { class: 'back' }, stateLink({ article: '' }, '← Back to the results'));
}

function drawArticle(view, a) {
  view.replaceChildren();
  view.append(backLink());
  const title = el('h2', { class: 'article-title', tabindex: '-1', text: a.title || a.id });
  view.append(title);
  const m = el('p', { class: 'meta' }, meta(a.date || 'undated', a.source));
  const link = safeLink(a.url, 'original article');
  if (link) m.append(' · ', link);
  else if (a.url) m.append(' · ', el('span', { class: 'url', text: a.url }));
  view.append(m);
  if (a.speakers && a.speakers.length) {
    const sp = el('p', { class: 'speakers' }, el('span', { class: 'label', text: 'Speakers: ' }));
    a.speakers.forEach((name, i) => {
      if (i) sp.append(', ');
      sp.append(el('span', { class: 'speaker', text: name }), ' ',
                kindBadge(a.speaker_kinds && a.speaker_kinds[i]) || '');
    });
    view.append(sp);
  }

  const quotes = (a.quotes || []).slice();
  const places = (a.places || []).slice();
  const legend = el('p', { class: 'legend' },
    el('mark', { class: 'quote', text: 'quote' }), ' labelled by its speaker; ',
    el('mark', { class: 'place', text: 'place' }), ` · ${quotes.length} quote${quotes.length === 1 ? '' : 's'}, ${places.length} place mention${places.length === 1 ? '' : 's'}`);
  view.append(legend);

  const titleQuotes = quotes.filter((q) => q.start === null || q.start === undefined);
  if (titleQuotes.length) {
    const ul = el('ul', { class: 'title-quotes' });
    for (const q of titleQuotes) {
      ul.append(el('li', {}, quoteLabel(q), ' ',
                   el('mark', { class: 'quote', 'data-quote-id': q.id, text: q.text })));
    }
    view.append(el('h3', { text: 'Quotes in the title' }), ul);
  }
  view.append(el('div', { class: 'article-text' }, markedText(a.text || '', quotes, places)));

  if (quotes.length) {
    const ol = el('ol', { class: 'quote-list' });
    for (const q of quotes) {
      const li = el('li', { 'data-quote-id': q.id }, quoteLabel(q), ': ', el('q', { text: q.text }));
      if (q.cue) li.append(el('span', { class: 'cue', text: ` (${q.kind || 'quote'}, cue “${q.cue}”)` }));
      ol.append(li);
    }
    view.append(el('h3', { text: 'Who said what' }), ol);
  }
}

function quoteLabel(q) {
  const who = q.speaker || 'unnamed speaker';
  const span = el('span', { class: `speaker-label ${q.speaker ? '' : 'unnamed'}` }, who);
  const badge = kindBadge(q.speaker_kind);
  if (badge) span.append(' ', badge);
  return span;
}

// TEXT with each quote in a <mark class="quote"> preceded by its speaker's
// label, and each place in a <mark class="place"> (inside a quote or not).
// Spans are code-point offsets, end exclusive; a place crossing a quote's edge
// is cut there.
function markedText(text, quotes, places) {
  const cps = Array.from(text);
  const len = cps.length;
  const clamp = (x) => Math.min(Math.max(x | 0, 0), len);
  const qs = quotes.filter((q) => Number.isInteger(q.start) && Number.isInteger(q.end) && q.end > q.start)
    .map((q) => ({ ...q, s: clamp(q.start), e: clamp(q.end) })).sort((x, y) => x.s - y.s);
  const ps = places.filter((p) => Number.isInteger(p.start) && Number.isInteger(p.end) && p.end > p.start)
    .map((p) => ({ ...p, s: clamp(p.start), e: clamp(p.end) })).sort((x, y) => x.s - y.s);
  const cuts = new Set([0, len]);
  for (const x of [...qs, ...ps]) { cuts.add(x.s); cuts.add(x.e); }
  const points = [...cuts].sort((x, y) => x - y);
  const frag = document.createDocumentFragment();
  let curQuote = null, curEl = null;
  // The innermost span over code point A: a quote inside a quote (a direct
  // quote within reported speech) is marked on its own.
  const cover = (list, a) => {
    let found = null;
    for (const x of list) { if (x.s > a) break; if (a < x.e) found = x; }
    return found;
  };
  const labelled = new Set();
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k], b = points[k + 1];
    if (a >= b) continue;
    const q = cover(qs, a);
    const p = cover(ps, a);
    if (q !== curQuote) {
      curQuote = q;
      if (q) {
        // The label goes before the quote's first piece only (an outer quote
        // goes on after the inner one ends).
        const first = !labelled.has(q);
        if (first) {
          labelled.add(q);
          frag.append(el('span', { class: 'speaker-tag', 'aria-hidden': 'true' }, quoteLabel(q)));
        }
        curEl = el('mark', { class: `quote ${q.kind === 'indirect' ? 'indirect' : 'direct'}`,
                             'data-speaker': q.speaker || '', 'data-quote': qs.indexOf(q),
                             'data-quote-id': q.id,
                             'aria-label': first ? `${q.speaker || 'unnamed speaker'} said` : null });
        frag.append(curEl);
      } else curEl = null;
    }
    const piece = cps.slice(a, b).join('');
    const node = p ? el('mark', { class: 'place', title: p.country ? `${p.name} (${p.country})` : p.name, text: piece })
                   : document.createTextNode(piece);
    (curEl || frag).append(node);
  }
  return frag;
}

// ---------------------------------------------------------------- the form

let typingTimer = 0;

function syncForm() {
  const q = $('q');
  if (document.activeElement !== q || !typingEntry) {
    if (q.value !== state.q) q.value = state.q;
  }
  for (const r of document.querySelectorAll('input[name=mode]')) r.checked = (r.value === 'quotes') === state.quotes;
  $('sort').value = state.sort;
  $('from').value = state.from && /^\d{4}-\d{2}/.test(state.from) ? state.from.slice(0, 7) : '';
  $('to').value = state.to && /^\d{4}-\d{2}/.test(state.to) ? state.to.slice(0, 7) : '';
}

function setUp() {
  const q = $('q');
  // A query typed in the box is one history step, however many pauses it
  // took; leaving the box or pressing Enter ends the step.
  q.addEventListener('blur', () => { typingEntry = false; });
  q.addEventListener('input', () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => navigate({ q: q.value, offset: 0, article: '' }, { typing: true }), TYPING_DELAY_MS);
  });
  $('search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearTimeout(typingTimer);
    typingEntry = false;
    const changes = { q: q.value, offset: 0, article: '' };
    if (stateUrl({ ...state, ...changes }) === stateUrl(state)) render();  // the Search button re-runs
    else navigate(changes);
  });
  for (const r of document.querySelectorAll('input[name=mode]')) {
    r.addEventListener('change', () => navigate({ quotes: r.value === 'quotes' && r.checked, offset: 0, article: '' }));
  }
  $('sort').addEventListener('change', () => navigate({ sort: $('sort').value, offset: 0 }));
  for (const id of ['from', 'to']) {
    $(id).addEventListener('change', () => navigate({ [id]: $(id).value, offset: 0 }));
  }
  $('home').addEventListener('click', (ev) => {
    ev.preventDefault();
    facetSearchText.speaker = facetSearchText.place = '';
    navigate(emptyState());
  });
}

setUp();
render();
