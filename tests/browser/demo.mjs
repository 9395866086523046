// What every browser test file shares: a `cvlink demo` (cvsim inside) serving the web build, Chromium,
// and a place for screenshots. Run by `cargo xtask test`, which builds the web app and cvlink and
// passes their paths in CVLINK_BIN and CVMOBILE_WEB_DIR.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const CVLINK = process.env.CVLINK_BIN;
export const WEB = process.env.CVMOBILE_WEB_DIR;
export const ARTIFACTS = join(here, 'artifacts');
export const CHROMIUM = '/usr/bin/chromium';
export const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

export async function waitFor(cond, what, ms = 90_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Starts `cvlink demo` on a free port in a new directory (with `extra` arguments, e.g. `--relay`);
 * resolves once its demo.json is written. */
export async function startDemo(extra = []) {
  assert.ok(CVLINK && existsSync(CVLINK), 'CVLINK_BIN must point to the cvlink binary');
  assert.ok(WEB && existsSync(join(WEB, 'index.html')), 'CVMOBILE_WEB_DIR must hold the web build');
  // Screenshots of every run replace the last run's (node runs the test files one after another).
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'cvmobile-browser-'));
  const proc = spawn(CVLINK, ['demo', '--dir', dir, '--port', '0', '--web-dir', WEB, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  proc.stdout.on('data', () => {});
  await waitFor(() => existsSync(join(dir, 'demo.json')), 'demo.json');
  const info = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8'));
  return { dir, info, stop: () => proc.kill('SIGINT') };
}

/** A 412×915 phone-sized page in `browser`. */
export async function phonePage(browser, colorScheme = 'light', locale = 'en-US', options = {}) {
  const ctx = await browser.newContext({ viewport: { width: 412, height: 915 }, colorScheme, locale, deviceScaleFactor: 1, ...options });
  const p = await ctx.newPage();
  p.on('pageerror', e => console.error('page error:', e.message));
  return p;
}

/**
 * What is wrong with the layout on screen: text cut off or spilling out of its box or the screen, and text
 * drawn over other text (the fixed bars, icons and badges excepted, which overlap by design).
 */
export async function layoutProblems(p) {
  await p.evaluate(A11Y_HELPERS);
  return p.evaluate(() => {
    const out = [];
    const vw = document.documentElement.clientWidth;
    const { name, shown } = window.__a11y;
    // The part of the screen where an element's content can show: clipped by scrolling or clipping ancestors.
    const clip = el => {
      let box = { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };
      for (let a = el; a; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
          const r = a.getBoundingClientRect();
          box = { left: Math.max(box.left, r.left), top: Math.max(box.top, r.top), right: Math.min(box.right, r.right), bottom: Math.min(box.bottom, r.bottom) };
        }
      }
      return box;
    };
    const textRects = el => {
      const range = document.createRange();
      const rects = [];
      const c = clip(el);
      for (const n of el.childNodes) {
        if (n.nodeType === 3 && n.textContent.trim()) {
          range.selectNodeContents(n);
          for (const r of range.getClientRects()) {
            const v = { left: Math.max(r.left, c.left), top: Math.max(r.top, c.top), right: Math.min(r.right, c.right), bottom: Math.min(r.bottom, c.bottom) };
            if (v.right - v.left > 0 && v.bottom - v.top > 0) rects.push(v);
          }
        }
      }
      return rects;
    };
    // A full-screen layer (the scanner, a dialog) hides the page under it: check only what it shows.
    const vh = document.documentElement.clientHeight;
    const layer = [...document.querySelectorAll('body *')].reverse().find(el => {
      if (getComputedStyle(el).position !== 'fixed' || !shown(el)) return false;
      const r = el.getBoundingClientRect();
      return r.width * r.height >= 0.9 * vw * vh;
    });
    const all = [...(layer ?? document.body).querySelectorAll('*')].filter(shown);
    for (const el of all) {
      const s = getComputedStyle(el);
      if (!textRects(el).length || s.display === 'inline') continue;
      const scrolls = ['auto', 'scroll'].includes(s.overflowX) || s.textOverflow === 'ellipsis';
      if (!scrolls && el.scrollWidth > el.clientWidth + 2) out.push(`overflows its box: ${name(el)} (${el.scrollWidth} > ${el.clientWidth})`);
      // Past the screen's edge and not inside a box that scrolls or clips it (a row of chips scrolls).
      if (Math.min(el.getBoundingClientRect().right, clip(el).right) > vw + 1) out.push(`beyond the screen: ${name(el)}`);
    }
    const runs = [];
    for (const el of all) {
      if (el.closest('.bottom-nav, .app-bar, svg, .badge, .toast-region')) continue;
      for (const r of textRects(el)) runs.push([el, r]);
    }
    for (let i = 0; i < runs.length; i++) {
      for (let j = i + 1; j < runs.length; j++) {
        const [a, ra] = runs[i], [b, rb] = runs[j];
        if (a === b || a.contains(b) || b.contains(a)) continue;
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (w > 2 && h > 2) out.push(`text over text: ${name(a)} and ${name(b)}`);
      }
    }
    return [...new Set(out)];
  });
}

