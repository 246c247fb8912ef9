// Sections and settings at the admin in a real browser (headless Debian Chromium,
// playwright-core): an editor renames a section and readers following its old address are
// sent to the new one (301); an administrator changes a setting, sees an invalid one refused
// with a message under its field, and sees a valid one on the site at once. And those
// screens on a 360-px phone and a 1280-px laptop, with screenshots.
//
// Screenshots go to $TRIBUNE_SCREENSHOTS, else to tribune-admin-screenshots in the system's
// temporary folder.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  addAccount,
  createSeedSite,
  get,
  removeDir,
  startServer,
  submitForm,
  SCREENSHOTS,
  fitsAndScreenshot,
} from './support.mjs';

const ADMIN = { name: 'Awa Diallo', email: 'awa@example.org', password: 'un long mot de passe' };

let browser;
let page;
let root;
let server;
let url;
let sectionEditor = '';

before(async () => {
  const site = await createSeedSite();
  root = site.root;
  await addAccount(site.data, { ...ADMIN, role: 'administrator' });
  server = await startServer(site.data);
  url = server.url;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await page.goto(`${url}/admin/login/`);
  await page.fill('#email', ADMIN.email);
  await page.fill('#password', ADMIN.password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/login/"] button[type=submit]')]);
});

after(async () => {
  await browser?.close();
  try {
    if (server) await server.stop();
  } finally {
    removeDir(root);
  }
});

const submit = (selector) => submitForm(page, selector);

test('rename a section: its old address and its subsection\'s answer 301 to the new ones', async () => {
  const before = await get(`${url}/category/blog/securite/`);
  assert.equal(before.status, 200, 'the seed article\'s section is live');
  await page.goto(`${url}/admin/sections/`);
  const link = page.locator('table a', { hasText: /^Blog$/ });
  sectionEditor = url + await link.getAttribute('href');
  await Promise.all([page.waitForNavigation(), link.click()]);
  await page.fill('#name', 'Le Journal');
  await page.fill('#slug', '');
  assert.equal(await submit('input[name=action][value=save] ~ p button[type=submit]'), 200);
  assert.match(page.url(), /\/admin\/sections\/\?done=saved$/);
  assert.match(await page.textContent('table'), /Le Journal › Sécurité/);

  const old = await fetch(`${url}/category/blog/securite/`, { redirect: 'manual' });
  assert.equal(old.status, 301);
  assert.equal(old.headers.get('location'), '/category/le-journal/securite/');
  // A reader following the old link lands on the section's page.
  const followed = await page.goto(`${url}/category/blog/`);
  assert.equal(followed.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/category/le-journal/');
  assert.match(await page.textContent('h1'), /Le Journal/);
});

test('change a setting: an invalid one is refused with its message, a valid one shows at once', async () => {
  await page.goto(`${url}/admin/settings/`);
  await page.fill('#setting-site-name', 'Le Nouveau Sahel');
  await page.fill('#setting-site-timezone', 'Europe/Atlantide');
  assert.equal(await submit('#group-site button[type=submit]'), 422);
  assert.match(await page.textContent('#group-site .field-error'), /^Fuseau horaire : un fuseau horaire connu/);
  assert.equal(await page.getAttribute('#setting-site-timezone', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#setting-site-timezone'), 'Europe/Atlantide', 'the form keeps what was typed');
  assert.doesNotMatch((await get(`${url}/`)).text, /Le Nouveau Sahel/, 'nothing of the group was saved');

  await page.fill('#setting-site-timezone', 'Africa/Bamako');
  assert.equal(await submit('#group-site button[type=submit]'), 200);
  assert.match(await page.textContent('.notice'), /Réglages enregistrés/);
  assert.equal(await page.inputValue('#setting-site-timezone'), 'Africa/Bamako');
  assert.match((await get(`${url}/`)).text, /Le Nouveau Sahel/, 'the site shows the new name at once');
});

for (const width of [360, 1280]) {
  test(`sections, a section and the settings at ${width} px: no horizontal scroll (screenshots)`, async (t) => {
    const view = await page.context().newPage();
    try {
      await view.setViewportSize({ width, height: width < 600 ? 780 : 900 });
      for (const [name, target] of [['sections', `${url}/admin/sections/`], ['section', sectionEditor],
        ['settings', `${url}/admin/settings/`], ['tags', `${url}/admin/tags/`], ['authors', `${url}/admin/authors/`]]) {
        const res = await view.goto(target);
        assert.equal(res.status(), 200, target);
        t.diagnostic(`screenshot: ${await fitsAndScreenshot(view, name, width)}`);
      }
    } finally {
      await view.close();
    }
  });
}
