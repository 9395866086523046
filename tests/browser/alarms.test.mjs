// The Alarm Center and the Notification Center in headless Chromium against a real `cvlink demo`
// (cvsim inside, polled every second): an alarm raised in cvsim appears without a reload, is
// acknowledged with a remark, filters and search list exactly what the gateway's API does, and opening
// the Notification Center clears its badge. Run by `cargo xtask test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateway as api, login as fillLogin, phonePage, shot, simApi, simControl, useDemo, waitFor } from './demo.mjs';

let info, browser;
useDemo(env => ({ info, browser } = env));

const gateway = path => api(info, path);

async function onlineDoors() {
  return (await simApi(info, '/api/door/allDoorState?timestamp=0')).filter(d => String(d.connect) === '1');
}

async function raise(doorId, alarm = 'forced open') {
  await simControl(info, `/sim/doors/${doorId}/alarm`, { alarm });
}

async function login(p) {
  await fillLogin(p, info, { role: 'admin', ...info.admin });
  await p.waitForSelector('#nav-alarms');
}

async function text(p, sel) {
  return (await p.locator(sel).innerText()).trim();
}

async function count(p, which) {
  return Number(await text(p, `#alarm-card-${which}-count`));
}

async function listedIds(p) {
  return p.locator('#alarm-list .alarm-item').evaluateAll(els => els.map(e => Number(e.dataset.id)));
}

/** Waits until the list shows exactly the alarms the gateway lists for `query` (first page). */
async function listMatches(p, query, what) {
  let want;
  await waitFor(async () => {
    want = (await gateway(`/api/v1/alarms?${query}`)).items.map(a => a.id);
    const shown = want.length === 0 ? (await p.locator('#empty').count() ? [] : null) : await listedIds(p);
    return JSON.stringify(shown) === JSON.stringify(want);
  }, what, 15_000).catch(async e => {
    throw new Error(`${e.message}: shown ${JSON.stringify(await listedIds(p))}, gateway ${JSON.stringify(want)}`);
  });
  return want;
}

