// The subscribers' and the outbox's screens in Chromium, against a real server and a real SMTP
// server (tests/support/smtp_sink.py): an editor imports a CSV through the upload form, finds a
// subscriber and unsubscribes them, then retries a message the SMTP server deferred and sees
// it delivered. The four screens (the list, one subscriber, the outbox, the import form) pass
// the Nu HTML Checker and axe-core, and are photographed at 360 and 1280 px without
// horizontal scrolling.
//
// Screenshots go to $TRIBUNE_SCREENSHOTS, else to tribune-admin-screenshots in the system's
// temporary folder, beside the other admin screens'.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  HttpClient,
  addAccount,
  createSeedSite,
  freePort,
  makeTempDir,
  nuCheck,
  removeDir,
  startServer,
  tribune,
  SCREENSHOTS,
  fitsAndScreenshot,
  axeViolations,
} from './support.mjs';

const SMTP_SINK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'support', 'smtp_sink.py');

const EDITOR = { name: 'Awa Diallo', email: 'awa@example.org', password: 'un long mot de passe' };
// Awa-lectrice follows every article (the announcement the SMTP server defers first); Binta
// reads the daily digest and is unsubscribed; Chaka has not confirmed.
const CSV = [
  'email,status,frequency,lang',
  'awa.lectrice@example.net,confirmed,each,fr',
  'binta@example.org,confirmed,daily,fr',
  'chaka@example.org,pending,each,en',
  '',
].join('\r\n');
const READER = 'awa.lectrice@example.net';

let root;
let sinkDir;
let sink;
let server;
let browser;
let context;
let page;
let htmlDir;
const checked = new Map(); // name -> { name, url, status, html, file }

// The SMTP server: answers 451 to the first recipient, then accepts everything.
async function startSink(port, dir) {
  const child = spawn('/usr/bin/python3', [SMTP_SINK, '--port', String(port), '--dir', dir, '--temporary-failures', '1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.setEncoding('utf8').on('data', (s) => { out += s; });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`smtp_sink.py not ready within 10 s\n${out}`)), 10_000);
    child.stdout.setEncoding('utf8').on('data', (s) => {
      if (s.includes('ready')) { clearTimeout(timer); resolve(); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`smtp_sink.py exited with ${code}\n${out}`)); });
  });
  return child;
}