const AXE = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * What axe-core (WCAG 2.1 A and AA rules, best practices) finds serious or critical on the screen, as
 * `rule: element` lines. Run through the debugging protocol, so the page's Content-Security-Policy
 * stays as it is.
 */
export async function a11yProblems(p) {
  if (!(await p.evaluate(() => typeof window.axe !== 'undefined'))) await p.evaluate(AXE);
  const violations = await p.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
      .map(v => v.nodes.map(n => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.split('\n')[1] ?? ''}`.trim()))
      .flat();
  });
  return violations;
}

/**
 * Controls smaller than 48×48 CSS pixels (the size a finger hits reliably), as `element: W×H` lines. A
 * link inside running text is exempt (WCAG 2.5.8's inline exception), as is a control whose own box is
 * smaller but whose label, or the row its link covers, is large enough.
 */
export async function tapTargetProblems(p) {
  return p.evaluate(() => {
    const out = [];
    const name = el => el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}${[...el.classList].map(c => '.' + c).join('')}`;
    const controls = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=tab], [role=switch]');
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (r.width >= 48 && r.height >= 48) continue;
      if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') continue;
      // What the finger actually hits: the control's label (also for a visually hidden file input
      // behind a styled label), or the row a link stretches over with an absolutely placed ::after.
      const after = getComputedStyle(el, '::after');
      const hosts = [el.closest('label'), el.id && document.querySelector(`label[for="${el.id}"]`),
        after.content !== 'none' && after.position === 'absolute' && el.offsetParent];
      if (hosts.some(h => h && h !== el && (r => r.width >= 48 && r.height >= 48)(h.getBoundingClientRect()))) continue;
      out.push(`${name(el)}: ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  });
}

/**
 * A screenshot, without the pointer's hover on whatever was clicked last; then the layout is checked,
 * and the screen's accessibility with axe-core.
 */
export async function shot(p, name) {
  await p.mouse.move(1, 1);
  await p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
  const problems = await layoutProblems(p);
  assert.deepEqual(problems, [], `layout of ${name}`);
  assert.deepEqual(await a11yProblems(p), [], `accessibility of ${name} (axe-core, serious and critical)`);
}

/**
 * Registers the file's `before` and `after`: a `cvlink demo` and a Chromium, handed to `ready({ demo, info,
 * browser })` once both run (in the same hook, so the tests never see them half set up).
 */
export function useDemo(ready, launch = {}, demoArgs = []) {
  const env = {};
  before(async () => {
    env.demo = await startDemo(demoArgs);
    env.info = env.demo.info;
    const opts = typeof launch === 'function' ? launch(env.info) : launch;
    env.browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, ...opts });
    ready(env);
  });
  after(async () => {
    await env.browser?.close();
    env.demo?.stop();
  });
}

/** cvsim's vendor API (`/api/…`, with the demo's secret): the `data` of its `code: 0` answer. */
export async function simApi(info, path, method = 'GET', body) {
  const sep = path.includes('?') ? '&' : '?';
  const r = await fetch(`${info.sim_url}${path}${sep}access_token=${info.sim_token}`, {
    method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body),
  });
  const j = await r.json();
  assert.equal(j.code, 0, `${path}: ${JSON.stringify(j)}`);
  return j.data;
}

/** cvsim's control API (`/sim/…`): present a credential, raise an alarm, move the clock. */
/** Presents a credential at a cvsim reader; the reader's answer, or null when its device is offline. */
export async function present(info, reader, body) {
  const r = await fetch(`${info.sim_url}/sim/readers/${reader}/present?access_token=${info.sim_token}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return r.ok ? r.json() : null;
}

export async function simControl(info, path, body = {}) {
  const r = await fetch(`${info.sim_url}${path}?access_token=${info.sim_token}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const j = await r.json();
  assert.ok(r.ok, `${path}: ${JSON.stringify(j)}`);
  return j;
}

const tokens = new Map();

/** An access token of `who` (`{role, account, password}`; the demo's admin unless given), one per account. */
export async function tokenOf(info, who = { role: 'admin', ...info.admin }) {
  const key = `${who.role}:${who.account}`;
  if (!tokens.has(key)) {
    const login = await fetch(`${info.web_url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: who.role, account: who.account, password: who.password }),
    }).then(r => r.json());
    assert.ok(login.access_token, `login of ${key}: ${JSON.stringify(login)}`);
    tokens.set(key, login.access_token);
  }
  return tokens.get(key);
}

