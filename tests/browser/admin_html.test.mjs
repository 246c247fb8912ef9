// Every admin page is valid HTML (Nu HTML Checker, run once on all of them) and has no
// accessibility violation that axe-core finds in Chromium: the sign-in pages, the lists, the
// editor (new, draft, published, in the trash, with a preview, with an error), revisions and
// their comparison, accounts, the audit log, the password page, sections, tags, authors and
// settings (with their refusals), and the refusals.
//
// Each page is fetched once (plain fetch, cookies kept by hand) and that very HTML is checked
// by both: the Nu checker reads the saved file; Chromium gets it at its own URL (a Playwright
// route answers that one request with the saved HTML, the page's CSS and script come from the
// server), so that pages answering a POST are checked too.

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
} from './support.mjs';


const ADMIN = { name: 'Awa Diallo', email: 'awa@example.org', password: 'un long mot de passe' };
const CONTRIBUTOR = { name: 'Moussa Keita', email: 'moussa@example.org', password: 'contributeur 2026!' };

// name -> expected status; every one is fetched in before().
const PAGES = {
  'login': 200,
  'login-wrong': 401,
  'login-link': 200,
  'forgot': 200,
  'articles': 200,
  'articles-trash': 200,
  'articles-empty-search': 200,
  'new': 200,
  'editor-draft': 200,
  'editor-published': 200,
  'editor-trash': 200,
  'editor-preview': 200,
  'editor-invalid': 422,
  'revisions': 200,
  'compare': 200,
  'users': 200,
  'users-invited': 200,
  'users-invalid': 422,
  'audit': 200,
  'media': 200,
  'password': 200,
  'password-mismatch': 422,
  'not-found': 404,
  'not-found-path': 404,
  'forbidden': 403,
  'csrf-refused': 403,
  'sections': 200,
  'section': 200,
  'section-invalid': 422,
  'tags': 200,
  'tag': 200,
  'authors': 200,
  'author': 200,
  'author-taken': 409,
  'settings': 200,
  'settings-invalid': 422,
  'settings-invalid-mail': 422,
};

const pages = new Map(); // name -> { name, url, status, html, file }
let outDir;
let root;
let server;
let browser;