// Polls `check` (an async function returning a truthy value when done) every 100 ms.
async function until(what, check, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

// The messages the SMTP server accepted for `address`.
function delivered(address) {
  if (!existsSync(sinkDir)) return [];
  return readdirSync(sinkDir)
    .filter((name) => /^\d{6}\.json$/.test(name))
    .map((name) => JSON.parse(readFileSync(path.join(sinkDir, name), 'utf8')))
    .filter((envelope) => envelope.rcpt_tos.includes(address));
}

// Keeps the HTML the server sent for `response` (a navigation of the page) for the Nu checker
// and axe-core.
async function keep(name, response) {
  const html = await response.text();
  const file = path.join(htmlDir, `${name}.html`);
  writeFileSync(file, html);
  checked.set(name, { name, url: response.url(), html, file });
}

// Clicks `selector` (a link or a form's button) and returns the navigation's response.
async function follow(selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

async function submit(selector) {
  return (await follow(selector)).status();
}

before(async () => {
  const site = await createSeedSite();
  root = site.root;
  sinkDir = path.join(root, 'sink');
  htmlDir = path.join(root, 'html');
  mkdirSync(htmlDir);
  const sinkPort = await freePort();
  sink = await startSink(sinkPort, sinkDir);
  // A deferred message waits an hour by itself: only the retry button sends it sooner.
  for (const [key, value] of [['smtp.host', '127.0.0.1'], ['smtp.port', String(sinkPort)], ['smtp.tls', 'none'],
    ['smtp.rate_limit', '0'], ['smtp.retry_seconds', '3600']]) {
    await tribune('config', 'set', '--data', site.data, key, value);
  }
  await addAccount(site.data, { ...EDITOR, role: 'editor' });
  server = await startServer(site.data);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await page.goto(`${server.url}/admin/login/?next=/admin/subscribers/`);
  await page.fill('#email', EDITOR.email);
  await page.fill('#password', EDITOR.password);
  assert.equal(await submit('form[action="/admin/login/"] button[type=submit]'), 200);
  assert.match(page.url(), /\/admin\/subscribers\/$/);
});

after(async () => {
  await browser?.close();
  try {
    if (server) await server.stop();
  } finally {
    if (sink && sink.exitCode === null) sink.kill('SIGTERM');
    removeDir(root);
  }
});

test('an editor imports subscribers from a CSV file through the upload form', async () => {
  await keep('import', await follow('a[href="/admin/subscribers/import/"]'));
  // A file with a bad line is refused whole, naming the line.
  await page.setInputFiles('#file', {
    name: 'mauvais.csv', mimeType: 'text/csv', buffer: Buffer.from('email\r\nok@example.org\r\nnot-an-address\r\n'),
  });
  const refused = await follow('form[enctype="multipart/form-data"] button[type=submit]');
  assert.equal(refused.status(), 422);
  assert.match(await page.textContent('[role=alert]'), /Rien n’a été importé\. Ligne 3/);
  await keep('import-refused', refused);
  await page.setInputFiles('#file', { name: 'abonnes.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  assert.equal(await submit('form[enctype="multipart/form-data"] button[type=submit]'), 200);
  assert.match(page.url(), /\/admin\/subscribers\/import\/\?added=3&known=0$/);
  assert.match(await page.textContent('[role=status]'), /3 abonnés ajoutés ; 0 adresse déjà connue/);
});

test('an editor finds a subscriber by address and unsubscribes them', async () => {
  await keep('subscribers', await page.goto(`${server.url}/admin/subscribers/`));
  assert.match(await page.textContent('nav.tabs'), /Confirmé 2/);
  await page.fill('#q', 'binta');
  assert.equal(await submit('form.filters button[type=submit]'), 200);
  const rows = await page.$$eval('tbody tr', (trs) => trs.map((tr) => tr.textContent));
  assert.equal(rows.length, 1, rows.join('\n'));
  assert.match(rows[0], /binta@example\.org/);
  await keep('subscriber', await follow('a:text("binta@example.org")'));
  assert.match(page.url(), /\/admin\/subscribers\/\d+\/$/);
  assert.match(await page.textContent('dl.facts'), /Résumé quotidien/);
  assert.equal(await submit('form[action$="/unsubscribe/"] button[type=submit]'), 200);
  assert.match(page.url(), /\?done=unsubscribed$/);
  assert.match(await page.textContent('dl.facts'), /Désabonné/);
  assert.equal(await page.$('form[action$="/unsubscribe/"]'), null, 'no second unsubscribe button');
});

test('a message the SMTP server deferred goes out when the editor retries it', async () => {
  // Publishing an article queues its announcement to Awa-lectrice; the SMTP server defers it.
  const client = new HttpClient(server.url);
  assert.equal((await client.login(EDITOR.email, EDITOR.password)).status, 303);
  const { csrf } = await client.page('/admin/articles/new/');
  const published = await client.post('/admin/articles/new/', {
    csrf, title: 'Les radios communautaires se fédèrent', body: 'Vingt radios signent une charte.', action: 'publish',
  });
  assert.equal(published.status, 303);
  await until('the announcement deferred', async () => {
    const res = await client.get('/admin/outbox/?state=deferred');
    return res.text.includes(READER) && res.text.includes('451');
  });
  assert.equal(delivered(READER).length, 0);

  await keep('outbox', await page.goto(`${server.url}/admin/outbox/?state=deferred`));
  const row = page.locator('tbody tr', { hasText: READER });
  assert.match(await row.textContent(), /Différé[\s\S]*prochain essai[\s\S]*451/);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'outbox-deferred-1280.png'), fullPage: true });
  const started = Date.now();
  assert.equal(await submit(`tbody tr:has-text("${READER}") form[action$="/retry/"] button`), 200);
  assert.match(await page.textContent('[role=status]'), /Le message repart/);
  // The running server's sender takes it at its next pass (it looks twice a second).
  const envelopes = await until('the retried message delivered', async () => delivered(READER).length > 0 && delivered(READER));
  console.log(`# delivered within ${Date.now() - started} ms of pressing retry`);
  assert.equal(envelopes.length, 1);
  const sent = await until('the outbox shows it sent', async () => {
    const response = await page.goto(`${server.url}/admin/outbox/?state=sent`);
    return (await page.textContent('main')).includes(READER) && response;
  });
  await keep('outbox-sent', sent);
});

test('the four screens pass the Nu HTML Checker and axe-core', async (t) => {
  assert.deepEqual([...checked.keys()].sort(), ['import', 'import-refused', 'outbox', 'outbox-sent', 'subscriber', 'subscribers']);
  const { messages, lines } = nuCheck([...checked.values()]);
  assert.equal(messages.length, 0, `Nu HTML Checker errors:\n${lines.join('\n')}`);
  // axe-core is injected into a context that bypasses the admin's CSP, for this check only.
  const axeContext = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  const problems = [];
  try {
    const view = await axeContext.newPage();
    let current = null;
    await view.route((u) => u.href === current?.url, (route) => route.fulfill({
      status: 200, contentType: 'text/html; charset=utf-8', body: current.html,
    }));
    for (const entry of checked.values()) {
      current = entry;
      await view.goto(entry.url, { waitUntil: 'load' });
      for (const violation of await axeViolations(view)) problems.push(`${entry.name}: ${violation}`);
    }
  } finally {
    await axeContext.close();
  }
  t.diagnostic(`${checked.size} pages checked`);
  assert.equal(problems.length, 0, `axe-core violations:\n${problems.join('\n')}`);
});

for (const width of [360, 1280]) {
  test(`the subscribers' and the outbox's screens at ${width} px: no horizontal scroll (screenshots)`, async (t) => {
    const view = await context.newPage();
    try {
      await view.setViewportSize({ width, height: width < 600 ? 780 : 900 });
      const subscriber = checked.get('subscriber').url.replace(/\?.*$/, '');
      for (const [name, target] of [['subscribers', '/admin/subscribers/'], ['subscriber', subscriber],
        ['outbox', '/admin/outbox/'], ['subscribers-import', '/admin/subscribers/import/']]) {
        const res = await view.goto(target.startsWith('http') ? target : server.url + target);
        assert.equal(res.status(), 200, target);
        t.diagnostic(`screenshot: ${await fitsAndScreenshot(view, name, width)}`);
      }
    } finally {
      await view.close();
    }
  });
}
