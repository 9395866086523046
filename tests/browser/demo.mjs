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
  return p.evaluate(() => {
    const out = [];
    const vw = document.documentElement.clientWidth;
    const name = el => el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}${[...el.classList].map(c => '.' + c).join('')}`;
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
