// Every kind of public page that Tribune renders is valid HTML (Nu HTML Checker from the
// vnu-jar package, run once on all pages), is in French, has a canonical link and a
// description, and article pages stay small.
//
// Sites: the demo site (`tribune demo`, first run creates it; list.per_page is then lowered so
// that section lists paginate) and a seed site with the fixture article.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  createSeedSite,
  decodeEntities,
  firstListLink,
  get,
  hrefs,
  makeTempDir,
  nuCheck,
  removeDir,
  seedArticlePath,
  startDemo,
  startServer,
  tribune,
} from './support.mjs';

const MAX_ARTICLE_BYTES = 50 * 1000;

// name -> { url, status, html, file }; filled in by before().
const pages = new Map();
const PAGE_NAMES = [
  'seed-home',
  'seed-article',
  'demo-home',
  'demo-article',
  'section',
  'parent-section',
  'author',
  'tag',
  'paginated',
  'date-archive',
  'not-found',
];

let outDir;
let demoRoot;
let seedRoot;
const servers = [];

async function fetchPage(name, url, expectedStatus = 200, form = null) {
  const res = form
    ? await postForm(url, form)
    : await get(url);
  assert.equal(res.status, expectedStatus, `GET ${url} (${name})`);
  assert.match(res.headers.get('content-type') || '', /^text\/html/, `content type of ${url}`);
  const file = path.join(outDir, `${name}.html`);
  writeFileSync(file, res.text);
  const page = { name, url, status: res.status, html: res.text, file };
  pages.set(name, page);
  return page;
}

// POSTs `fields` as a form, without following a redirect; { status, headers, text }.
async function postForm(url, fields) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