/** cvlink's API as `who` (see `tokenOf`): the JSON of a 200. */
export async function gateway(info, path, who) {
  const r = await fetch(`${info.web_url}${path}`, { headers: { authorization: `Bearer ${await tokenOf(info, who)}` } });
  assert.equal(r.status, 200, path);
  return r.json();
}

/** Logs in through the login screen (does not wait for the result). */
export async function login(p, info, { role, account, password, orgCode = info.org_code }) {
  await p.goto(info.web_url);
  await p.click(`#role-${role}`);
  await p.fill('#org-code', orgCode);
  await p.fill('#account', account);
  await p.fill('#password', password);
  await p.click('#login-submit');
}

const cdpSessions = new WeakMap();

/**
 * Sets the browser's default text size to `percent` of 16 px, as a user does in Chromium's settings
 * (Appearance › Font size) or Android does for a page that follows the system's text scale: it changes
 * what `medium`, `1rem` and `em` media queries mean, and so grows only what the stylesheet sizes
 * relative to it. (Doubling `html { font-size }` with a style tag instead would hide a root size pinned
 * in px, and would not move `em` media queries.) Applies at once and across navigations.
 */
export async function setTextSize(p, percent) {
  if (!cdpSessions.has(p)) cdpSessions.set(p, await p.context().newCDPSession(p));
  const size = n => Math.round(n * percent / 100);
  await cdpSessions.get(p).send('Page.setFontSizes', { fontSizes: { standard: size(16), fixed: size(13) } });
  await p.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Page-side helpers of the checks below, installed once per document as `window.__a11y`. */
const A11Y_HELPERS = `(() => {
  if (window.__a11y) return;
  const name = el => el.id ? '#' + el.id : el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join('');
  const shown = el => {
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none' || s.opacity === '0') return false;
    if (el.closest('.visually-hidden, [aria-hidden="true"]')) return false;
    // The content of a closed <details> is not drawn (its summary is).
    const closed = el.closest('details:not([open])');
    if (closed && !el.closest('summary')) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  // Elements with text of their own (not only in children).
  const texts = root => [...root.querySelectorAll('body *')].filter(el =>
    ([...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) || el.tagName === 'SELECT') &&
    shown(el) && !el.closest('svg, .toast-region'));
  // What the stylesheet cuts off on purpose: one line with an ellipsis, or a few lines clamped; and a
  // select's choice wider than the select. (A field's placeholder is one line that cannot wrap: a long
  // one is cut at 200 % whatever the stylesheet does, and the field's label says what it is for.)
  const measure = document.createElement('canvas').getContext('2d');
  const truncated = el => {
    const s = getComputedStyle(el);
    const line = el.tagName === 'SELECT' ? el.selectedOptions[0]?.text : null;
    if (line) {
      measure.font = s.font;
      const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      return measure.measureText(line).width > room + 1;
    }
    if (s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) return true;
    return s.webkitLineClamp !== 'none' && el.scrollHeight > el.clientHeight + 1;
  };
  // An ancestor that hides what sticks out of it without letting it be scrolled to.
  const cutBy = el => {
    const range = document.createRange();
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      const hides = v => v === 'hidden' || v === 'clip';
      if (!hides(s.overflowX) && !hides(s.overflowY)) continue;
      const box = a.getBoundingClientRect();
      for (const n of el.childNodes) {
        if (n.nodeType !== 3 || !n.textContent.trim()) continue;
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) {
          const outX = hides(s.overflowX) && (r.left < box.left - 1 || r.right > box.right + 1);
          const outY = hides(s.overflowY) && (r.top < box.top - 1 || r.bottom > box.bottom + 1);
          if (outX || outY) return a;
        }
      }
    }
    return null;
  };
  // Words of letters (up to 14, so not codes, addresses or IDs) that a line break cuts in two.
  const brokenWords = el => {
    const out = [];
    const range = document.createRange();
    for (const n of el.childNodes) {
      if (n.nodeType !== 3) continue;
      for (const m of n.textContent.matchAll(/\\p{L}{2,14}/gu)) {
        let top = null;
        for (let i = m.index; i < m.index + m[0].length; i++) {
          range.setStart(n, i);
          range.setEnd(n, i + 1);
          const r = range.getClientRects()[0];
          if (!r) continue;
          if (top !== null && r.top > top + r.height / 2) { out.push(m[0]); break; }
          top = r.top;
        }
      }
    }
    return out;
  };
  // Colours as [r, g, b, a] (0–255, a 0–1), whatever syntax getComputedStyle gives.
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  const rgba = c => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = c;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const over = (top, below) => [0, 1, 2].map(i => top[i] * top[3] + below[i] * (1 - top[3])).concat(1);
  // The colour behind el's box (from its own background when self), gradients and images ignored.
  const backdrop = (el, self) => {
    const layers = [];
    for (let a = self ? el : el.parentElement; a; a = a.parentElement) layers.push(rgba(getComputedStyle(a).backgroundColor));
    let c = [255, 255, 255, 1];
    for (const l of layers.reverse()) c = over(l, c);
    return c;
  };
  const luminance = c => {
    const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  // The focus ring a style draws: an outline, or a box-shadow without offset or blur, at least 2 px wide.
  const ringOf = (s, host, self) => {
    const rings = [];
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) {
      const off = parseFloat(s.outlineOffset) || 0, w = parseFloat(s.outlineWidth);
      rings.push({ color: s.outlineColor, width: w, out: off + w / 2, inside: off + w <= 0 });
    }
    const re = /(rgba?\\([^)]*\\)|color\\([^)]*\\)|#[0-9a-f]+|[a-z]+)\\s+(-?[\\d.]+)px\\s+(-?[\\d.]+)px\\s+([\\d.]+)px\\s+(-?[\\d.]+)px(\\s+inset)?/gi;
    for (const m of (s.boxShadow === 'none' ? '' : s.boxShadow).matchAll(re)) {
      const [, color, x, y, blur, spread, inset] = m;
      if (+x === 0 && +y === 0 && +blur <= 1 && +spread >= 2) {
        rings.push({ color, width: +spread, out: inset ? -spread / 2 : spread / 2, inside: !!inset });
      }
    }
    return rings.map(r => {
      const c = rgba(r.color);
      const back = backdrop(host, r.inside || self);
      return { ...r, host, contrast: contrast(over(c, back), back) };
    });
  };
  // Where the user sees el's focus: on el, on its ::before/::after (a row-wide link), or on its label
  // (a visually hidden file input behind a styled label).
  const rings = el => {
    const out = [...ringOf(getComputedStyle(el), el, false)];
    for (const pseudo of ['::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      if (s.content !== 'none' && s.display !== 'none') out.push(...ringOf(s, el.offsetParent && s.position === 'absolute' ? el.offsetParent : el, true));
    }
    for (const l of el.labels ?? []) if (shown(l)) out.push(...ringOf(getComputedStyle(l), l, false));
    return out;
  };
  // The part of the viewport where an element's box can show: clipped by its scrolling or clipping ancestors.
  const clipBox = el => {
    let box = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
    for (let a = el.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const r = a.getBoundingClientRect();
        box = { left: Math.max(box.left, r.left), top: Math.max(box.top, r.top), right: Math.min(box.right, r.right), bottom: Math.min(box.bottom, r.bottom) };
      }
    }
    return box;
  };
  const area = r => Math.max(0, r.right - r.left) * Math.max(0, r.bottom - r.top);
  const meet = (a, b) => ({ left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) });
  // How much of el's box the fixed and sticky bars (app bar, bottom navigation, banners) leave to see:
  // the share of it, and about how many px of its height.
  const unobscured = el => {
    const r = el.getBoundingClientRect();
    const seen = meet(r, clipBox(el));
    let left = area(seen);
    for (const bar of document.querySelectorAll('body *')) {
      const p = getComputedStyle(bar).position;
      if ((p !== 'fixed' && p !== 'sticky') || bar.contains(el) || !shown(bar) || bar.closest('.toast-region')) continue;
      const b = bar.getBoundingClientRect();
      if (p === 'sticky' && b.top > 0 && b.bottom < innerHeight) continue; // not stuck (yet)
      left -= area(meet(seen, b));
    }
    return { share: area(r) ? left / Math.min(area(r), innerWidth * innerHeight) : 0, px: r.width ? left / r.width : 0 };
  };
  // Where el is on the page, however far the page is scrolled; inside a box that scrolls (a row of chips,
  // a list of doors) also where it is in that box's content.
  const place = el => {
    const page = e => {
      const r = e.getBoundingClientRect();
      const y = getComputedStyle(e).position === 'fixed' || e.closest('.bottom-nav') ? 0 : scrollY;
      return { left: r.left + scrollX, right: r.right + scrollX, top: r.top + y, bottom: r.bottom + y };
    };
    let scroller = null;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (/auto|scroll/.test(s.overflowX + s.overflowY)) scroller = a;
    }
    if (!scroller) return { ...page(el), scroller: null };
    const r = el.getBoundingClientRect(), b = scroller.getBoundingClientRect();
    const x = scroller.scrollLeft - b.left, y = scroller.scrollTop - b.top;
    return { ...page(scroller), scroller: id(scroller),
      inner: { left: r.left + x, right: r.right + x, top: r.top + y, bottom: r.bottom + y } };
  };
  const FOCUSABLE = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], [contenteditable=""], [contenteditable=true]';
  // What Tab must reach: enabled, not taken out of the order, and drawn (a visually hidden input counts
  // when a label of it is drawn); one radio button per group.
  const reachable = root => {
    const groups = new Set();
    return [...root.querySelectorAll(FOCUSABLE)].filter(el => {
      if (el.matches(':disabled') || el.tabIndex < 0 || el.closest('[inert], .toast-region')) return false;
      if (!el.checkVisibility({ visibilityProperty: true })) return false;
      const r = el.getBoundingClientRect();
      if (!(r.width > 0 && r.height > 0)) return false;
      if (el.closest('.visually-hidden') || el.classList.contains('visually-hidden')) {
        if (![...(el.labels ?? [])].some(shown)) return false;
      }
      if (el.type === 'radio' && el.name) {
        if (groups.has(el.name)) return false;
        groups.add(el.name);
      }
      return true;
    });
  };
  const keys = new WeakMap();
  let counter = 0;
  const id = el => { if (!keys.has(el)) keys.set(el, ++counter); return keys.get(el); };
  // The focused element: where it is, and the focus ring it shows (null when none is strong enough), with
  // the box around it that cuts the ring off, if any.
  const stop = () => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const all = rings(el);
    const ring = all.find(r => r.width >= 2 && r.contrast >= 3 && shown(r.host)) ?? null;
    let cut = null;
    if (ring) {
      const r = ring.host.getBoundingClientRect(), c = clipBox(ring.host), o = ring.out;
      if (r.left - o < c.left - 1 || r.right + o > c.right + 1 || r.top - o < c.top - 1 || r.bottom + o > c.bottom + 1) {
        for (let a = ring.host.parentElement; a && !cut; a = a.parentElement) {
          const s = getComputedStyle(a);
          if (s.overflowX !== 'visible' || s.overflowY !== 'visible') cut = name(a);
        }
        cut ??= 'the screen';
      }
    }
    return {
      id: id(el), name: name(el), nav: !!el.closest('.bottom-nav'), toast: !!el.closest('.toast-region'),
      ring: ring && { contrast: +ring.contrast.toFixed(2), width: ring.width, on: name(ring.host) },
      best: all.length ? Math.max(...all.map(r => r.contrast)).toFixed(2) : null,
      cut, clear: unobscured(ring?.host ?? el), place: place(ring?.host ?? el), inModal: window.__a11y.inModal(el),
    };
  };
  window.__a11y = { name, shown, texts, truncated, cutBy, brokenWords, rings, unobscured, place, reachable, id, stop };
})()`;

/** Words of letters broken across two lines (`overflow-wrap` where a box got too narrow for them), as
 * `"word" in element` lines. */
export async function brokenWordProblems(p) {
  await p.evaluate(A11Y_HELPERS);
  return p.evaluate(() => {
    const { texts, brokenWords, name } = window.__a11y;
    return texts(document).flatMap(el => brokenWords(el).map(w => `a word broken across lines: "${w}" in ${name(el)}`));
  });
}

/**
 * What is lost when the text is twice as large (see `setTextSize`): the page scrolling sideways, text
 * cut off, spilling out of its box or drawn over other text (`layoutProblems`), text that did not grow,
 * text that was whole at 100 % and is cut (ellipsis, clamped lines, a box that hides it) or gone at
 * 200 %, and content left under the bottom navigation at the end of the page. Loads nothing: call it on
 * a screen shown at 100 %; it leaves the page at 200 %.
 */
export async function textSizeProblems(p) {
  await p.evaluate(A11Y_HELPERS);
  await setTextSize(p, 100);
  await p.evaluate(() => {
    const { texts, truncated, name } = window.__a11y;
    // Text taller than a box of fixed height (a badge) spills out of it, over what is below.
    const spills = el => {
      const s = getComputedStyle(el);
      return s.display !== 'inline' && s.overflowY === 'visible' && el.scrollHeight > el.clientHeight + 2;
    };
    window.__a11y.spills = spills;
    window.__a11y.base = new Map(texts(document).map(el => [el, {
      size: parseFloat(getComputedStyle(el).fontSize), truncated: truncated(el), name: name(el),
      broken: new Set(window.__a11y.brokenWords(el)), spills: spills(el),
    }]));
  });
  await setTextSize(p, 200);
  const out = await p.evaluate(() => {
    const { texts, truncated, cutBy, name, base } = window.__a11y;
    const out = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) out.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
    const now = new Set(texts(document));
    for (const [el, was] of base) {
      if (!el.isConnected) continue;
      if (!now.has(el)) { out.push(`gone at 200 %: ${was.name}`); continue; }
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < was.size * 1.9) out.push(`text does not grow: ${was.name} (${was.size} px → ${size} px)`);
      if (!was.truncated && truncated(el)) out.push(`cut off at 200 %: ${was.name}`);
      if (!was.spills && window.__a11y.spills(el)) out.push(`spills out of its box at 200 %: ${was.name}`);
      for (const word of window.__a11y.brokenWords(el)) {
        if (!was.broken.has(word)) out.push(`a word broken across lines at 200 %: "${word}" in ${was.name}`);
      }
    }
    for (const el of now) {
      const by = cutBy(el);
      if (by && !(base.get(el)?.truncated)) out.push(`hidden by the box around it: ${name(el)} in ${name(by)}`);
    }
    // The end of the page scrolls clear of the bottom navigation.
    const nav = document.querySelector('.bottom-nav');
    const main = document.querySelector('#main-content');
    if (nav && main) {
      const y = scrollY;
      scrollTo(0, root.scrollHeight);
      const top = nav.getBoundingClientRect().top;
      // Each element's bottom as far as the boxes around it (a list that scrolls) let it show.
      const bottom = el => {
        let b = el.getBoundingClientRect().bottom;
        for (let a = el.parentElement; a && a !== main; a = a.parentElement) {
          const s = getComputedStyle(a);
          if (s.overflowY !== 'visible') b = Math.min(b, a.getBoundingClientRect().bottom);
        }
        return b;
      };
      const low = Math.max(...[...main.querySelectorAll('*')].filter(window.__a11y.shown).map(bottom));
      if (low > top + 1) out.push(`the end of the page stays under the bottom navigation (${Math.round(low - top)} px)`);
      scrollTo(0, y);
    }
    return out;
  });
  return [...new Set([...out, ...await layoutProblems(p)])];
}

