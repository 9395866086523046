// The relay in a real browser: `cvlink demo --relay` runs a relay host on loopback and lists its URL as
// the org code's second address. The web build opened through the relay's HTTPS address (Chromium pins
// cvlink's key, as a phone does from the org code) signs in, shows "Connected through: Relay" and the
// tunnel Online on Me, and the notification self-test comes back through it; opened on the site's own
// addresses it says so too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { ARGS, login as fillLogin, phonePage, shot, useDemo, waitFor } from './demo.mjs';

let info, browser;
useDemo(env => ({ info, browser } = env), info => ({
  // Chromium trusts exactly cvlink's key (the org code's `fp`), whatever certificate carries it.
  args: [...ARGS, `--ignore-certificate-errors-spki-list=${Buffer.from(fingerprint(info), 'hex').toString('base64')}`],
}), ['--relay']);

function fingerprint(info) {
  return new URL(info.org_code.replace('cvmobile://', 'https://')).searchParams.get('fp');
}

async function text(p, sel) {
  return (await p.locator(sel).innerText()).trim();
}

/** Whether something accepts connections at `url`'s port (the relay opens it once the site attached). */
function portOpen(url) {
  const u = new URL(url);
  return new Promise(resolve => {
    const s = connect(Number(u.port), u.hostname, () => { s.end(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

async function signInAt(p, origin) {
  await waitFor(() => portOpen(origin), `${origin} to accept connections`, 30_000);
  await fillLogin(p, { ...info, web_url: origin }, { role: 'admin', account: info.admin.account, password: info.admin.password });
  await p.waitForSelector('#nav-me');
  await p.click('#nav-me');
  await p.waitForSelector('#me-route');
}

test('the org code lists the site first and the relay second', () => {
  const urls = new URL(info.org_code.replace('cvmobile://', 'https://')).searchParams.getAll('u');
  assert.deepEqual(urls, [info.base_url, info.relay_url]);
});

for (const theme of ['light', 'dark']) {
  test(`through the relay an admin signs in and Me shows the relay path and the tunnel online (${theme})`, async () => {
    const p = await phonePage(browser, theme);
    await signInAt(p, info.relay_url);
    assert.equal(await text(p, '#me-route'), 'Relay');
    assert.equal(await text(p, '#me-server'), info.relay_url);
    await waitFor(async () => (await p.locator('#status-1').count()) > 0, 'the site connection card', 15_000);
    assert.equal(await text(p, '#status-0'), 'Reachable');
    assert.equal(await text(p, '#status-1'), 'Online');
    await p.locator('#site-connection').scrollIntoViewIfNeeded();
    await shot(p, `me-relay-${theme}`);
    // The notification self-test goes through cvlink and comes back over the live connection (here
    // through the relay): a toast, the result with its time, and the last event's age.
    await p.click('#send-test-notification');
    await waitFor(async () => (await p.locator('#selftest-result[data-state="back"]').count()) > 0, 'the test notification back', 15_000);
    assert.match(await text(p, '#selftest-result'), /^It came back in \d+ ms/);
    assert.match(await text(p, '#me-last-event'), /^\d+ s ago$/);
    assert.match(await text(p, '#toast'), /Test notification/);
    await p.locator('#notify-test').scrollIntoViewIfNeeded();
    await shot(p, `me-selftest-${theme}`);
    await p.click('#toast-close');
    await waitFor(async () => (await p.locator('#toast').count()) === 0, 'the toast dismissed', 5_000);
    // Data comes through the tunnel too.
    await p.click('#nav-dashboard');
    await waitFor(async () => /^\d+$/.test(await text(p, '#dash-persons')), 'dashboard numbers', 15_000);
    await p.context().close();
  });
}

test('on the site network Me says so, and on this computer too', async () => {
  const p = await phonePage(browser);
  await signInAt(p, info.base_url);
  assert.equal(await text(p, '#me-route'), 'Site network');
  await p.context().close();
  const local = await phonePage(browser, 'light', 'es-ES');
  await signInAt(local, info.web_url);
  assert.equal(await text(local, '#me-route'), 'Este equipo');
  assert.equal(await text(local, '#status-1'), 'En línea');
  await local.context().close();
});
