// Personnel in headless Chromium against a real `cvlink demo` (cvsim inside, polled every second): My
// Credentials shows a QR code that, read back from a screenshot with cvm-scan, opens a cvsim reader; the
// record reaches the person's Notification Center live (badge on the tab, then on top of the open list);
// past its validity the old code is refused and the app already shows a new one; CVSecurity down is said
// plainly while the shown code still works; App Login switched off ends the session once, with the
// reason. Run by `cargo xtask test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ARTIFACTS, CVLINK, login as fillLogin, phonePage, present as presentAt, shot, simApi, simControl, useDemo, waitFor } from './demo.mjs';

const QRSCAN = process.env.QRSCAN_BIN;

let info, browser;
useDemo(env => ({ info, browser } = env));

function cli(...args) {
  return execFileSync(CVLINK, ['--config', info.config, ...args], { encoding: 'utf8' });
}

async function loginPerson(p) {
  await fillLogin(p, info, { role: 'personnel', ...info.personnel });
  await p.waitForSelector('#nav-notifications');
}

async function openCredential(p) {
  await p.click('#nav-apps');
  await p.click('#app-credential');
  await p.waitForSelector('#credential[data-state="valid"]');
}

/** The code on screen, read back from a screenshot of it with cvm-scan (as a reader would). */
async function shownCode(p, name) {
  const file = join(ARTIFACTS, `${name}.png`);
  await p.locator('#credential-qr').screenshot({ path: file });
  const [, payload] = execFileSync(QRSCAN, [file], { encoding: 'utf8' }).trim().split('\t');
  assert.ok(payload && payload !== '-', `a QR code in ${file}`);
  return payload;
}

const present = (reader, body) => presentAt(info, reader, body);

async function readers() {
  return (await simApi(info, '/api/reader/accList?pageNo=1&pageSize=200')).map(r => r.id);
}

async function rowCount(p) {
  return p.locator('#notif-list .notif-item').count();
}

test('a person shows their code at a reader and follows the record live; an expired code is refused', async () => {
  const p = await phonePage(browser);
  await loginPerson(p);
  await openCredential(p);
  assert.match(await p.locator('#credential-countdown').innerText(), /Valid for \d+ seconds/);
  await shot(p, 'credential-light');

  // The code read off the screen opens a reader (the first whose door admits the person).
  let reader, granted;
  for (const id of await readers()) {
    const code = await shownCode(p, 'credential-code');
    const v = await present(id, { qr: code });
    if (v?.granted) { reader = id; granted = v; break; }
  }
  assert.ok(granted, 'a reader admitted the code shown by the app');
  assert.equal(granted.transaction.pin, info.personnel.account);
  assert.equal(granted.transaction.verifyModeName, 'QR code');
  // The record comes to the tab's badge without a reload…
  await p.evaluate(() => { window.__noReload = true; });
  await p.waitForSelector('#nav-badge', { timeout: 15_000 });
  // …and is on top of the Notification Center, which clears the badge.
  await p.click('#nav-notifications');
  await p.waitForSelector('#notif-list .notif-item');
  assert.equal(await p.locator('#nav-badge').count(), 0);

  // With the Notification Center open, the person's card at the reader appears on top, live.
  const before = await rowCount(p);
  const me = await simApi(info, `/api/person/get/${info.personnel.account}`);
  const presented = Date.now();
  const v = await present(reader, { card: me.cardNo });
  assert.ok(v?.granted, 'the card opens the same reader');
  await waitFor(async () => (await rowCount(p)) > before, 'the card record in the open list', 15_000);
  console.log(`reader → Notification Center: ${Date.now() - presented} ms`);
  const top = p.locator('#notif-list .notif-item').first();
  assert.equal(await top.getAttribute('data-kind'), 'access');
  assert.match(await top.innerText(), /Access granted/);
  assert.match(await top.innerText(), /Card/);
  assert.equal(await p.evaluate(() => window.__noReload), true, 'no reload');
  await shot(p, 'records-mine-light');

  // Past its validity (cvsim's clock moved on) the reader refuses the code shown; the app has put a new
  // one up before the old one ran out on its own clock, and the new one opens the door.
  await openCredential(p);
  const old = await shownCode(p, 'credential-old');
  const oldSvg = await p.locator('#credential-qr').innerHTML();
  await simControl(info, '/sim/clock/advance', { secs: 31 });
  const refused = await present(reader, { qr: old });
  assert.equal(refused.granted, false);
  assert.equal(refused.reason, 'QR code expired');
  await waitFor(async () => (await p.locator('#credential-qr').innerHTML().catch(() => oldSvg)) !== oldSvg,
    'a new code on screen', 40_000);
  assert.equal(await p.getAttribute('#credential', 'data-state'), 'valid', 'never an expired code on screen');
  const fresh = await shownCode(p, 'credential-new');
  assert.notEqual(fresh, old);
  assert.equal((await present(reader, { qr: fresh })).granted, true);
  await p.context().close();
});

