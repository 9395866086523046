// The web build as an installable app: a web app manifest with icons rendered from assets/icon.svg, a
// service worker that keeps the app shell (the app starts with the network gone) and never keeps an API
// answer, and Chromium's own verdict that the page is installable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ARGS, CHROMIUM, login, shot, useDemo, waitFor } from './demo.mjs';

let info;
useDemo(env => ({ info } = env));

async function cachedUrls(p) {
  return p.evaluate(async () => {
    const out = [];
    for (const k of await caches.keys()) {
      const c = await caches.open(k);
      for (const r of await c.keys()) out.push(new URL(r.url).pathname);
    }
    return out;
  });
}

test('the manifest names the app and its icons, each one served at its size', async () => {
  const r = await fetch(`${info.web_url}/manifest.webmanifest`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /manifest\+json|application\/json/);
  const m = await r.json();
  assert.equal(m.name, 'cvmobile');
  assert.equal(m.start_url, '/');
  assert.equal(m.display, 'standalone');
  for (const size of [192, 512]) {
    const icon = m.icons.find(i => i.sizes === `${size}x${size}` && i.type === 'image/png');
    assert.ok(icon, `a ${size} px PNG icon`);
    const png = Buffer.from(await (await fetch(`${info.web_url}${icon.src}`)).arrayBuffer());
    assert.equal(png.readUInt32BE(16), size, `${icon.src} width`);
    assert.equal(png.readUInt32BE(20), size, `${icon.src} height`);
  }
  assert.ok(m.icons.some(i => i.purpose === 'maskable'));
});

test('Chromium finds the app installable; the service worker keeps the shell, not the API, and the app starts offline', async () => {
  // A profile on disk: Chromium installs nothing from a private (incognito-like) context.
  const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cvmobile-pwa-')), {
    executablePath: CHROMIUM, args: ARGS, viewport: { width: 412, height: 915 }, deviceScaleFactor: 1,
  });
  const p = ctx.pages()[0] ?? await ctx.newPage();
  await p.goto(info.web_url);
  await p.waitForSelector('#login-submit');
  assert.ok(await p.evaluate(() => navigator.serviceWorker.ready.then(r => !!r.active)), 'an active service worker');
  const cdp = await p.context().newCDPSession(p);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, [], 'installability errors');
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, []);

  // Use the app: the API's answers pass the service worker by.
  await login(p, info, { role: 'admin', ...info.admin });
  await p.waitForSelector('#dash-persons');
  await waitFor(async () => (await cachedUrls(p)).some(u => u.endsWith('.wasm')), 'the shell in the cache', 15_000);
  const cached = await cachedUrls(p);
  assert.ok(cached.includes('/index.html'), cached.join(' '));
  assert.deepEqual(cached.filter(u => u.startsWith('/api/')), [], 'no API answer is kept');

  // The network goes away: the app still starts, says the server cannot be reached, and offers to try again.
  try {
    await ctx.setOffline(true);
    await p.reload();
    // The shell comes from the service worker's cache; the app says it cannot reach the server.
    await p.waitForSelector('#login-submit, .bottom-nav', { timeout: 20_000 });
    await waitFor(async () => (await p.getByText('The server cannot be reached.').count()) > 0, 'the unreachable message', 20_000);
    // It comes first, in view: nothing on the form needs filling to resume.
    const box = await p.locator('#login-retry').boundingBox();
    assert.ok(box && box.y + box.height <= p.viewportSize().height, `Try again in view: ${JSON.stringify(box)}`);
    await shot(p, 'offline-start-light');
    // The session was kept: once the network is back, "Try again" resumes it without a password.
    assert.equal(await p.inputValue('#password'), '');
    await ctx.setOffline(false);
    await p.click('#login-retry');
    await p.waitForSelector('#dash-persons', { timeout: 20_000 });
    assert.equal(new URL(p.url()).pathname, '/admin/dashboard');
  } finally {
    await ctx.close();
  }
});