test('a cvsim alarm appears live, is acknowledged with a remark, and filters list exactly what the API does', async () => {
  const p = await phonePage(browser);
  await login(p);
  await p.click('#nav-alarms');
  await p.waitForSelector('#alarm-card-total-count');
  const today = (await gateway('/api/v1/alarms/summary')).date;
  const before = { total: await count(p, 'total'), unconfirmed: await count(p, 'unconfirmed') };
  const doors = await onlineDoors();
  assert.ok(doors.length >= 2, 'the demo has online doors');
  await p.waitForSelector('#live-status, #alarm-list, #empty');
  // A marker that a reload would lose.
  await p.evaluate(() => { window.__noReload = true; });

  // Today may already hold alarms (the demo back-fills the last hours): the new one is the one the
  // gateway did not list before.
  const known = new Set((await gateway(`/api/v1/alarms?date=${today}`)).items.map(a => a.id));
  await raise(doors[0].id, 'forced open');
  let first;
  await waitFor(async () => {
    first = (await gateway(`/api/v1/alarms?date=${today}`)).items.find(a => !known.has(a.id));
    return first !== undefined;
  }, 'the gateway has the alarm', 15_000);
  await waitFor(async () => (await listedIds(p))[0] === first.id, 'the new alarm card on top (no reload)', 15_000);
  assert.equal(await p.evaluate(() => window.__noReload), true, 'the page was not reloaded');
  assert.equal(await p.getAttribute(`#alarm-${first.id}`, 'data-status'), 'unconfirmed');
  assert.equal(await p.locator(`#alarm-${first.id} .unconfirmed-dot`).count(), 1);
  const title = await text(p, `#alarm-${first.id} .alarm-title`);
  assert.ok(title.includes(first.name), title);
  if (first.device) assert.ok(title.includes(`@ ${first.device}`), title);
  await waitFor(async () => await count(p, 'total') === before.total + 1, 'the total moved', 10_000);
  assert.equal(await count(p, 'unconfirmed'), before.unconfirmed + 1);
  // The live events also reached the bell.
  await waitFor(async () => (await p.locator('#notif-badge').count()) === 1, 'the unread badge', 10_000);

  // A second alarm of another kind on another door, for the filters.
  await raise(doors[1].id, 'tamper');
  await waitFor(async () => (await p.locator('#alarm-list .alarm-item').count()) >= 2, 'the second alarm card', 15_000);
  await waitFor(async () => await count(p, 'total') === before.total + 2, 'the total moved again', 10_000);
  await shot(p, 'alarm-center-light');

  // Details and acknowledgement.
  await p.click(`#alarm-${first.id} a`);
  await p.waitForSelector('#ack-remark');
  assert.equal(await text(p, '#alarm-time'), first.at);
  if (first.device) assert.equal(await text(p, '#alarm-device'), first.device);
  if (first.source) assert.equal(await text(p, '#alarm-source'), first.source);
  assert.equal(await p.getAttribute('#alarm-status', 'data-status'), 'unconfirmed');
  await p.waitForSelector('#alarm-photo');
  await shot(p, 'alarm-details-form-light');
  // Too long a remark is refused by the app and what was typed stays.
  const long = 'x'.repeat(501);
  await p.fill('#ack-remark', long);
  await p.click('#ack-submit');
  await p.waitForSelector('#ack-error');
  assert.equal(await p.inputValue('#ack-remark'), long);
  const remark = 'Checked on site: the door was forced by a delivery; guard informed.';
  await p.fill('#ack-remark', remark);
  await p.click('#ack-submit');
  await p.waitForSelector('#ack-by');
  assert.equal(await text(p, '#ack-by'), info.admin.account);
  assert.equal(await text(p, '#ack-remark-text'), remark);
  assert.match(await text(p, '#ack-at'), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  assert.equal(await p.getAttribute('#alarm-status', 'data-status'), 'confirmed');
  assert.equal(await p.locator('#ack-form').count(), 0);
  const stored = await gateway(`/api/v1/alarms/${first.id}`);
  assert.deepEqual(stored.ack, { by: info.admin.account, at: await text(p, '#ack-at'), remark });
  await shot(p, 'alarm-details-light');

  // Back in the list: the unconfirmed count dropped, the card lost its dot.
  await p.click('#nav-alarms');
  await p.waitForSelector(`#alarm-${first.id}`);
  await waitFor(async () => await count(p, 'unconfirmed') === before.unconfirmed + 1, 'the unconfirmed count dropped', 10_000);
  assert.equal(await count(p, 'total'), before.total + 2);
  assert.equal(await p.getAttribute(`#alarm-${first.id}`, 'data-status'), 'confirmed');

  // The cards filter by status.
  await p.click('#alarm-card-unconfirmed');
  await p.waitForURL(/status=unconfirmed/);
  const unconfirmed = await listMatches(p, `date=${today}&status=unconfirmed`, 'the unconfirmed list');
  assert.ok(!unconfirmed.includes(first.id));
  await p.click('#alarm-card-confirmed');
  await p.waitForURL(/status=confirmed/);
  const confirmed = await listMatches(p, `date=${today}&status=confirmed`, 'the confirmed list');
  assert.ok(confirmed.includes(first.id));
  await p.click('#alarm-card-total');
  await listMatches(p, `date=${today}`, 'the whole list');

  // Level, range and resource filters.
  await p.selectOption('#alarm-level', 'alarm');
  await p.waitForURL(/level=alarm/);
  await listMatches(p, `date=${today}&level=alarm`, 'the alarm-level list');
  await p.selectOption('#alarm-level', '');
  await p.selectOption('#alarm-range', '7d');
  await p.waitForURL(/range=7d/);
  const sevenDaysAgo = new Date(`${today}T12:00:00`);
  sevenDaysAgo.setDate(sevenDaysAgo.getDate() - 6);
  const from = sevenDaysAgo.toISOString().slice(0, 10);
  await listMatches(p, `from=${from}&to=${today}`, 'the last 7 days');
  if (first.device) {
    await waitFor(async () => (await p.locator(`#alarm-resource option[value="${first.device}"]`).count()) === 1, 'device options', 10_000);
    await p.selectOption('#alarm-resource', first.device);
    await p.waitForURL(/resource=/);
    const byDevice = await listMatches(p, `from=${from}&to=${today}&resource=${encodeURIComponent(first.device)}`, 'the device\'s alarms');
    assert.ok(byDevice.includes(first.id));
    await p.selectOption('#alarm-resource', '');
  }

  // Search by event name: only the tamper alarm.
  await p.fill('#alarm-search', 'tamper');
  await p.click('#alarm-search-submit');
  await p.waitForURL(/q=tamper/);
  const found = await listMatches(p, `from=${from}&to=${today}&q=tamper`, 'the search result');
  assert.ok(found.length >= 1 && !found.includes(first.id), JSON.stringify(found));
  // A search that matches nothing says so.
  await p.fill('#alarm-search', 'no such alarm anywhere');
  await p.click('#alarm-search-submit');
  await p.waitForSelector('#empty');

  // The Notification Center: the badge clears when it opens; the alarms are listed.
  await p.click('#nav-dashboard');
  await p.waitForSelector('#notif-badge');
  await p.click('#open-notifications');
  await p.waitForSelector('#notif-list .notif-item');
  // Read: back on the dashboard the bell has no badge.
  await p.click('#nav-dashboard');
  await p.waitForSelector('#open-notifications');
  assert.equal(await p.locator('#notif-badge').count(), 0);
  await p.click('#open-notifications');
  await p.waitForSelector('#notif-list .notif-item');
  await waitFor(async () => (await p.locator(`#notif-${first.id}`).count()) === 1, 'the alarm in the notifications', 10_000);
  const kinds = await p.locator('#notif-list .notif-item').evaluateAll(els => els.map(e => e.dataset.kind));
  assert.ok(kinds.includes('alarm'), JSON.stringify(kinds));
  // Newest first.
  const ids = await p.locator('#notif-list .notif-item').evaluateAll(els => els.map(e => Number(e.dataset.id)));
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  await shot(p, 'notifications-light');
  // A live event while the list is open goes on top, and stays read.
  await raise(doors[0].id, 'timeout');
  await waitFor(async () => {
    const top = await p.locator('#notif-list .notif-item').first().getAttribute('data-id');
    return Number(top) > ids[0];
  }, 'a live notification on top', 15_000);
  assert.equal(await p.locator('#notif-badge').count(), 0);
  await p.context().close();
});

for (const [theme, locale] of [['dark', 'es-ES'], ['dark', 'en-US'], ['light', 'es-ES']]) {
  test(`screens in ${theme} / ${locale}`, async () => {
    const p = await phonePage(browser, theme, locale);
    await login(p);
    await p.click('#nav-alarms');
    await p.waitForSelector('#alarm-list .alarm-item');
    const tag = `${theme}${locale === 'es-ES' ? '-es' : ''}`;
    await shot(p, `alarm-center-${tag}`);
    const id = await p.locator('#alarm-list .alarm-item').first().getAttribute('data-id');
    await p.click(`#alarm-${id} a`);
    await p.waitForSelector('#alarm-status');
    await shot(p, `alarm-details-${tag}`);
    await p.click('#open-notifications');
    await p.waitForSelector('#notif-list .notif-item');
    await shot(p, `notifications-${tag}`);
    await p.click('#nav-apps');
    await p.waitForSelector('#app-devices');
    await shot(p, `apps-${tag}`);
    await p.context().close();
  });
}

test('the Alarm Center fits a 360×640 screen', async () => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 1 });
  const p = await ctx.newPage();
  await login(p);
  await p.click('#nav-alarms');
  await p.waitForSelector('#alarm-list .alarm-item');
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  await shot(p, 'alarm-center-360-light');
  await ctx.close();
});
