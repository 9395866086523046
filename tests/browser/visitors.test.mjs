// Visitor List, registration and Visit Statistics in headless Chromium against a real `cvlink demo` (cvsim
// inside): an admin registers a visitor with the host picked from suggestions and a photo from a file, the
// visit is listed and counted, checks out; a block-listed ID gets its message on the field with the form
// kept; a registration made while CVSecurity is down waits and is registered once it is back; the
// statistics draw today's flow and the month's top visitors. Run by `cargo xtask test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { gateway as api, login as fillLogin, phonePage, shot, simControl, useDemo, waitFor } from './demo.mjs';

let info, browser;
useDemo(env => ({ info, browser } = env));

const gateway = path => api(info, path);
const PHOTO = join(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'dashboard-light.png');

async function login(p) {
  await fillLogin(p, info, { role: 'admin', ...info.admin });
  await p.waitForSelector('#nav-apps');
}

async function count(p, id) {
  return Number((await p.locator(`#${id}-count`).innerText()).trim());
}

async function fillForm(p, { name, id }) {
  await p.click('#vis-register');
  await p.waitForSelector('#vis-form');
  await p.fill('#vis-name', name);
  await p.fill('#vis-last-name', 'Tester');
  await p.selectOption('#vis-id-type', '3');
  await p.fill('#vis-id-number', id);
  await p.fill('#vis-host', 'Walk');
  await p.waitForSelector(`#host-${info.personnel.account}`);
  await p.click(`#host-${info.personnel.account}`);
  assert.match(await p.inputValue('#vis-host'), new RegExp(`\\(${info.personnel.account}\\)`));
  await waitFor(async () => (await p.locator('#vis-reason option').count()) > 1, 'the visit reasons', 10_000);
  await p.selectOption('#vis-reason', 'Meeting');
  await p.fill('#vis-visitors', '2');
}

test('register with a host from suggestions and a photo, listed and counted, check out; refusals on the field', async () => {
  const p = await phonePage(browser);
  await login(p);
  await p.click('#nav-apps');
  await p.click('#app-visitors');
  await p.waitForSelector('#visit-card-all-count');
  const before = await gateway('/api/v1/visitors/summary');
  assert.equal(await count(p, 'visit-card-all'), before.visits + before.waiting);
  assert.equal(await count(p, 'visit-card-in'), before.checked_in);
  await shot(p, 'visitors-light');

  // Register, with a photo from a file (downscaled on the phone).
  await fillForm(p, { name: 'Bruno', id: 'P7654321' });
  await p.setInputFiles('#vis-photo-plate', PHOTO);
  await p.waitForSelector('#vis-photo-list img');
  const src = await p.getAttribute('#vis-photo-list img', 'src');
  assert.ok(src.startsWith('data:image/jpeg;base64,'), src.slice(0, 40));
  assert.ok(src.length < 600_000, `downscaled: ${src.length}`);
  await shot(p, 'visitor-register-light');
  await p.click('#vis-submit');
  await p.waitForSelector('#visit-list');
  const visits = (await gateway('/api/v1/visitors?q=bruno')).visits;
  assert.equal(visits.length, 1);
  const v = visits[0];
  assert.equal(v.status, 'checked_in');
  assert.equal(v.host, 'Alice Walker');
  assert.equal(v.photos.length, 1);
  const card = p.locator(`li.visit-card[data-id="${v.id}"]`);
  await card.waitFor();
  assert.match(await card.innerText(), /Bruno Tester/);
  assert.equal(await card.locator('img').count(), 1, 'the photo on the card');
  await waitFor(async () => await count(p, 'visit-card-in') === before.checked_in + 1, 'the count moved', 10_000);

  // Check out.
  await card.locator('.visit-checkout').click();
  await waitFor(async () => (await card.getAttribute('data-status')) === 'checked_out', 'checked out', 10_000);
  assert.equal((await gateway('/api/v1/visitors?q=bruno')).visits[0].status, 'checked_out');
  // The cards filter.
  await p.click('#visit-card-out');
  await p.waitForURL(/status=checked_out/);
  await waitFor(async () => (await p.locator('li.visit-card').evaluateAll(els => els.every(e => e.dataset.status === 'checked_out'))), 'only checked-out visits', 10_000);

  // A block-listed ID: the message on its field, the form kept.
  await simControl(info, '/sim/visitors/block', { certNum: 'BLOCKED1' });
  await p.click('#visit-card-all');
  await fillForm(p, { name: 'Carla', id: 'BLOCKED1' });
  await p.click('#vis-submit');
  await p.waitForSelector('#vis-id-number-error');
  assert.match(await p.locator('#vis-id-number-error').innerText(), /block list/);
  assert.equal(await p.inputValue('#vis-name'), 'Carla');
  assert.equal(await p.inputValue('#vis-id-number'), 'BLOCKED1');
  await shot(p, 'visitor-register-refused-light');
  await p.context().close();
});

