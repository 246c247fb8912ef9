// The admin's comments and dashboard in Chromium, against a real server: an editor signs in
// (landing on the dashboard), approves a held comment and sees it on the article, replies as
// the newsroom and sees the labelled reply there, marks three comments as spam at once with
// the list's checkboxes and bulk action; an author's forged POST on another author's comment
// is refused. The comments list, one comment's screen and the dashboard are valid HTML (Nu
// checker), have no axe-core violation, and fit 360-px and 1280-px screens (screenshots).
//
// Screenshots go to $TRIBUNE_SCREENSHOTS, else to tribune-admin-screenshots in the system's
// temporary folder (as admin.test.mjs's).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  HttpClient,
  addAccount,
  axeViolations,
  createSeedSite,
  hiddenField,
  makeTempDir,
  nuCheck,
  removeDir,
  startServer,
  SCREENSHOTS,
  fitsAndScreenshot,
} from './support.mjs';


const EDITOR = { name: 'Awa Diallo', email: 'awa@example.org', password: 'un long mot de passe' };
const BINTA = { name: 'Binta Keita', email: 'binta@example.org', password: 'autrice numéro 1' };
const CHEICK = { name: 'Cheick Traoré', email: 'cheick@example.org', password: 'auteur numéro 2' };

let root;
let server;
let url;
let browser;
let context;
let page;
let outDir;
const articles = {}; // name -> { id, slug }

