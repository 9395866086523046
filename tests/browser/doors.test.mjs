// Remote Control, Remote Lockdown and Activity in headless Chromium against a real `cvlink demo` (cvsim
// inside): holding the unlock button opens the door in cvsim and the card counts down, a short press does
// nothing, the confirm dialog is the accessible way to the same; a lockdown of the demo's group turns the
// screen red, shows the banner on the other admin screens and refuses the door's unlock until it is
// cancelled; Activity lists what was done. Run by `cargo xtask test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateway as api, login as fillLogin, phonePage, shot, simApi, simControl, tokenOf, useDemo, waitFor } from './demo.mjs';

/** How long the unlock button must be held (cvm-core's HOLD_TIME), with margin. */
const HOLD_MS = 1200;

let info, browser;
useDemo(env => ({ info, browser } = env));

const gateway = path => api(info, path);

/** An element by id, whatever characters the door's id holds. */
const byId = id => `[id="${id}"]`;

async function relay(doorId) {
  const d = (await simApi(info, '/api/door/allDoorState?timestamp=0')).find(d => String(d.id) === String(doorId));
  assert.ok(d, `cvsim has door ${doorId}`);
  return d.relay;
}

async function login(p) {
  await fillLogin(p, info, { role: 'admin', ...info.admin });
  await p.waitForSelector('#nav-apps');
}

async function openApp(p, id, ready) {
  await p.click('#nav-apps');
  await p.click(`#${id}`);
  await p.waitForSelector(ready);
}

/** Presses the door's unlock button with the mouse for `ms`. */
async function press(p, doorId, ms) {
  const button = p.locator(byId(`door-${doorId}-hold`));
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await p.mouse.down();
  await p.waitForTimeout(ms);
  await p.mouse.up();
}

/** The demo's lockdown group and an online door of it. */
async function groupAndDoor() {
  const { groups } = await gateway('/api/v1/lockdown');
  const group = groups.find(g => g.name === 'Main entrance');
  assert.ok(group, 'the demo ships the "Main entrance" group');
  const doors = await gateway('/api/v1/doors');
  const door = doors.find(d => group.doors.includes(d.id) && d.connection === 'online');
  assert.ok(door, 'the group has an online door');
  return { group, door };
}

async function waitClosed(doorId) {
  await waitFor(async () => (await relay(doorId)) !== 'open', 'the lock closed again in cvsim', 20_000);
}

