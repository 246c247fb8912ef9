// The admin end to end in a real browser (headless Debian Chromium, playwright-core), as an
// editor-in-chief uses it: sign in, write an article in Markdown, preview it, save a draft,
// schedule it a minute ahead and see the site publish it by itself, correct it, compare and
// restore revisions, unpublish, trash and restore it, add a picture, sign out. And the editor and the list
// on a 360-px phone and a 1280-px laptop, with screenshots.
//
// Screenshots go to $TRIBUNE_SCREENSHOTS, else to tribune-admin-screenshots in the system's
// temporary folder; the test prints where.
//
// Elements are found by id, name and value (not by their text): the admin speaks the
// browser's language (here fr-FR, the site's).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  addAccount,
  createSeedSite,
  get,
  makePng,
  removeDir,
  startServer,
  submitForm,
  SCREENSHOTS,
  fitsAndScreenshot,
} from './support.mjs';

const ADMIN = { name: 'Awa Diallo', email: 'awa@example.org', password: 'un long mot de passe' };
// A zone west of UTC: a publication time misread as UTC would go live at once (caught below),
// not hours later.
const TIME_ZONE = 'America/Sao_Paulo';
const TITLE = 'Bamako accueille les assises de la presse sahélienne';
const BODY_V1 = 'Les journalistes du Sahel se retrouvent à **Bamako** pour trois jours.\n\n' +
  'Le forum réunit quarante rédactions venues de cinq pays.';
const BODY_V2 = 'Les journalistes du Sahel se retrouvent à **Bamako** pour trois jours.\n\n' +
  'Le forum réunit cinquante rédactions venues de six pays.';
const CORRECTION = 'Une version précédente donnait quarante rédactions et cinq pays.';
const POLL_BOUND_MS = 100_000;

let browser;
let context;
let page;
let root;
let server;
let url;
const article = { id: 0, slug: '', path: '', editor: '', goLiveAt: 0 };

before(async () => {
  const site = await createSeedSite({ settings: { 'site.timezone': TIME_ZONE } });
  root = site.root;
  await addAccount(site.data, { ...ADMIN, role: 'administrator' });
  server = await startServer(site.data);
  url = server.url;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
  try {
    if (server) await server.stop(); // rejects unless the server exits within 3 s of SIGTERM
  } finally {
    removeDir(root);
  }
});

const submit = (selector, on = page) => submitForm(on, selector);