test('a registration while CVSecurity is down waits, then is registered by itself', async () => {
  const p = await phonePage(browser);
  await login(p);
  await p.goto(`${info.web_url}/admin/visitors`);
  await p.waitForSelector('#visit-card-all-count');
  await fillForm(p, { name: 'Dora', id: 'D1112223' });
  await simControl(info, '/sim/faults', { mode: '5xx' });
  try {
    await p.click('#vis-submit');
    await p.waitForSelector('li.visit-card[data-status="waiting"]');
    await p.waitForSelector('#vis-unavailable');
    assert.match(await p.locator('li.visit-card[data-status="waiting"]').innerText(), /Dora/);
    await shot(p, 'visitors-waiting-light');
  } finally {
    await simControl(info, '/sim/faults', { mode: 'none' });
  }
  await waitFor(async () => {
    await p.click('#refresh');
    await p.waitForTimeout(500);
    const dora = (await gateway('/api/v1/visitors?q=dora')).visits;
    return dora.length === 1 && dora[0].status === 'checked_in'
      && (await p.locator(`li.visit-card[data-id="${dora[0].id}"][data-status="checked_in"]`).count()) === 1;
  }, 'registered once CVSecurity is back', 30_000);
  await p.context().close();
});

test('Visit Statistics draw today\'s flow and the top visitors, with the numbers for screen readers', async () => {
  const p = await phonePage(browser);
  await login(p);
  await p.click('#nav-apps');
  await p.click('#app-visit-stats');
  await p.waitForSelector('#chart-hours');
  const stats = await gateway('/api/v1/visitors/stats');
  const rows = await p.locator('#chart-hours table tr').evaluateAll(trs => trs.map(tr => Number(tr.querySelector('td').textContent)));
  assert.deepEqual(rows, stats.hours.map(h => h.people));
  assert.equal(await p.locator('#chart-hours rect.bar').count(), 24);
  if (stats.top.length) {
    const names = await p.locator('#chart-top table th').evaluateAll(ths => ths.map(t => t.textContent));
    assert.deepEqual(names, stats.top.map(t => t.visitor));
  }
  await shot(p, 'visit-stats-light');
  await p.context().close();
});

for (const [theme, locale] of [['dark', 'es-ES'], ['dark', 'en-US']]) {
  test(`Visitor screens in ${theme} / ${locale}`, async () => {
    const p = await phonePage(browser, theme, locale);
    await login(p);
    const tag = `${theme}${locale === 'es-ES' ? '-es' : ''}`;
    await p.goto(`${info.web_url}/admin/visitors`);
    await p.waitForSelector('#visit-list');
    await shot(p, `visitors-${tag}`);
    await p.goto(`${info.web_url}/admin/visitors/new`);
    await p.waitForSelector('#vis-form');
    await shot(p, `visitor-register-${tag}`);
    await p.goto(`${info.web_url}/admin/visitors/stats`);
    await p.waitForSelector('#chart-hours');
    await shot(p, `visit-stats-${tag}`);
    await p.context().close();
  });
}