before(async () => {
  outDir = makeTempDir('tribune-admin-html-');
  const site = await createSeedSite();
  root = site.root;
  await addAccount(site.data, { ...ADMIN, role: 'administrator' });
  // Without a password, the CLI prints a one-time login link.
  const linked = await addAccount(site.data, { name: 'Ibrahim Touré', email: 'ibrahim@example.org', role: 'editor' });
  assert.ok(linked.loginPath, `tribune user add without a password prints a login link:\n${linked.output}`);
  server = await startServer(site.data);
  const url = server.url;

  const keep = (name, target, res) => {
    assert.equal(res.status, PAGES[name], `${name}: ${target}\n${res.text.slice(0, 400)}`);
    assert.match(res.headers.get('content-type') || '', /^text\/html/, `${name}: content type`);
    const file = path.join(outDir, `${name}.html`);
    writeFileSync(file, res.text);
    pages.set(name, { name, url: url + target, status: res.status, html: res.text, file });
    return res;
  };
  const fetchPage = async (client, name, target) => keep(name, target, await client.get(target));
  const postPage = async (client, name, target, form) => keep(name, target, await client.post(target, form));

  const anonymous = new HttpClient(url);
  await fetchPage(anonymous, 'login', '/admin/login/');
  const login = pages.get('login').html;
  await postPage(anonymous, 'login-wrong', '/admin/login/', {
    login_token: hiddenField(login, 'login_token'), email: ADMIN.email, password: 'pas le bon mot de passe',
  });
  await fetchPage(anonymous, 'login-link', linked.loginPath);
  await fetchPage(anonymous, 'forgot', '/admin/login/forgot/');

  const admin = new HttpClient(url);
  assert.equal((await admin.login(ADMIN.email, ADMIN.password)).status, 303);
  const csrf = (await admin.page('/admin/articles/new/')).csrf;
  const create = async (title, action, body = 'Un texte avec un mot **important**.') => {
    const res = await admin.post('/admin/articles/new/', { csrf, title, body, tags: 'Presse', action });
    assert.equal(res.status, 303, `${action} "${title}"`);
    return res.location.match(/\/admin\/articles\/(\d+)\//)[1];
  };
  const draft = await create('Un brouillon', 'save');
  const published = await create('Un article publié', 'publish');
  const trashed = await create('Un article à jeter', 'save');
  assert.equal((await admin.post(`/admin/articles/${trashed}/`, { csrf, action: 'trash' })).status, 303);
  // A second revision of the draft, to compare.
  const editor = await admin.page(`/admin/articles/${draft}/`);
  assert.equal((await admin.post(`/admin/articles/${draft}/`, {
    csrf, title: 'Un brouillon', body: 'Un texte avec un mot **capital**.', revision: hiddenField(editor.text, 'revision'),
    action: 'save',
  })).status, 303);

  await fetchPage(admin, 'articles', '/admin/articles/?done=publish');
  await fetchPage(admin, 'articles-trash', '/admin/articles/?state=trash');
  await fetchPage(admin, 'articles-empty-search', '/admin/articles/?state=draft&q=introuvable');
  await fetchPage(admin, 'new', '/admin/articles/new/');
  await fetchPage(admin, 'editor-draft', `/admin/articles/${draft}/?done=saved`);
  await fetchPage(admin, 'editor-published', `/admin/articles/${published}/`);
  await fetchPage(admin, 'editor-trash', `/admin/articles/${trashed}/?done=trashed`);
  await postPage(admin, 'editor-preview', `/admin/articles/${draft}/`, {
    csrf, title: 'Un brouillon', body: '## Un intertitre\n\nUn texte avec un mot **important**.', action: 'preview',
  });
  await postPage(admin, 'editor-invalid', '/admin/articles/new/', { csrf, title: '', body: 'Sans titre', action: 'save' });
  const revisions = await fetchPage(admin, 'revisions', `/admin/articles/${draft}/revisions/`);
  const ids = [...revisions.text.matchAll(/name="from" value="(\d+)"/g)].map((m) => m[1]);
  await fetchPage(admin, 'compare', `/admin/articles/${draft}/revisions/compare/?from=${ids[1]}&to=${ids[0]}`);
  await fetchPage(admin, 'users', '/admin/users/');
  await postPage(admin, 'users-invited', '/admin/users/', {
    csrf, name: 'Aminata Cissé', email: 'aminata@example.org', role: 'author',
  });
  await postPage(admin, 'users-invalid', '/admin/users/', { csrf, name: '', email: 'pas-une-adresse', role: 'author' });
  await fetchPage(admin, 'audit', '/admin/audit/');
  await fetchPage(admin, 'media', '/admin/media/?added=une');
  await fetchPage(admin, 'password', '/admin/password/');
  await postPage(admin, 'password-mismatch', '/admin/password/', {
    csrf, password: 'un mot de passe neuf', confirm: 'un autre mot de passe',
  });
  await fetchPage(admin, 'not-found', '/admin/articles/999999/');
  await fetchPage(admin, 'not-found-path', '/admin/no-such-page/');
  await postPage(admin, 'csrf-refused', `/admin/articles/${draft}/`, { title: 'Sans jeton', action: 'save' });

  const sections = await fetchPage(admin, 'sections', '/admin/sections/?done=saved');
  const sectionPath = sections.text.match(/href="(\/admin\/sections\/\d+\/)"/)[1];
  await fetchPage(admin, 'section', sectionPath);
  await postPage(admin, 'section-invalid', sectionPath, { csrf, action: 'save', name: 'Blog', slug: 'Pas Valide', parent: '0' });
  const tags = await fetchPage(admin, 'tags', '/admin/tags/?q=Pre');
  await fetchPage(admin, 'tag', tags.text.match(/href="(\/admin\/tags\/\d+\/)"/)[1]);
  const authors = await fetchPage(admin, 'authors', '/admin/authors/?done=added');
  const authorPath = authors.text.match(/href="(\/admin\/authors\/\d+\/)"/)[1];
  await fetchPage(admin, 'author', authorPath);
  assert.equal((await admin.post('/admin/authors/', { csrf, name: 'Homonyme', bio: '' })).status, 303);
  await postPage(admin, 'author-taken', authorPath, { csrf, name: 'Homonyme', slug: '', bio: '' });
  await fetchPage(admin, 'settings', '/admin/settings/?done=saved');
  await postPage(admin, 'settings-invalid', '/admin/settings/', {
    csrf, group: 'site', 'site.timezone': 'Europe/Atlantide', 'site.url': 'sans-schema.example',
  });
  await postPage(admin, 'settings-invalid-mail', '/admin/settings/', {
    csrf, group: 'comments', 'comments.moderator_email': 'pas une adresse', 'comments.max_links': '900',
  });

  assert.equal((await admin.post('/admin/users/', { csrf, ...CONTRIBUTOR, role: 'contributor' })).status, 200);
  const contributor = new HttpClient(url);
  assert.equal((await contributor.login(CONTRIBUTOR.email, CONTRIBUTOR.password)).status, 303);
  await fetchPage(contributor, 'forbidden', '/admin/users/');

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  try {
    if (server) await server.stop(); // rejects unless the server exits within 3 s of SIGTERM
  } finally {
    removeDir(root);
    removeDir(outDir);
  }
});

test('Nu HTML Checker finds no errors on any admin page', () => {
  assert.deepEqual([...pages.keys()].sort(), Object.keys(PAGES).sort());
  const { messages, lines, status, stderr } = nuCheck([...pages.values()]);
  assert.equal(messages.length, 0, `Nu HTML Checker errors:\n${lines.join('\n')}`);
  assert.equal(status, 0, `vnu exit status\n${stderr}`);
});

test('axe-core finds no accessibility violations on any admin page', async (t) => {
  // The admin's Content-Security-Policy allows scripts from the admin's own files only (no
  // inline script, no injected one): axe-core is injected into a context that bypasses CSP,
  // for this check only. Everything else (the page, its CSS and script) is as served.
  const context = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  const problems = [];
  const started = Date.now();
  try {
    // One tab for every page: each is loaded in turn at its own URL.
    const view = await context.newPage();
    let current = null;
    await view.route((u) => u.href === current?.url, (route) => route.fulfill({
      status: current.status,
      contentType: 'text/html; charset=utf-8',
      body: current.html,
    }));
    for (const entry of pages.values()) {
      current = entry;
      const res = await view.goto(entry.url, { waitUntil: 'load' });
      assert.equal(res.status(), entry.status, entry.name);
      for (const violation of await axeViolations(view)) problems.push(`${entry.name} (${entry.url}): ${violation}`);
    }
  } finally {
    await context.close();
  }
  t.diagnostic(`${pages.size} admin pages checked with axe-core in ${Date.now() - started} ms`);
  assert.equal(problems.length, 0, `axe-core violations:\n${problems.join('\n')}`);
});