/**
 * Keyboard use of the screen: Tab from the top until focus comes back round. Each stop must show a
 * focus ring (an outline or box-shadow ring ≥ 2 px with ≥ 3:1 contrast against what is behind it, not
 * cut off by a box around it, and half of the element, or 40 px of a tall one, clear of the fixed bars);
 * Tab must reach every enabled, drawn control before any is focused twice; stops go in reading order
 * (down the page, left to right along a row), the bottom navigation last. With a modal dialog open the
 * round starts at its focused control and must stay in it (a visually hidden input that a label in the
 * dialog stands for counts as in it); `dialogHoldsFocus: false` checks only the dialog's own stops, up to
 * where focus leaves it. Returns the problems and the order of stops.
 */
export async function focusProblems(p, { dialogHoldsFocus = true } = {}) {
  await p.evaluate(A11Y_HELPERS);
  const modal = await p.evaluate(() => {
    const d = [...document.querySelectorAll('[aria-modal="true"]')].find(window.__a11y.shown);
    window.__a11y.modal = d ?? null;
    if (!d) { document.activeElement?.blur(); scrollTo(0, 0); }
    const root = d ?? document;
    const inModal = el => !d || d.contains(el) || [...(el.labels ?? [])].some(l => d.contains(l));
    window.__a11y.inModal = inModal;
    window.__a11y.expected = window.__a11y.reachable(root).filter(inModal);
    return !!d;
  });
  const expected = await p.evaluate(() => window.__a11y.expected.length);
  const stops = [];
  const problems = [];
  const seen = new Set();
  let previous = null;
  // A dialog has the focus when it opens: that is its first stop (whose ring is looked at when Tab comes
  // back round to it: a focus the page moved after a tap shows none, rightly).
  const first = modal ? await p.evaluate(() => window.__a11y.stop()) : null;
  if (first?.inModal) {
    stops.push(first);
    seen.add(first.id);
    previous = first.id;
  }
  for (let i = 0; i < expected * 2 + 100; i++) {
    await p.keyboard.press('Tab');
    const stop = await p.evaluate(() => window.__a11y.stop());
    if (!stop) {
      // Focus left the document (the browser's own controls come next): the page's order is done,
      // unless a dialog holds the focus, which then comes back to its start.
      if (stops.length && !modal) break;
      continue;
    }
    // Tab inside one control (the parts of a date field) stays on it.
    if (stop.id === previous) continue;
    if (modal && !dialogHoldsFocus && !stop.inModal) break;
    previous = stop.id;
    if (seen.has(stop.id)) {
      if (stop.id === first?.id) stops[0] = stop;
      break;
    }
    seen.add(stop.id);
    stops.push(stop);
  }
  // A dialog's first stop not seen again by Tab: Shift+Tab back to it.
  if (first?.inModal && stops[0].id === first.id && !stops[0].ring) {
    for (let i = 0; i < stops.length + 3; i++) {
      await p.keyboard.press('Shift+Tab');
      const back = await p.evaluate(() => window.__a11y.stop());
      if (back?.id === first.id) { stops[0] = back; break; }
    }
  }
  const reached = new Set(stops.map(s => s.id));
  // What the page replaced on the way (a "load more" button once all is loaded) is not missed. A list
  // that loads more as focus goes down it (endless scrolling) may keep the rest out of reach of this many
  // presses: then only the stops made are checked.
  const { missing, grew } = await p.evaluate(ids => {
    const { expected, id, name, reachable, modal } = window.__a11y;
    const now = reachable(modal ?? document);
    const still = new Set(now);
    const missing = expected.filter(el => still.has(el) && !ids.includes(id(el))).map(name);
    return { missing, grew: now.filter(el => !expected.includes(el)).length > 0 };
  }, [...reached]);
  if (grew) missing.length = 0;
  for (const m of missing) problems.push(`Tab never reaches ${m}`);
  let last = null, navStarted = false;
  for (const s of stops) {
    if (modal && !s.inModal) problems.push(`focus leaves the dialog for ${s.name}`);
    if (!s.ring) problems.push(`no visible focus ring on ${s.name} (best contrast ${s.best ?? 'none'})`);
    else if (s.cut) problems.push(`the focus ring of ${s.name} is cut off by ${s.cut}`);
    // Half of it, or for a tall one (a text area, whose caret line is what focus brings into view) 40 px.
    if (s.clear.share < 0.5 && s.clear.px < 40) problems.push(`${s.name} is hidden under a fixed bar when focused (${Math.round(s.clear.share * 100)} % shows)`);
    if (s.toast) continue;
    if (navStarted && !s.nav) problems.push(`${s.name} comes after the bottom navigation`);
    navStarted ||= s.nav;
    if (last && last.nav === s.nav) {
      const same = last.place.scroller !== null && last.place.scroller === s.place.scroller;
      const [a, b] = same ? [last.place.inner, s.place.inner] : [last.place, s.place];
      const rowOverlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      const sameRow = rowOverlap >= Math.min(a.bottom - a.top, b.bottom - b.top) / 2;
      if (b.bottom <= a.top + 2) problems.push(`${s.name} is above ${last.name} but comes after it`);
      else if (sameRow && b.right <= a.left + 2) problems.push(`${s.name} is left of ${last.name} in a row but comes after it`);
    }
    last = s;
  }
  return { problems: [...new Set(problems)], order: stops.map(s => s.name) };
}