// The subscription pages, reached as a reader does: the demo writes its mail to its outbox
// folder, shown at /outbox/, where the confirmation link is.
async function fetchSubscriptionPages(url) {
  await fetchPage('subscribe-form', `${url}/subscribe/`);
  await fetchPage('subscribe-error', `${url}/subscribe/`, 422, { email: 'pas-une-adresse' });
  const posted = await postForm(`${url}/subscribe/`, {
    email: 'lectrice@example.org',
    frequency: 'daily',
    lang: 'fr',
  });
  assert.equal(posted.status, 303, 'POST /subscribe/');
  await fetchPage('check-inbox', url + posted.headers.get('location'));
  let messagePath;
  for (let i = 0; i < 50 && !messagePath; i++) {
    const outbox = await get(`${url}/outbox/`);
    messagePath = (outbox.text.match(/href="(\/outbox\/\d{6}\.eml\/)"/) || [])[1];
    if (!messagePath) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.ok(messagePath, 'the confirmation reaches the outbox viewer');
  await fetchPage('outbox', `${url}/outbox/`);
  const message = await fetchPage('outbox-message', url + messagePath);
  await fetchPage('mail-html', `${url}${messagePath}html/`);
  const confirm = decodeEntities(message.html).match(/https?:\/\/[^\s<"]+(\/subscription\/confirm\/[^\s<"]+)/);
  assert.ok(confirm, 'a confirmation link in the message');
  // Following the link shows a page whose button confirms (link checkers only GET).
  const asked = await fetchPage('confirm', url + confirm[1]);
  assert.match(asked.html, /<form method="post" action="\/subscription\/confirm\//);
  const confirmed = await fetchPage('confirmed', url + confirm[1], 200, {});
  const manage = confirmed.html.match(/href="[^"]*?(\/subscription\/manage\/[^"]+)"/);
  assert.ok(manage, 'a manage link on the confirmation page');
  await fetchPage('manage', url + manage[1]);
  await fetchPage('manage-saved', url + manage[1], 200, { frequency: 'each' });
  await fetchPage('unsubscribe', url + manage[1].replace('/manage/', '/unsubscribe/'));
}

before(async () => {
  outDir = makeTempDir('tribune-html-');
  demoRoot = makeTempDir('tribune-demo-');
  const demoData = path.join(demoRoot, 'data');

  // First run creates the demo site; then fewer articles per page so a list has a page 2.
  const first = await startDemo(demoData);
  await first.stop();
  await tribune('config', 'set', '--data', demoData, 'list.per_page', '4');
  const demo = await startDemo(demoData);
  servers.push(demo);

  const seed = await createSeedSite();
  seedRoot = seed.root;
  const seedServer = await startServer(seed.data);
  servers.push(seedServer);

  await fetchPage('seed-home', `${seedServer.url}/`);
  await fetchPage('seed-article', seedServer.url + (await seedArticlePath(seedServer.url)));
  // The seed article was published on 2025-07-11: July 2025's archive lists it.
  await fetchPage('date-archive', `${seedServer.url}/2025/07/`);

  const home = await fetchPage('demo-home', `${demo.url}/`);
  const articlePath = firstListLink(home.html);
  assert.ok(articlePath, 'the demo home page lists an article');
  const article = await fetchPage('demo-article', demo.url + articlePath);

  const section = await fetchPage('section', `${demo.url}/category/blog/securite/`);
  const parent = await fetchPage('parent-section', `${demo.url}/category/blog/`);

  const authorPath = [...hrefs(home.html), ...hrefs(article.html)].find((h) => h.startsWith('/author/'));
  assert.ok(authorPath, 'an /author/ link on the demo home or article page');
  const author = await fetchPage('author', demo.url + authorPath);

  const tagLink = article.html.match(/<a\b(?=[^>]*\brel="tag")[^>]*\bhref="([^"]+)"/);
  assert.ok(tagLink, `a rel="tag" link on the demo article ${articlePath}`);
  const tag = await fetchPage('tag', demo.url + tagLink[1]);

  const lists = [parent, section, author, tag, home];
  const pagePath = lists.flatMap((p) => hrefs(p.html)).find((h) => /\/page\/2\/$/.test(h));
  if (pagePath) await fetchPage('paginated', demo.url + pagePath);

  await fetchPage('not-found', `${demo.url}/no-such-page/`, 404);
  // Search pages (no canonical address: they are not for search engines): results with
  // their marks, none, and hostile markup echoed back.
  const search = await fetchPage('search', `${demo.url}/search?q=village`);
  assert.match(search.html, /<mark>/, 'the demo search for "village" marks what it found');
  await fetchPage('search-none', `${demo.url}/search?q=${encodeURIComponent('"><b>zzz</b>')}`);
  await fetchSubscriptionPages(demo.url);
});

after(async () => {
  const errors = [];
  for (const server of servers) {
    try {
      await server.stop(); // rejects unless the server exits within 3 s of SIGTERM
    } catch (err) {
      errors.push(err);
    }
  }
  removeDir(outDir);
  removeDir(demoRoot);
  removeDir(seedRoot);
  if (errors.length) throw errors[0];
});

test('Nu HTML Checker finds no errors on any page', () => {
  const checked = [...pages.values()];
  assert.ok(checked.length >= 9, `pages fetched: ${[...pages.keys()]}`);
  const { messages, lines, status, stderr } = nuCheck(checked);
  assert.equal(messages.length, 0, `Nu HTML Checker errors:\n${lines.join('\n')}`);
  assert.equal(status, 0, `vnu exit status\n${stderr}`);
});

for (const name of PAGE_NAMES) {
  test(`${name}: lang="fr", canonical link (none on 404), non-empty description`, (t) => {
    const page = pages.get(name);
    if (!page && name === 'paginated') {
      t.skip('no /page/2/ link on any list page');
      return;
    }
    assert.ok(page, `page ${name} was fetched`);
    const { html, url } = page;
    assert.match(html, /<html\b[^>]*\blang="fr"[^>]*>/, `<html lang="fr"> in ${url}`);
    const canonical = html.match(/<link\b(?=[^>]*\brel="canonical")[^>]*\bhref="([^"]*)"[^>]*>/);
    if (name === 'not-found') {
      // An error page is no page of the site: it names no canonical address.
      assert.equal(canonical, null, `no canonical link on the 404 page (${url})`);
    } else {
      assert.ok(canonical, `<link rel="canonical" href=...> in ${url}`);
      assert.ok(canonical[1].trim().length > 0, `non-empty canonical href in ${url}`);
    }
    const description = html.match(/<meta\b(?=[^>]*\bname="description")[^>]*\bcontent="([^"]*)"[^>]*>/);
    assert.ok(description, `<meta name="description" content=...> in ${url}`);
    assert.ok(description[1].trim().length > 0, `non-empty description in ${url}`);
  });
}

test('article pages are under 50 KB, with their CSS, scripts and icon', async () => {
  for (const name of ['seed-article', 'demo-article']) {
    const page = pages.get(name);
    assert.ok(page, `page ${name} was fetched`);
    const htmlBytes = Buffer.byteLength(page.html, 'utf8');
    assert.ok(htmlBytes < MAX_ARTICLE_BYTES, `${name} HTML is ${htmlBytes} bytes (${page.url})`);

    // Same-origin subresources the page loads: stylesheets, scripts, icons.
    const refs = [
      ...page.html.matchAll(/<link\b(?=[^>]*\brel="(?:stylesheet|icon)")[^>]*\bhref="([^"]+)"/g),
      ...page.html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g),
    ].map((m) => new URL(m[1], page.url));
    let total = htmlBytes;
    const parts = [`html ${htmlBytes}`];
    for (const ref of refs) {
      if (ref.origin !== new URL(page.url).origin) continue;
      const res = await fetch(ref);
      assert.equal(res.status, 200, `GET ${ref}`);
      const size = (await res.arrayBuffer()).byteLength;
      total += size;
      parts.push(`${ref.pathname} ${size}`);
    }
    assert.ok(total < MAX_ARTICLE_BYTES, `${name} total ${total} bytes: ${parts.join(', ')}`);
  }
});
