// The admin's defences, seen with plain fetch() (redirect: 'manual', cookies kept by hand in
// support.mjs's HttpClient): roles (a contributor cannot publish, even by forging the form),
// CSRF tokens and the Origin check, the login rate limit, the session cookie's attributes, the
// headers of every admin page, "log out everywhere", and one-time invitation links.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HttpClient,
  addAccount,
  createSeedSite,
  get,
  hiddenField,
  removeDir,
  startServer,
} from './support.mjs';

const ADMIN = { name: 'Awa Diallo', email: 'awa@example.org', password: 'mot de passe admin 1' };
const CONTRIBUTOR = { name: 'Moussa Keita', email: 'moussa@example.org', password: 'contributeur 2026!' };
const EDITOR = { name: 'Fatou Sow', email: 'fatou@example.org', password: 'rédactrice en chef' };

/** A seed site served for one describe(), with an administrator made from the CLI. */
function servedSite() {
  const site = {};
  before(async () => {
    const { root, data } = await createSeedSite();
    site.root = root;
    site.data = data;
    await addAccount(data, { ...ADMIN, role: 'administrator' });
    site.server = await startServer(data);
    site.url = site.server.url;
  });
  after(async () => {
    try {
      if (site.server) await site.server.stop();
    } finally {
      removeDir(site.root);
    }
  });
  return site;
}

/** A client signed in as `account` (the login must succeed: 303). */
async function signedIn(site, account) {
  const client = new HttpClient(site.url);
  const res = await client.login(account.email, account.password);
  assert.equal(res.status, 303, `login of ${account.email}: ${res.status}\n${res.text.slice(0, 300)}`);
  return client;
}

/** The editor's shown state (draft, scheduled, published, unpublished, trash). */
function shownState(html) {
  const m = html.match(/<span class="state state-([a-z]+)">/);
  return m ? m[1] : null;
}

/** Creates an article through the editor's form; returns its id. */
async function createDraft(client, title, body = 'Un premier paragraphe.') {
  const form = await client.page('/admin/articles/new/');
  const res = await client.post('/admin/articles/new/', { csrf: form.csrf, title, body, action: 'save' });
  assert.equal(res.status, 303, `save a new draft: ${res.status}\n${res.text.slice(0, 400)}`);
  const m = (res.location || '').match(/^\/admin\/articles\/(\d+)\/\?done=saved$/);
  assert.ok(m, `redirect to the new article's editor, got ${res.location}`);
  return Number(m[1]);
}

/** The editor's fields as the form would post them again. */
function editorFields(html) {
  const value = (id) => {
    const m = html.match(new RegExp(`<input id="${id}"[^>]*\\bvalue="([^"]*)"`));
    return m ? m[1] : '';
  };
  const body = (html.match(/<textarea id="body"[^>]*>([\s\S]*?)<\/textarea>/) || [])[1] || '';
  return { title: value('title'), body, revision: hiddenField(html, 'revision') };
}

