// What every browser test file shares: a `cvlink demo` (cvsim inside) serving the web build, Chromium,
// and a place for screenshots. Run by `cargo xtask test`, which builds the web app and cvlink and
// passes their paths in CVLINK_BIN and CVMOBILE_WEB_DIR.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
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

export async function shot(p, name) {
  await p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}