test('no fresh code while CVSecurity is down: said plainly, the shown code kept while it works', async () => {
  const p = await phonePage(browser);
  await loginPerson(p);
  await openCredential(p);
  await simControl(info, '/sim/faults', { mode: '5xx' });
  try {
    await p.click('#refresh');
    await p.waitForSelector('#credential-warning', { timeout: 15_000 });
    assert.match(await p.locator('#credential-warning').innerText(), /still works for \d+ s/);
    assert.equal(await p.getAttribute('#credential', 'data-state'), 'valid');
    await shot(p, 'credential-offline-light');
  } finally {
    await simControl(info, '/sim/faults', { mode: 'none' });
  }
  await p.click('#refresh');
  await waitFor(async () => (await p.locator('#credential-warning').count()) === 0, 'the warning gone', 15_000);
  await p.context().close();
});

test('dark theme and Spanish', async () => {
  const p = await phonePage(browser, 'dark', 'es-ES');
  await loginPerson(p);
  assert.match(await p.locator('#nav-notifications').innerText(), /Notificaciones/);
  await p.waitForSelector('#notif-list .notif-item');
  await shot(p, 'records-mine-dark-es');
  await openCredential(p);
  assert.match(await p.locator('#credential-countdown').innerText(), /Válido durante \d+ segundos/);
  await shot(p, 'credential-dark-es');
  await p.context().close();
});

test('App Login switched off while the code is shown ends the session once, with the reason', async () => {
  const p = await phonePage(browser);
  await loginPerson(p);
  await openCredential(p);
  let calls = 0;
  p.on('request', r => { if (r.url().includes('/api/v1/me/credential')) calls += 1; });
  cli('app-login', 'disable', info.personnel.account);
  try {
    // The next fetch (a tap here; the countdown would do it within 30 s) is refused: back to login, told why.
    await p.click('#refresh');
    await p.waitForSelector('#login-submit', { timeout: 15_000 });
    assert.match(await p.locator('#login-error').innerText(), /Unauthorized APP login/);
    const after = calls;
    await p.waitForTimeout(3000);
    assert.equal(calls, after, 'no more credential requests once the session ended');
    assert.ok(calls <= 2, `${calls} credential requests after App Login was switched off`);
    await shot(p, 'credential-app-login-off-light');
  } finally {
    cli('app-login', 'enable', info.personnel.account);
  }
  await p.context().close();
});

test('background notifications: switched on in Me, a record arriving while hidden is shown; privacy policy', async () => {
  const p = await phonePage(browser, 'light', 'en-US', { permissions: ['notifications'] });
  await loginPerson(p);
  await p.click('#nav-me');
  await p.waitForSelector('#notify-switch:not([disabled])');
  assert.equal(await p.isChecked('#notify-switch'), false, 'off until switched on');
  await p.click('#notify-switch');
  await waitFor(async () => p.isChecked('#notify-switch'), 'the switch on', 10_000);
  assert.match(await p.locator('#notify-hint').innerText(), /On:/);
  await shot(p, 'me-notifications-on-light');
  // The app goes to the background (hidden), and the page's Notification records what it is asked to show.
  await p.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    window.__shown = [];
    const Real = window.Notification;
    window.Notification = class extends Real {
      constructor(title, options) { super(title, options); window.__shown.push({ title, body: options?.body }); }
    };
    Object.defineProperty(window.Notification, 'permission', { get: () => 'granted' });
  });
  const me = await simApi(info, `/api/person/get/${info.personnel.account}`);
  for (const id of await readers()) {
    if (await present(id, { card: me.cardNo })) break; // the first reader whose device is online
  }
  await waitFor(async () => (await p.evaluate(() => window.__shown.length)) > 0, 'a notification', 15_000);
  const [shown] = await p.evaluate(() => window.__shown);
  assert.match(shown.title, /Access granted|Denied/);
  // Privacy policy from Me.
  await p.evaluate(() => Object.defineProperty(document, 'hidden', { configurable: true, get: () => false }));
  await p.click('#me-privacy');
  await p.waitForSelector('#privacy');
  assert.match(await p.locator('#privacy').innerText(), /no tracking/i);
  await shot(p, 'privacy-light');
  await p.context().close();
});