describe('roles and CSRF', () => {
  const site = servedSite();
  let admin;
  let contributor;
  let articleId;

  before(async () => {
    admin = await signedIn(site, ADMIN);
    const users = await admin.page('/admin/users/');
    const added = await admin.post('/admin/users/', {
      csrf: users.csrf,
      name: CONTRIBUTOR.name,
      email: CONTRIBUTOR.email,
      role: 'contributor',
      password: CONTRIBUTOR.password,
    });
    assert.equal(added.status, 200, `an administrator creates a contributor\n${added.text.slice(0, 400)}`);
    assert.match(added.text, new RegExp(CONTRIBUTOR.email.replace('.', '\\.')));
    contributor = await signedIn(site, CONTRIBUTOR);
    articleId = await createDraft(contributor, 'Brouillon du contributeur');
  });

  test('a contributor sees no publish button and cannot publish by forging the form', async () => {
    const editor = await contributor.page(`/admin/articles/${articleId}/`);
    assert.equal(shownState(editor.text), 'draft');
    assert.doesNotMatch(editor.text, /name="action" value="publish"/, 'no publish button for a contributor');
    const fields = editorFields(editor.text);
    const res = await contributor.post(`/admin/articles/${articleId}/`, {
      csrf: editor.csrf,
      ...fields,
      action: 'publish',
    });
    assert.equal(res.status, 403, 'action=publish from a contributor, with a valid CSRF token');
    assert.equal(shownState((await contributor.page(`/admin/articles/${articleId}/`)).text), 'draft');
    // Nor through the bulk action of the list.
    const bulk = await contributor.post('/admin/articles/bulk/', [
      ['csrf', editor.csrf],
      ['ids', String(articleId)],
      ['action', 'publish'],
    ]);
    assert.equal(bulk.status, 403, 'bulk publish from a contributor');
    const drafts = await admin.page('/admin/articles/?state=draft');
    assert.match(drafts.text, new RegExp(`href="/admin/articles/${articleId}/"`), 'still listed among drafts');
    const home = await get(`${site.url}/`);
    assert.doesNotMatch(home.text, /Brouillon du contributeur/, 'not on the home page');
  });

  test('once an editor published it, a contributor can no longer change the live article', async () => {
    const id = await createDraft(contributor, 'Article relu par la rédaction', 'Le texte relu et validé.');
    const csrf = (await admin.page('/admin/articles/')).csrf;
    const published = await admin.post('/admin/articles/bulk/', [['csrf', csrf], ['ids', String(id)], ['action', 'publish']]);
    assert.equal(published.status, 303);
    const editor = await contributor.page(`/admin/articles/${id}/`);
    assert.equal(shownState(editor.text), 'published');
    const before = await get(`${site.url}/`);
    assert.match(before.text, /Article relu par la rédaction/);

    const res = await contributor.post(`/admin/articles/${id}/`, {
      csrf: editor.csrf, ...editorFields(editor.text), body: 'Un texte jamais relu.', action: 'save',
    });
    assert.equal(res.status, 403, 'a contributor saving a published article');
    const revisions = await admin.page(`/admin/articles/${id}/revisions/`);
    const first = [...revisions.text.matchAll(/name="from" value="(\d+)"/g)].map((m) => m[1]).at(-1);
    const restore = await contributor.post(`/admin/articles/${id}/revisions/${first}/restore/`, { csrf: editor.csrf });
    assert.equal(restore.status, 403, 'a contributor restoring a revision of a published article');
    const unpublish = await contributor.post(`/admin/articles/${id}/`, { csrf: editor.csrf, action: 'unpublish' });
    assert.equal(unpublish.status, 403, 'a contributor unpublishing');
    const articlePath = before.text.match(/href="(?:https?:\/\/[^/"]+)?(\/[^"]*\/article-relu-par-la-redaction\/)"/);
    assert.ok(articlePath, 'the home page links to the article');
    const page = await get(site.url + articlePath[1]);
    assert.equal(page.status, 200);
    assert.match(page.text, /Le texte relu et validé/);
    assert.doesNotMatch(page.text, /jamais relu/);
  });

  test('a contributor may not manage accounts nor read the audit log', async () => {
    assert.equal((await contributor.get('/admin/users/')).status, 403);
    assert.equal((await contributor.get('/admin/audit/')).status, 403);
    const csrf = (await contributor.page('/admin/articles/')).csrf;
    const res = await contributor.post('/admin/users/', {
      csrf, name: 'Intrus', email: 'intrus@example.org', role: 'administrator', password: 'x'.repeat(12),
    });
    assert.equal(res.status, 403);
    assert.doesNotMatch((await admin.page('/admin/users/')).text, /intrus@example\.org/);
  });

  test('a POST without the csrf field, with another session\'s token, or from another origin: 403, nothing changes', async () => {
    const editor = await contributor.page(`/admin/articles/${articleId}/`);
    const fields = { ...editorFields(editor.text), title: 'Titre changé en douce', action: 'save' };
    const adminCsrf = (await admin.page('/admin/articles/')).csrf;
    assert.notEqual(adminCsrf, editor.csrf, 'each session has its own token');

    const attempts = [
      ['no csrf field', contributor, fields, {}],
      ['an empty csrf field', contributor, { ...fields, csrf: '' }, {}],
      ["another session's token", contributor, { ...fields, csrf: adminCsrf }, {}],
      ["the contributor's token with the administrator's cookie", admin, { ...fields, csrf: editor.csrf }, {}],
      ['a valid token from another origin', contributor, { ...fields, csrf: editor.csrf },
        { headers: { origin: 'http://evil.example' } }],
    ];
    for (const [what, client, form, options] of attempts) {
      const res = await client.post(`/admin/articles/${articleId}/`, form, options);
      assert.equal(res.status, 403, what);
    }
    // Signed out altogether.
    const stranger = new HttpClient(site.url);
    assert.equal((await stranger.post(`/admin/articles/${articleId}/`, { ...fields, csrf: editor.csrf })).status, 403);

    const after = await contributor.page(`/admin/articles/${articleId}/`);
    assert.match(after.text, /value="Brouillon du contributeur"/, 'the title is unchanged');
    assert.equal(hiddenField(after.text, 'revision'), fields.revision, 'no new revision');
    // A logout without the token does not end the session either.
    assert.equal((await contributor.post('/admin/logout/', {})).status, 403);
    assert.equal((await contributor.get('/admin/articles/')).status, 200, 'still signed in');
  });

  test('session cookies are HttpOnly and SameSite=Lax, not Secure over plain http', async () => {
    const client = new HttpClient(site.url);
    const form = await client.get('/admin/login/');
    const res = await client.post('/admin/login/', {
      login_token: hiddenField(form.text, 'login_token'), email: ADMIN.email, password: ADMIN.password,
    });
    assert.equal(res.status, 303);
    const session = res.setCookies.find((c) => c.startsWith('tribune_session='));
    assert.ok(session, `a session cookie among ${JSON.stringify(res.setCookies)}`);
    const attributes = session.split(';').slice(1).map((a) => a.trim().toLowerCase());
    assert.ok(attributes.includes('httponly'), session);
    assert.ok(attributes.includes('samesite=lax'), session);
    assert.ok(!attributes.includes('secure'), `no Secure over http: ${session}`);
    assert.ok(attributes.includes('path=/'), session);
    for (const cookie of [...form.setCookies, ...res.setCookies]) {
      assert.match(cookie, /;\s*HttpOnly/i, cookie);
      assert.doesNotMatch(cookie, /;\s*Secure/i, cookie);
    }
  });

  test('every admin page: CSP with frame-ancestors \'none\', Referrer-Policy same-origin, Cache-Control no-store', async () => {
    // Two revisions to compare.
    const editor = await admin.page(`/admin/articles/${articleId}/`);
    const saved = await admin.post(`/admin/articles/${articleId}/`, {
      csrf: editor.csrf, ...editorFields(editor.text), body: 'Un autre paragraphe.', action: 'save',
    });
    assert.equal(saved.status, 303);
    const revisions = await admin.page(`/admin/articles/${articleId}/revisions/`);
    const ids = [...revisions.text.matchAll(/name="from" value="(\d+)"/g)].map((m) => m[1]);
    assert.ok(ids.length >= 2, 'two revisions');
    const anonymous = new HttpClient(site.url);
    const pages = [
      [anonymous, '/admin/login/', 200],
      [anonymous, '/admin/login/forgot/', 200],
      [anonymous, '/admin/', 303],
      [anonymous, '/admin/articles/', 303],
      [admin, '/admin/', 200],
      [admin, '/admin/comments/', 200],
      [contributor, '/admin/comments/', 403],
      [admin, '/admin/articles/', 200],
      [admin, '/admin/articles/?state=trash&q=x', 200],
      [admin, `/admin/articles/${articleId}/`, 200],
      [admin, '/admin/articles/new/', 200],
      [admin, `/admin/articles/${articleId}/revisions/`, 200],
      [admin, `/admin/articles/${articleId}/revisions/compare/?from=${ids[1]}&to=${ids[0]}`, 200],
      [admin, '/admin/users/', 200],
      [admin, '/admin/audit/', 200],
      [admin, '/admin/password/', 200],
      [admin, '/admin/articles/999999/', 404],
      [admin, '/admin/no-such-page/', 404],
      [anonymous, '/admin/no-such-page/', 404],
      [anonymous, `/admin/login/${'0'.repeat(64)}/`, 200],
      [contributor, '/admin/users/', 403],
    ];
    const problems = [];
    for (const [client, target, status] of pages) {
      const res = await client.get(target);
      const csp = res.headers.get('content-security-policy') || '';
      const where = `${target} (${res.status})`;
      if (res.status !== status) problems.push(`${where}: expected status ${status}`);
      if (!/(^|;)\s*frame-ancestors 'none'\s*(;|$)/.test(csp)) problems.push(`${where}: CSP ${JSON.stringify(csp)}`);
      if (res.headers.get('referrer-policy') !== 'same-origin') {
        problems.push(`${where}: Referrer-Policy ${res.headers.get('referrer-policy')}`);
      }
      if (!/(^|,)\s*no-store\s*(,|$)/.test(res.headers.get('cache-control') || '')) {
        problems.push(`${where}: Cache-Control ${res.headers.get('cache-control')}`);
      }
    }
    // And the answers to forms: a refused POST, a signed-in redirect.
    const refused = await anonymous.post('/admin/articles/new/', { title: 'x' });
    if (!/frame-ancestors 'none'/.test(refused.headers.get('content-security-policy') || '')) {
      problems.push(`POST /admin/articles/new/ (${refused.status}): no admin CSP`);
    }
    assert.deepEqual(problems, []);
  });

  test('"log out everywhere" ends the account\'s other sessions', async () => {
    // An account of its own, so that the other tests' sessions live on.
    const users = await admin.page('/admin/users/');
    const added = await admin.post('/admin/users/', {
      csrf: users.csrf, name: EDITOR.name, email: EDITOR.email, role: 'editor', password: EDITOR.password,
    });
    assert.equal(added.status, 200);
    const laptop = await signedIn(site, EDITOR);
    const phone = await signedIn(site, EDITOR);
    assert.equal((await phone.get('/admin/articles/')).status, 200);
    const csrf = (await laptop.page('/admin/articles/')).csrf;
    const out = await laptop.post('/admin/logout/everywhere/', { csrf });
    assert.equal(out.status, 303);
    assert.equal(out.location, '/admin/login/');
    for (const [name, client] of [['laptop', laptop], ['phone', phone]]) {
      const res = await client.get('/admin/articles/');
      assert.equal(res.status, 303, `${name} is signed out`);
      assert.match(res.location, /^\/admin\/login\//);
    }
    // The phone's old cookie, sent again as is, opens nothing.
    assert.equal((await phone.post('/admin/logout/', { csrf })).status, 403);
    // Other accounts keep their sessions.
    assert.equal((await admin.get('/admin/articles/')).status, 200);
  });

  test('an invitation link signs in once, then asks for a password', async () => {
    const users = await admin.page('/admin/users/');
    const invited = await admin.post('/admin/users/', {
      csrf: users.csrf, name: 'Ibrahim Touré', email: 'ibrahim@example.org', role: 'author',
    });
    assert.equal(invited.status, 200);
    const link = (invited.text.match(/\/admin\/login\/[0-9a-f]{64}\//) || [])[0];
    assert.ok(link, 'the users page shows the invitation link');

    const guest = new HttpClient(site.url);
    const shown = await guest.get(link);
    assert.equal(shown.status, 200, 'GET shows a button, and does not use the link up');
    assert.match(shown.text, new RegExp(`<form method="post" action="${link}"`));
    assert.equal((await guest.get(link)).status, 200, 'a second GET still shows it');
    const used = await guest.post(link, {});
    assert.equal(used.status, 303);
    assert.equal(used.location, '/admin/password/');
    const password = await guest.page('/admin/password/');
    assert.match(password.text, /Ibrahim Touré/);

    const again = new HttpClient(site.url);
    assert.equal((await again.post(link, {})).status, 404, 'the link works once');
    assert.equal((await again.get('/admin/articles/')).status, 303, 'and signed nobody in');

    const chosen = await guest.post('/admin/password/', {
      csrf: password.csrf, password: 'mon nouveau mot de passe', confirm: 'mon nouveau mot de passe',
    });
    assert.equal(chosen.status, 303);
    assert.equal((await guest.get('/admin/articles/')).status, 200, 'still signed in after choosing a password');
    await signedIn(site, { email: 'ibrahim@example.org', password: 'mon nouveau mot de passe' });
  });
});

describe('login rate limit', () => {
  // A site of its own: wrong passwords also count against the client (127.0.0.1 here), which
  // would refuse the other tests' logins for a quarter of an hour.
  const site = servedSite();

  test('five wrong passwords get 401, the sixth 429, and then the right one is refused too', async () => {
    const client = new HttpClient(site.url);
    for (let i = 1; i <= 5; i++) {
      const res = await client.login(ADMIN.email, `mauvais mot de passe ${i}`);
      assert.equal(res.status, 401, `wrong password #${i}`);
      assert.equal(res.setCookies.some((c) => c.startsWith('tribune_session=')), false);
    }
    const sixth = await client.login(ADMIN.email, 'mauvais mot de passe 6');
    assert.equal(sixth.status, 429, 'the sixth wrong password in a row');
    const right = await client.login(ADMIN.email, ADMIN.password);
    assert.equal(right.status, 429, 'the right password within the window');
    assert.equal(right.setCookies.some((c) => c.startsWith('tribune_session=')), false, 'no session');
    // Another address's case does not get round it.
    const upper = await client.login(ADMIN.email.toUpperCase(), ADMIN.password);
    assert.equal(upper.status, 429, 'the same account written in capitals');
  });
});