test('hold to unlock, the accessible alternative, lockdown and its banner, and the activity log', async () => {
  const { group, door } = await groupAndDoor();
  const card = byId(`door-${door.id}`);
  const p = await phonePage(browser);
  await login(p);
  await openApp(p, 'app-doors', '#door-list');
  await p.waitForSelector(card);
  assert.equal(await p.getAttribute(card, 'data-connection'), 'online');
  assert.equal(await relay(door.id), 'off');
  const label = await p.getAttribute(byId(`door-${door.id}-hold`), 'aria-label');
  assert.match(label, new RegExp(`${door.name}.*5 seconds`), label);

  // A short press does not unlock.
  await press(p, door.id, 250);
  await p.waitForTimeout(HOLD_MS + 800);
  assert.equal(await relay(door.id), 'off', 'a short press sent nothing');
  assert.equal(await p.getAttribute(byId(`door-${door.id}-result`), 'data-outcome'), 'none');

  // Holding unlocks: cvsim drives the relay open, the card counts down.
  await p.fill(byId(`door-${door.id}-seconds`), '6');
  await p.fill(byId(`door-${door.id}-reason`), 'Courier at the front desk');
  await press(p, door.id, HOLD_MS + 400);
  await waitFor(async () => (await relay(door.id)) === 'open', 'the relay open in cvsim', 10_000);
  await p.waitForSelector(byId(`door-${door.id}-countdown`));
  const left = Number(await p.getAttribute(byId(`door-${door.id}-countdown`), 'data-left'));
  assert.ok(left >= 1 && left <= 6, `counting down from 6: ${left}`);
  await waitFor(async () => Number(await p.getAttribute(byId(`door-${door.id}-countdown`), 'data-left')) < left,
    'the countdown goes down', 5_000);
  await p.locator(card).evaluate(e => e.scrollIntoView({ block: 'center' }));
  await shot(p, 'remote-control-light');
  await waitClosed(door.id);

  // The accessible alternative: a button and a confirm dialog.
  await p.fill(byId(`door-${door.id}-seconds`), '3');
  await p.click(byId(`door-${door.id}-unlock-alt`));
  await p.waitForSelector(byId(`door-${door.id}-confirm`));
  assert.equal(await p.getAttribute(byId(`door-${door.id}-confirm`), 'role'), 'alertdialog');
  await p.click(byId(`door-${door.id}-confirm-yes`));
  await waitFor(async () => (await relay(door.id)) === 'open', 'the relay open through the dialog', 10_000);
  await p.waitForSelector(byId(`door-${door.id}-countdown`));
  await waitClosed(door.id);

  // Remote Lockdown: green, choose the group, confirm, red with who/when/why.
  await openApp(p, 'app-lockdown', '#lockdown-state');
  assert.equal(await p.getAttribute('#lockdown-state', 'data-state'), 'safe');
  await shot(p, 'lockdown-safe-light');
  await p.selectOption('#lockdown-group', String(group.id));
  await p.click('#lockdown-activate');
  await p.waitForSelector('#lockdown-confirm');
  await p.fill('#lockdown-reason', 'Intruder reported at reception');
  await p.click('#lockdown-confirm-yes');
  await p.waitForSelector('#lockdown-state[data-state="active"]', { timeout: 15_000 });
  assert.equal((await p.locator(`#lockdown-group-${group.id}-by`).innerText()).trim(), info.admin.account);
  assert.equal((await p.locator(`#lockdown-group-${group.id}-reason`).innerText()).trim(), 'Intruder reported at reception');
  assert.match((await p.locator(`#lockdown-group-${group.id}-since`).innerText()).trim(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await p.waitForSelector('#lockdown-banner', { timeout: 15_000 });
  await p.evaluate(() => window.scrollTo(0, 0));
  await shot(p, 'lockdown-active-light');

  // A group under lockdown cannot be deleted: the button is disabled with the reason, and the gateway refuses.
  assert.ok(await p.locator(`#group-delete-${group.id}`).isDisabled(), 'no delete under lockdown');
  assert.match(await p.locator(`#group-delete-why-${group.id}`).innerText(), /Cancel the lockdown/);
  const refused = await fetch(`${info.web_url}/api/v1/lockdown/groups/${group.id}`, {
    method: 'DELETE', headers: { authorization: `Bearer ${await tokenOf(info)}` },
  });
  assert.equal(refused.status, 422);
  assert.equal((await refused.json()).field, 'group');

  // The banner on another admin screen.
  await p.click('#nav-dashboard');
  await p.waitForSelector('#lockdown-banner');
  assert.match(await p.locator('#lockdown-banner').innerText(), /Main entrance/);

  // The door's unlock is refused in the app, with the lockdown as the reason.
  await openApp(p, 'app-doors', card);
  await waitFor(async () => (await p.getAttribute(card, 'data-locked')) === 'true', 'the door shown locked down', 15_000);
  assert.equal(await p.locator(byId(`door-${door.id}-hold`)).count(), 0, 'no unlock under lockdown');
  assert.match(await p.locator(byId(`door-${door.id}-why`)).innerText(), /lockdown/i);
  assert.equal(await relay(door.id), 'off');

  // Cancel: safe again, no banner, and the door unlocks again.
  await openApp(p, 'app-lockdown', `#lockdown-cancel-${group.id}`);
  await p.click(`#lockdown-cancel-${group.id}`);
  await p.waitForSelector('#lockdown-confirm');
  await p.click('#lockdown-confirm-yes');
  await p.waitForSelector('#lockdown-state[data-state="safe"]', { timeout: 15_000 });
  await waitFor(async () => p.locator(`#group-delete-${group.id}`).isEnabled(), 'delete allowed again', 15_000);
  await waitFor(async () => (await p.locator('#lockdown-banner').count()) === 0, 'the banner gone', 15_000);
  await openApp(p, 'app-doors', card);
  await waitFor(async () => (await p.getAttribute(card, 'data-locked')) === 'false', 'the door no longer locked down', 15_000);
  await p.fill(byId(`door-${door.id}-seconds`), '3');
  await press(p, door.id, HOLD_MS + 400);
  await waitFor(async () => (await relay(door.id)) === 'open', 'the relay open after the lockdown', 10_000);
  await p.waitForSelector(byId(`door-${door.id}-countdown`));

  // Activity: the unlocks and the lockdown, newest first.
  await openApp(p, 'app-activity', '#activity-list .activity-item');
  await waitFor(async () => (await p.locator('#activity-list [data-action="door_unlock"]').count()) >= 3, 'the three unlocks', 10_000);
  assert.ok(await p.locator('#activity-list [data-action="lockdown_activate"]').count() >= 1);
  assert.ok(await p.locator('#activity-list [data-action="lockdown_cancel"]').count() >= 1);
  const ids = await p.locator('#activity-list .activity-item').evaluateAll(els => els.map(e => Number(e.id.replace('activity-', ''))));
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  assert.match(await p.locator('#activity-list').innerText(), new RegExp(`${door.name}`));
  assert.match(await p.locator('#activity-list').innerText(), /Courier at the front desk/);
  await shot(p, 'activity-light');
  await p.context().close();
});

test('a door in alarm offers cancel alarm, which says what the vendor API cannot do; a new lockdown group from the door list', async () => {
  const doors = await gateway('/api/v1/doors');
  const { group } = await groupAndDoor();
  const door = doors.find(d => d.connection === 'online' && !group.doors.includes(d.id));
  assert.ok(door, 'an online door outside the group');
  const card = byId(`door-${door.id}`);
  const p = await phonePage(browser);
  await login(p);
  await openApp(p, 'app-doors', card);
  assert.equal(await p.locator(byId(`door-${door.id}-cancel-alarm`)).count(), 0, 'no alarm, no cancel');
  await simControl(info, `/sim/doors/${door.id}/alarm`, { alarm: 'timeout' });
  // The door's alarm arrives through the live feed (no reload).
  await p.evaluate(() => { window.__noReload = true; });
  await waitFor(async () => (await p.getAttribute(card, 'data-alarm')) === 'true', 'the card in alarm', 15_000);
  assert.equal(await p.evaluate(() => window.__noReload), true);
  await p.click(byId(`door-${door.id}-cancel-alarm`));
  await p.waitForSelector(`${byId(`door-${door.id}-result`)}[data-outcome="alarm-cancelled"]`, { timeout: 10_000 });
  assert.match(await p.locator(byId(`door-${door.id}-not-supported`)).innerText(), /cannot reset the device's alarm output/);
  const audit = await gateway('/api/v1/audit');
  assert.ok(audit.items.some(e => e.action === 'door_cancel_alarm' && e.target === door.id), 'the cancel is audited');

  // A new lockdown group, doors picked from the door list.
  await openApp(p, 'app-lockdown', '#group-form');
  await p.click('#group-create');
  await p.waitForSelector('#group-error');
  await p.fill('#group-name', 'Lab wing');
  await p.check(byId(`group-door-${door.id}`));
  await p.click('#group-create');
  await waitFor(async () => (await p.locator('#lockdown-groups .group-item').count()) === 2, 'the new group listed', 10_000);
  const after = await gateway('/api/v1/lockdown');
  const created = after.groups.find(g => g.name === 'Lab wing');
  assert.deepEqual(created?.doors, [door.id]);
  assert.match(await p.locator(`#lockdown-group-${created.id}`).innerText(), new RegExp(door.name));

  // Edit it: rename it and change its doors, prefilled from the group.
  const second = doors.find(d => d.id !== door.id);
  await p.click(`#group-edit-${created.id}`);
  await p.waitForSelector('#group-save');
  assert.equal(await p.inputValue('#group-name'), 'Lab wing');
  assert.ok(await p.isChecked(byId(`group-door-${door.id}`)), 'its door is ticked');
  await p.fill('#group-name', 'Lab and annex');
  await p.uncheck(byId(`group-door-${door.id}`));
  await p.check(byId(`group-door-${second.id}`));
  await p.click('#group-save');
  await waitFor(async () => (await gateway('/api/v1/lockdown')).groups.some(g => g.id === created.id && g.name === 'Lab and annex'),
    'the group renamed', 10_000);
  const edited = (await gateway('/api/v1/lockdown')).groups.find(g => g.id === created.id);
  assert.deepEqual(edited.doors, [second.id]);
  await waitFor(async () => (await p.locator(`#lockdown-group-${created.id}`).innerText()).includes('Lab and annex'), 'the new name listed', 10_000);
  assert.ok((await p.locator(`#lockdown-group-${created.id}`).innerText()).includes(second.name), 'the new door listed');
  await p.waitForSelector('#group-create');

  // Delete it, after a confirm step that can be backed out of.
  await p.click(`#group-delete-${created.id}`);
  await p.waitForSelector('#group-delete-confirm');
  assert.match(await p.locator('#group-delete-confirm-text').innerText(), /Lab and annex/);
  await p.click('#group-delete-no');
  assert.equal(await p.locator('#group-delete-confirm').count(), 0);
  await p.click(`#group-delete-${created.id}`);
  await p.click('#group-delete-yes');
  await waitFor(async () => (await p.locator(`#lockdown-group-${created.id}`).count()) === 0, 'the group gone from the list', 10_000);
  const { groups: left } = await gateway('/api/v1/lockdown');
  assert.ok(!left.some(g => g.id === created.id), 'the group is gone at the gateway');
  await p.context().close();
});

for (const [theme, locale] of [['dark', 'es-ES'], ['dark', 'en-US'], ['light', 'es-ES']]) {
  test(`Remote Control, Remote Lockdown and Activity in ${theme} / ${locale}`, async () => {
    const { door } = await groupAndDoor();
    const p = await phonePage(browser, theme, locale);
    await login(p);
    const tag = `${theme}${locale === 'es-ES' ? '-es' : ''}`;
    await openApp(p, 'app-doors', byId(`door-${door.id}`));
    await waitClosed(door.id);
    await press(p, door.id, HOLD_MS + 400);
    await p.waitForSelector(byId(`door-${door.id}-countdown`));
    await p.locator(byId(`door-${door.id}`)).evaluate(e => e.scrollIntoView({ block: 'center' }));
    await shot(p, `remote-control-${tag}`);
    await openApp(p, 'app-lockdown', '#lockdown-state');
    await shot(p, `lockdown-${tag}`);
    await openApp(p, 'app-activity', '#activity-list .activity-item');
    await shot(p, `activity-${tag}`);
    await p.context().close();
  });
}

test('Remote Control and Remote Lockdown fit a 360×640 screen', async () => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 1 });
  const p = await ctx.newPage();
  await login(p);
  for (const [app, ready, name] of [['app-doors', '#door-list', 'remote-control-360-light'], ['app-lockdown', '#lockdown-state', 'lockdown-360-light'], ['app-activity', '#activity-list', 'activity-360-light']]) {
    await openApp(p, app, ready);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${app}: horizontal overflow of ${overflow}px`);
    await shot(p, name);
  }
  await ctx.close();
});
