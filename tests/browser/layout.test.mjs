// Every screen, in English and Spanish, at 360×640 and 412×915, light and dark: no text cut off or spilling
// out of its box or the screen, no text drawn over other text (`layoutProblems` in demo.mjs, which every
// screenshot of the other files also runs), and no serious or critical accessibility finding of axe-core
// (`a11yProblems`, also run on every screenshot). Run by `cargo xtask test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { a11yProblems, tapTargetProblems, layoutProblems, login, phonePage, shot, useDemo, waitFor } from './demo.mjs';

let info, browser;
useDemo(env => ({ info, browser } = env));

const SCREENS = {
  admin: ['/admin/dashboard', '/admin/devices?state=offline', '/admin/alarms', '/admin/apps', '/admin/doors', '/admin/lockdown',
    '/admin/activity', '/admin/records', '/admin/visitors', '/admin/visitors/new', '/admin/visitors/stats',
    '/admin/notifications', '/admin/me', '/privacy'],
  personnel: ['/personnel/notifications', '/personnel/apps', '/personnel/credential', '/personnel/invitations',
    '/personnel/invitations/new', '/personnel/password', '/personnel/me', '/privacy'],
};
const SIZES = [{ width: 360, height: 640 }, { width: 412, height: 915 }];

async function settled(p) {
  await p.waitForSelector('#main-content, #login-submit');
  await waitFor(async () => (await p.locator('#loading').count()) === 0, 'the data', 15_000).catch(() => {});
  await p.waitForTimeout(150);
}

for (const role of ['admin', 'personnel']) {
  for (const [locale, scheme] of [['en-US', 'light'], ['es-ES', 'dark']]) {
    test(`${role} screens in ${locale} (${scheme}) at 360×640 and 412×915 have no clipped or overlapping text`, async () => {
      const found = [];
      for (const viewport of SIZES) {
        const p = await phonePage(browser, scheme, locale, { viewport });
        const who = role === 'admin' ? { role, ...info.admin } : { role, ...info.personnel };
        await login(p, info, who);
        await p.waitForSelector('.bottom-nav');
        for (const path of SCREENS[role]) {
          await p.goto(`${info.web_url}${path}`);
          await settled(p);
          const problems = await layoutProblems(p);
          for (const problem of problems) found.push(`${viewport.width}×${viewport.height} ${path}: ${problem}`);
          // Accessibility (axe-core, serious and critical findings) once per screen and theme.
          if (viewport === SIZES[1]) {
            for (const problem of await a11yProblems(p)) found.push(`a11y ${path}: ${problem}`);
            for (const problem of await tapTargetProblems(p)) found.push(`tap target ${path}: ${problem}`);
          }
          if (path === '/admin/dashboard' && !problems.length) await shot(p, `dashboard-${locale}-${viewport.width}-${scheme}`);
        }
        await p.context().close();
      }
      const p = await phonePage(browser, scheme, locale, { viewport: SIZES[0] });
      await p.goto(info.web_url);
      await settled(p);
      for (const problem of await layoutProblems(p)) found.push(`360×640 /login: ${problem}`);
      for (const problem of await a11yProblems(p)) found.push(`a11y /login: ${problem}`);
      for (const problem of await tapTargetProblems(p)) found.push(`tap target /login: ${problem}`);
      await p.context().close();
      assert.deepEqual(found, []);
    });
  }
}