/** The wall-clock time of `ms` in `timeZone` as a datetime-local field holds it. */
function localValue(ms, timeZone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const notice = () => page.textContent('.notice');
const state = () => page.getAttribute('.meta .state', 'class').then((c) => c.replace(/^state state-/, ''));
const homeLists = async () => (await get(`${url}/`)).text.includes(`/${article.slug}/`);

test('an administrator made with the CLI signs in through the form', async () => {
  const first = await page.goto(`${url}/admin/`);
  assert.equal(first.status(), 200);
  assert.match(page.url(), /\/admin\/login\/\?next=/, 'signed out: the login page');
  await page.fill('#email', ADMIN.email);
  await page.fill('#password', ADMIN.password);
  assert.equal(await submit('form[action="/admin/login/"] button[type=submit]'), 200);
  assert.equal(new URL(page.url()).pathname, '/admin/', 'the dashboard');
  assert.match(await page.textContent('header .who'), new RegExp(ADMIN.name));
});

test('write an article and preview it', async () => {
  await page.goto(`${url}/admin/articles/new/`);
  await page.fill('#title', TITLE);
  await page.fill('#body', BODY_V1);
  const section = await page.$$eval('#section option', (options) =>
    options.find((o) => o.textContent.includes('Sécurité'))?.value);
  assert.ok(section, 'the seed site has a Sécurité section');
  await page.selectOption('#section', section);
  await page.fill('#tags', 'Presse, Bamako');
  assert.equal(await submit('button[name=action][value=preview]'), 200);
  assert.equal(await page.textContent('.preview-body strong'), 'Bamako', 'the Markdown is rendered');
  assert.match(await page.innerHTML('.preview-body'), /<p>Le forum réunit quarante/);
  // The form keeps what was typed.
  assert.equal(await page.inputValue('#title'), TITLE);
  assert.equal(await page.inputValue('#body'), BODY_V1);
  assert.equal(await page.inputValue('#section'), section);
  assert.equal(await page.inputValue('#tags'), 'Presse, Bamako');
});

test('save it as a draft', async () => {
  assert.equal(await submit('button[name=action][value=save]'), 200);
  const m = page.url().match(/\/admin\/articles\/(\d+)\/\?done=saved$/);
  assert.ok(m, `the saved draft's editor, got ${page.url()}`);
  article.id = Number(m[1]);
  article.editor = `${url}/admin/articles/${article.id}/`;
  article.slug = await page.inputValue('#slug');
  assert.ok(article.slug, 'a slug made from the title');
  assert.equal(await state(), 'draft');
  assert.equal(await notice(), 'Enregistré.');
  // Tags come back in the store's order (by name).
  assert.deepEqual((await page.inputValue('#tags')).split(', ').sort(), ['Bamako', 'Presse']);
  await page.goto(`${url}/admin/articles/?state=draft`);
  assert.ok(await page.isVisible(`a[href="/admin/articles/${article.id}/"]`), 'listed among drafts');
  assert.equal(await homeLists(), false, 'a draft is not on the site');
});

test('schedule it about a minute ahead, in the site\'s time zone', async () => {
  await page.goto(article.editor);
  // The next whole minute at least 20 s away (20 to 80 s): datetime-local has minutes.
  article.goLiveAt = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
  const value = localValue(article.goLiveAt, TIME_ZONE);
  await page.fill('#published_at', value);
  assert.match(await page.textContent('#published-help'), new RegExp(TIME_ZONE));
  assert.equal(await submit('button[name=action][value=publish]'), 200);
  assert.match(page.url(), /\?done=published$/);
  assert.equal(await notice(), 'Publié (ou programmé à sa date).');
  assert.equal(await state(), 'scheduled');
  assert.equal(await page.inputValue('#published_at'), value, 'the time shown back as it was typed');
  const links = await page.$$eval('.meta a', (anchors) => anchors.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, [`/admin/articles/${article.id}/revisions/`], 'no link to a page not live yet');
  await page.goto(`${url}/admin/articles/?state=scheduled`);
  assert.ok(await page.isVisible(`a[href="/admin/articles/${article.id}/"]`), 'listed as scheduled');
  assert.ok(Date.now() < article.goLiveAt);
  assert.equal(await homeLists(), false, 'not on the home page before its time');
});

// While the scheduled article waits: the screens at a phone's and a laptop's width.
for (const width of [360, 1280]) {
  test(`the editor and the article list at ${width} px: no horizontal scroll (screenshots)`, async (t) => {
    const view = await context.newPage();
    try {
      await view.setViewportSize({ width, height: width < 600 ? 780 : 900 });
      for (const [name, target] of [['editor', article.editor], ['articles', `${url}/admin/articles/`]]) {
        const res = await view.goto(target);
        assert.equal(res.status(), 200, target);
        t.diagnostic(`screenshot: ${await fitsAndScreenshot(view, name, width)}`);
      }
      // The editor's fields and buttons are usable: inside the viewport, not overlapping.
      const boxes = await view.$$eval('#title, #body, #published_at, button[name=action]', (elements) =>
        elements.map((e) => e.getBoundingClientRect().toJSON()));
      for (const box of boxes) assert.ok(box.left >= 0 && box.right <= width + 0.5, JSON.stringify(box));
    } finally {
      await view.close();
    }
  });
}

test('the site publishes the scheduled article by itself at its time', async () => {
  console.log(`# admin screenshots: ${SCREENSHOTS}`);
  const deadline = Math.max(article.goLiveAt, Date.now()) + POLL_BOUND_MS;
  while (!(await homeLists())) {
    assert.ok(Date.now() < deadline, `the home page lists /${article.slug}/ within ${POLL_BOUND_MS / 1000} s of its time`);
    await sleep(1000);
  }
  assert.ok(Date.now() >= article.goLiveAt - 2000,
    `live at ${new Date().toISOString()}, scheduled for ${new Date(article.goLiveAt).toISOString()}`);
  const home = await get(`${url}/`);
  article.path = home.text.match(new RegExp(`href="(?:${url})?(/[^"]*/${article.slug}/)"`))[1];
  const res = await get(url + article.path);
  assert.equal(res.status, 200, article.path);
  assert.match(res.text, /<strong>Bamako<\/strong>/);
  assert.match(res.text, /quarante rédactions/);
  await page.goto(article.editor);
  assert.equal(await state(), 'published');
  // The editor's link to the public page leads there.
  const links = await page.$$eval('.meta a', (anchors) => anchors.map((a) => a.href));
  assert.ok(links.some((h) => h.endsWith(article.path)), `"view on the site" links to ${article.path}: ${links}`);
});

test('correct it: a new text and a correction note, shown on the article page', async () => {
  await page.goto(article.editor);
  await page.fill('#body', BODY_V2);
  await page.fill('#correction', CORRECTION);
  assert.equal(await submit('button[name=action][value=save]'), 200);
  assert.match(page.url(), /\?done=saved$/);
  assert.equal(await notice(), 'Enregistré.');
  assert.equal(await state(), 'published');
  const res = await get(url + article.path);
  assert.equal(res.status, 200);
  assert.match(res.text, /cinquante rédactions venues de six pays/);
  assert.doesNotMatch(res.text, /quarante rédactions venues/);
  assert.ok(res.text.includes(CORRECTION), 'the correction note is on the article page');
});

test('revisions: compare two (<del>/<ins>), restore the older one', async () => {
  await page.goto(article.editor);
  assert.equal(await submit('.meta a[href$="/revisions/"]'), 200);
  assert.match(page.url(), /\/revisions\/$/);
  const rows = await page.$$('tbody tr');
  assert.ok(rows.length >= 3, `draft, scheduled, corrected: ${rows.length} revisions`);
  // Checked by default: the latest two.
  assert.equal(await submit('form[action$="/revisions/compare/"] button[type=submit]'), 200);
  const compared = new URL(page.url());
  assert.equal(compared.pathname, `/admin/articles/${article.id}/revisions/compare/`);
  assert.ok(Number(compared.searchParams.get('from')) < Number(compared.searchParams.get('to')), compared.search);
  const deleted = await page.$$eval('.diff del', (nodes) => nodes.map((n) => n.textContent).join(' '));
  const inserted = await page.$$eval('.diff ins', (nodes) => nodes.map((n) => n.textContent).join(' '));
  assert.match(deleted, /quarante/);
  assert.match(deleted, /cinq\b/);
  assert.match(inserted, /cinquante/);
  assert.match(inserted, /six/);
  assert.ok(inserted.includes('précédente'), 'the correction note is new');
  // The compare page restores the older one ("from").
  assert.equal(await submit('form[action*="/restore/"] button[type=submit]'), 200);
  assert.match(page.url(), new RegExp(`/admin/articles/${article.id}/\\?done=restored_revision$`));
  assert.equal(await notice(), 'La version choisie est rétablie (comme nouvelle révision).');
  assert.equal(await page.inputValue('#body'), BODY_V1);
  assert.equal(await page.inputValue('#correction'), '');
  const res = await get(url + article.path);
  assert.equal(res.status, 200);
  assert.match(res.text, /quarante rédactions/, 'the site shows the restored text');
  await page.goto(`${article.editor}revisions/`);
  assert.equal((await page.$$('tbody tr')).length, rows.length + 1, 'the restore is a new revision');
});

test('unpublish it: the article answers 404 and leaves the home page', async () => {
  await page.goto(article.editor);
  assert.equal(await submit('button[name=action][value=unpublish]'), 200);
  assert.match(page.url(), /\?done=unpublished$/);
  assert.equal(await notice(), 'Dépublié : l’article ne s’affiche plus.');
  assert.equal(await state(), 'unpublished');
  assert.equal((await get(url + article.path)).status, 404);
  assert.equal(await homeLists(), false);
});

test('trash it: the article answers 410 Gone', async () => {
  await page.goto(article.editor);
  assert.equal(await submit('button[name=action][value=trash]'), 200);
  assert.match(page.url(), /\?done=trashed$/);
  assert.equal(await notice(), 'Mis à la corbeille : restaurable pendant 30 jours.');
  assert.equal(await state(), 'trash');
  assert.equal((await get(url + article.path)).status, 410, 'a trashed article is gone');
  assert.equal(await homeLists(), false);
});

test('restore it from the trash with the list\'s bulk action', async () => {
  await page.goto(`${url}/admin/articles/?state=trash`);
  await page.check(`#pick-${article.id}`);
  await page.selectOption('#action', 'restore');
  assert.equal(await submit('form[action="/admin/articles/bulk/"] button[type=submit]'), 200);
  assert.match(page.url(), /\/admin\/articles\/\?done=restore$/);
  assert.equal(await notice(), 'Les articles cochés sont sortis de la corbeille.');
  await page.goto(`${url}/admin/articles/?state=trash`);
  assert.equal(await page.isVisible(`#pick-${article.id}`), false, 'no longer in the trash');
  await page.goto(article.editor);
  assert.equal(await state(), 'unpublished');
  assert.equal((await get(url + article.path)).status, 404, 'out of the trash, not published');
});

test('add a picture to the media library: one too large to send is made smaller by the browser first', async () => {
  // Random pixels: about 3 MB of PNG, more than the 2 MiB the server takes.
  const file = path.join(root, 'bruit.png');
  writeFileSync(file, makePng(1100, 900, { noise: true }));
  assert.ok(statSync(file).size > 2 * 1024 * 1024);
  await page.goto(`${url}/admin/media/`);
  await page.setInputFiles('#file', file);
  // The script swaps in a JPEG redrawn in the browser, then lets the form go.
  await page.waitForFunction(() => document.querySelector('#file').files[0]?.type === 'image/jpeg');
  await page.fill('#alt', 'Des pixels au hasard');
  assert.equal(await submit('#media-upload button[type=submit]'), 200);
  assert.match(page.url(), /\/admin\/media\/\?added=bruit$/);
  assert.equal(await notice(), 'Image ajoutée sous le nom « bruit ».');
  assert.match(await page.textContent('.media-list'), /bruit · 1100 × 900/);
});

test('log out: the admin then sends to the login page', async () => {
  await page.goto(`${url}/admin/articles/`);
  assert.equal(await submit('form[action="/admin/logout/"] button[type=submit]'), 200);
  assert.equal(new URL(page.url()).pathname, '/admin/login/');
  const cookies = await context.cookies(url);
  assert.equal(cookies.some((c) => c.name === 'tribune_session'), false, 'the session cookie is gone');
  await page.goto(article.editor);
  assert.equal(new URL(page.url()).pathname, '/admin/login/', 'the editor now asks to sign in');
});