// Publishes an article as `client` (an author publishes their own); returns { id, slug }.
async function publish(client, title) {
  const csrf = (await client.page('/admin/articles/new/')).csrf;
  const res = await client.post('/admin/articles/new/', { csrf, title, body: `${title}, le texte.`, action: 'publish' });
  assert.equal(res.status, 303, `publish "${title}"`);
  const id = res.location.match(/\/admin\/articles\/(\d+)\//)[1];
  const editor = await client.page(`/admin/articles/${id}/`);
  return { id, slug: editor.text.match(/id="slug" name="slug" value="([^"]+)"/)[1] };
}

// Posts a reader's comment through the article's public form; returns the comment's id
// (held: the site holds every comment here).
async function postComment(slug, text) {
  const reader = new HttpClient(url);
  const article = await reader.get(`/${slug}/`);
  assert.equal(article.status, 200, `/${slug}/`);
  const res = await reader.post('/comments/', {
    article: slug, parent: '', token: hiddenField(article.text, 'token'),
    name: 'Lectrice', email: 'lectrice@example.org', website: '', text, url2: '',
  });
  assert.equal(res.status, 303, `comment "${text}": ${res.text.slice(0, 300)}`);
  return text;
}

// The id of the comment whose text is `text`, from the editor's queue (any state).
async function commentId(client, text, state = 'pending') {
  const list = await client.page(`/admin/comments/?state=${state}`);
  const row = list.text.split('<tr>').find((r) => r.includes(text));
  assert.ok(row, `"${text}" is in the ${state} queue`);
  return row.match(/name="ids" value="(\d+)"/)[1];
}

before(async () => {
  outDir = makeTempDir('tribune-admin-comments-');
  const site = await createSeedSite({
    settings: {
      'comments.policy': 'hold_all', 'comments.min_seconds': 0, 'comments.rate_limit': 100, 'site.permalink': '/%postname%/',
    },
  });
  root = site.root;
  await addAccount(site.data, { ...EDITOR, role: 'editor' });
  await addAccount(site.data, { ...BINTA, role: 'author' });
  await addAccount(site.data, { ...CHEICK, role: 'author' });
  server = await startServer(site.data);
  url = server.url;
  const binta = new HttpClient(url);
  assert.equal((await binta.login(BINTA.email, BINTA.password)).status, 303);
  articles.binta = await publish(binta, 'La crue du fleuve Niger');
  const cheick = new HttpClient(url);
  assert.equal((await cheick.login(CHEICK.email, CHEICK.password)).status, 303);
  articles.cheick = await publish(cheick, 'Le marché de Médine');

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  // axe-core is injected into the page: this context alone bypasses the admin's CSP.
  context = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (root) removeDir(root);
  if (outDir) removeDir(outDir);
});

// Clicks `selector` (a submit button) and waits for the page it leads to; its status.
async function submit(selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response.status();
}

test('an editor signs in and lands on the dashboard', async () => {
  await page.goto(`${url}/admin/login/`);
  await page.fill('#email', EDITOR.email);
  await page.fill('#password', EDITOR.password);
  assert.equal(await submit('form[action="/admin/login/"] button[type=submit]'), 200);
  assert.equal(new URL(page.url()).pathname, '/admin/');
  assert.ok(await page.$('a[href="/admin/comments/"]'), 'the navigation links the comments');
});

test('approve a held comment and see it on the article', async () => {
  const text = await postComment(articles.binta.slug, 'Le pont de Bamako est-il fermé ?');
  const before = await (await fetch(`${url}/${articles.binta.slug}/`)).text();
  assert.ok(!before.includes(text), 'held: not on the article yet');
  await page.goto(`${url}/admin/comments/`);
  await page.click(`a:text("${text}")`);
  assert.match(await page.textContent('main'), /La crue du fleuve Niger/, 'its article, as context');
  assert.equal(await submit('button[name=action][value=approve]'), 200);
  assert.ok(await page.$('.notice'), 'a notice says it is done');
  await page.goto(`${url}/${articles.binta.slug}/`);
  assert.match(await page.textContent('.comments'), /Le pont de Bamako est-il fermé/);
});

test('reply as the newsroom and see the labelled reply on the article', async () => {
  const question = await postComment(articles.binta.slug, 'Quand la route rouvrira-t-elle ?');
  const id = await commentId(new AdminSession(), question);
  await page.goto(`${url}/admin/comments/${id}/`);
  await page.fill('#text', 'Lundi, selon la mairie.');
  assert.equal(await submit('button[name=action][value=reply]'), 200);
  await page.goto(`${url}/${articles.binta.slug}/`);
  const reply = page.locator('.replies .comment', { hasText: 'Lundi, selon la mairie.' });
  assert.equal(await reply.count(), 1, 'under the question, published at once');
  assert.equal((await reply.locator('.comment-newsroom').textContent()).trim(), 'La rédaction');
  assert.match(await reply.textContent(), /Sahel Tribune/, "signed with the site's name");
});

test('bulk: three comments marked as spam at once', async () => {
  const spam = ['Achetez des montres', 'Gagnez un téléphone', 'Crypto facile'];
  for (const text of spam) await postComment(articles.cheick.slug, text);
  await postComment(articles.cheick.slug, 'Un vrai commentaire sur le marché');
  await page.goto(`${url}/admin/comments/`);
  for (const text of spam) {
    await page.locator('tr', { hasText: text }).locator('input[name=ids]').check();
  }
  await page.selectOption('#action', 'spam');
  assert.equal(await submit('form[action="/admin/comments/bulk/"] button[type=submit]'), 200);
  assert.ok(await page.$('.notice'));
  const pending = await page.textContent('main');
  for (const text of spam) assert.ok(!pending.includes(text), `${text}: left the queue`);
  assert.ok(pending.includes('Un vrai commentaire sur le marché'), 'the unchecked one stays');
  await page.goto(`${url}/admin/comments/?state=spam`);
  const spamList = await page.textContent('main');
  for (const text of spam) assert.ok(spamList.includes(text), `${text}: in the spam`);
  // Select all works without JavaScript: a link that checks every box.
  await page.click('#select-all');
  assert.equal(await page.locator('input[name=ids]:checked').count(), 3);
});

test("an author's forged POST on another author's comment is refused and changes nothing", async () => {
  const text = await postComment(articles.cheick.slug, 'Sous l’article de Cheick');
  const id = await commentId(new AdminSession(), text);
  const binta = new HttpClient(url);
  assert.equal((await binta.login(BINTA.email, BINTA.password)).status, 303);
  const own = await binta.page('/admin/comments/');
  assert.ok(!own.text.includes(text), "an author's queue shows their own articles' comments only");
  assert.equal((await binta.get(`/admin/comments/${id}/`)).status, 403);
  const forged = await binta.post(`/admin/comments/${id}/`, { csrf: own.csrf, action: 'approve' });
  assert.equal(forged.status, 403);
  const bulk = await binta.post('/admin/comments/bulk/', [['csrf', own.csrf], ['ids', id], ['action', 'approve'], ['state', 'pending']]);
  assert.equal(bulk.status, 403);
  assert.equal(await commentId(new AdminSession(), text, 'pending'), id, 'still pending');
});

// The editor as plain fetch sees the admin (for ids and states, next to the browser).
class AdminSession {
  constructor() {
    this.client = new HttpClient(url);
    this.ready = this.client.login(EDITOR.email, EDITOR.password);
  }
  async page(target) {
    await this.ready;
    return this.client.page(target);
  }
}

test('the comments list, a comment and the dashboard: valid HTML, no axe violation, 360 and 1280 px', async (t) => {
  const id = await commentId(new AdminSession(), 'Un vrai commentaire sur le marché');
  const screens = {
    'comments': '/admin/comments/',
    'comment': `/admin/comments/${id}/`,
    'dashboard': '/admin/',
  };
  const editor = new AdminSession();
  const checked = [];
  for (const [name, target] of Object.entries(screens)) {
    const res = await editor.page(target);
    const file = path.join(outDir, `${name}.html`);
    writeFileSync(file, res.text);
    checked.push({ name, url: url + target, file });
  }
  const { messages, lines } = nuCheck(checked);
  assert.equal(messages.length, 0, `Nu HTML checker:\n${lines.join('\n')}`);

  const problems = [];
  for (const [name, target] of Object.entries(screens)) {
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
      await page.goto(url + target);
      t.diagnostic(`screenshot: ${await fitsAndScreenshot(page, name, width)}`);
    }
    for (const violation of await axeViolations(page)) problems.push(`${name}: ${violation}`);
  }
  assert.equal(problems.length, 0, `axe-core violations:\n${problems.join('\n')}`);
});
