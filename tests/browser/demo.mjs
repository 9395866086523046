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

/** Starts `cvlink demo` on a free port in a new directory; resolves once its demo.json is written. */
export async function startDemo() {
  assert.ok(CVLINK && existsSync(CVLINK), 'CVLINK_BIN must point to the cvlink binary');
  assert.ok(WEB && existsSync(join(WEB, 'index.html')), 'CVMOBILE_WEB_DIR must hold the web build');
  // Screenshots of every run replace the last run's (node runs the test files one after another).
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'cvmobile-browser-'));
  const proc = spawn(CVLINK, ['demo', '--dir', dir, '--port', '0', '--web-dir', WEB], { stdio: ['ignore', 'pipe', 'inherit'] });
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

/** A screenshot, without the pointer's hover on whatever was clicked last. */
export async function shot(p, name) {
  await p.mouse.move(1, 1);
  await p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/**
 * Registers the file's `before` and `after`: a `cvlink demo` and a Chromium, handed to `ready({ demo, info,
 * browser })` once both run (in the same hook, so the tests never see them half set up).
 */
export function useDemo(ready, launch = {}) {
  const env = {};
  before(async () => {
    env.demo = await startDemo();
    env.info = env.demo.info;
    env.browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, ...launch });
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
