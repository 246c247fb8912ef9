// Shared helpers for Tribune's browser and HTML tests: temporary data folders, the tribune
// CLI, and a served site on a free loopback port that is stopped (and must stop) at the end.
//
// Environment:
//   TRIBUNE_BIN       the tribune binary   (default: build/tribune in this repository)
//   TRIBUNE_FIXTURES  the fixtures folder  (default: tests/data in this repository)
//   CHROMIUM          the browser to drive (default /usr/bin/chromium)

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32, deflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';

const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TRIBUNE_BIN = process.env.TRIBUNE_BIN || path.join(REPOSITORY, 'build', 'tribune');
export const FIXTURES = process.env.TRIBUNE_FIXTURES || path.join(REPOSITORY, 'tests', 'data');
export const SEED_ARTICLE = path.join(FIXTURES, 'seed', 'article.md');
// A missing fixture is the suite's own fault: fail at once, naming the file.
if (!existsSync(SEED_ARTICLE)) throw new Error(`missing test fixture: ${SEED_ARTICLE}`);
export const SEED_ARTICLE_PATH =
  '/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/';
export const SITE_NAME = 'Sahel Tribune';
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

// The demo's first start draws its pictures in AVIF, WebP and JPEG (12 s on an idle 2-core
// machine; a sanitizer build beside other tests takes twice that or more).
const HEALTH_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 3_000;
const CLI_TIMEOUT_MS = 30_000;

/** A fresh, empty temporary folder; remove it with removeDir(). */
export function makeTempDir(prefix = 'tribune-test-') {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir) {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Writes text to FILE inside DIR and returns the full path. */
export function writeFile(dir, name, text) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

// The binary is rebuilt from time to time by other work on this machine: give it a moment.
async function waitForBinary(timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(TRIBUNE_BIN)) {
    if (Date.now() > deadline) throw new Error(`tribune binary not found at ${TRIBUNE_BIN} (set TRIBUNE_BIN)`);
    await sleep(250);
  }
}

// A sanitizer's report in a sanitized tribune's stderr (see `make test-asan`): every sanitizer
// ends one with "SUMMARY: <Name>Sanitizer:", UBSan's recoverable checks print "runtime error:".
const SANITIZER_REPORT = /SUMMARY: \w*Sanitizer:.*|: runtime error: .*/;

/** Throws when `stderr` holds a sanitizer's report, naming `what` and the report's line. */
function assertNoSanitizerReport(what, stderr) {
  const report = SANITIZER_REPORT.exec(stderr);
  if (report) throw new Error(`${what} reported: ${report[0]}\n${stderr}`);
}

/** Runs `tribune ARGS...` to completion; throws with its output when it fails. */
export function tribune(...args) {
  return tribuneWithInput(undefined, ...args);
}

/** As tribune(), with `input` on its standard input (a password for --password-stdin). */
export async function tribuneWithInput(input, ...args) {
  await waitForBinary();
  const r = spawnSync(TRIBUNE_BIN, args, { encoding: 'utf8', timeout: CLI_TIMEOUT_MS, input });
  if (r.error) throw new Error(`tribune ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(
      `tribune ${args.join(' ')} exited with ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`,
    );
  }
  assertNoSanitizerReport(`tribune ${args.join(' ')}`, r.stderr);
  return r.stdout;
}

/**
 * A new data folder (inside a new temp folder) holding the "Sahel Tribune" site with the seed
 * article imported; `protection` (off, attribution, strict) is set with `tribune config set`
 * when given. Returns { root, data }; remove root when done.
 */
export async function createSeedSite({ protection, settings = {} } = {}) {
  const root = makeTempDir();
  const data = path.join(root, 'data');
  await tribune('init', '--data', data, '--name', SITE_NAME, '--locale', 'fr');
  await tribune('import', 'markdown', '--data', data, SEED_ARTICLE);
  if (protection) await tribune('config', 'set', '--data', data, 'content.protection', protection);
  for (const [key, value] of Object.entries(settings)) {
    await tribune('config', 'set', '--data', data, key, String(value));
  }
  return { root, data };
}

/** A loopback port that was free a moment ago (bind port 0, read it, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `tribune serve --data DATA --listen 127.0.0.1:PORT` (or `tribune demo ...` with
 * { demo: true }) on a free port and waits until GET /healthz answers 200 (at most HEALTH_TIMEOUT_MS).
 * Returns { url, port, process, output(), stop() }; stop() sends SIGTERM and rejects when the
 * server is not gone within 3 s (it is then killed, so nothing is left running) or ends with
 * an error status; it resolves to { code, signal }.
 */
export async function startServer(data, { demo = false } = {}) {
  await waitForBinary();
  let lastError;
  // A port found free can be taken before the server binds it: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await startOn(data, port, demo);
    } catch (err) {
      lastError = err;
      if (!err.portInUse) break;
    }
  }
  throw lastError;
}

async function startOn(data, port, demo) {
  const listen = `127.0.0.1:${port}`;
  const args = [demo ? 'demo' : 'serve', '--data', data, '--listen', listen];
  const child = spawn(TRIBUNE_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s) => { out += s; });
  child.stderr.setEncoding('utf8').on('data', (s) => { out += s; });
  let exited = null;
  const exit = new Promise((resolve) => {
    child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); });
    child.on('error', (error) => { exited = { error }; resolve(exited); });
  });

  const url = `http://${listen}`;
  const server = {
    url,
    port,
    process: child,
    output: () => out,
    async stop() {
      if (exited) {
        assertNoSanitizerReport(`tribune ${args[0]}`, out);
        return exited;
      }
      child.kill('SIGTERM');
      const result = await Promise.race([exit, sleep(STOP_TIMEOUT_MS).then(() => null)]);
      if (!result) {
        child.kill('SIGKILL');
        await exit;
        throw new Error(`tribune ${args[0]} did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM\n${out}`);
      }
      if (result.error || (result.code !== 0 && result.signal !== 'SIGTERM')) {
        throw new Error(`tribune ${args[0]} ended badly after SIGTERM: ${JSON.stringify(result)}\n${out}`);
      }
      assertNoSanitizerReport(`tribune ${args[0]}`, out);
      return result;
    },
  };

  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      const err = new Error(`tribune ${args.join(' ')} exited early (${JSON.stringify(exited)})\n${out}`);
      err.portInUse = /in use|EADDRINUSE|bind/i.test(out);
      throw err;
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop().catch(() => {});
      throw new Error(`tribune ${args.join(' ')}: /healthz not 200 within ${HEALTH_TIMEOUT_MS} ms\n${out}`);
    }
    await sleep(100);
  }
}

/** `tribune demo --data DATA --listen 127.0.0.1:PORT`: creates the demo site on first run. */
export function startDemo(data) {
  return startServer(data, { demo: true });
}

/** The path of the lead story (the one with a picture) on the home page HTML `home`. */
export function leadStoryPath(home) {
  const lead = home.match(/<article class="lead"[^>]*>[\s\S]*?<h2><a href="([^"]+)">/);
  assert.ok(lead, 'the home has a lead story');
  return decodeEntities(lead[1]);
}

/**
 * A seed site in `root`/seed whose article has a featured picture: the widest JPEG of the lead
 * picture of the demo at `demo` (its data in `demoData`), added to the library as "une".
 * Starts it; returns { server, articlePath }.
 */
export async function startSeedWithPicture(root, demo, demoData) {
  const data = path.join(root, 'seed');
  await tribune('init', '--data', data, '--name', SITE_NAME, '--locale', 'fr');
  const home = await get(`${demo.url}/`);
  // The widest JPEG of the lead picture: the last of its srcset.
  const picture = home.text.match(/\/media\/([0-9a-f]{16}-\d+\.jpg) \d+w"/);
  assert.ok(picture, 'the demo home shows a JPEG variant');
  const source = path.join(demoData, 'media', picture[1]);
  await tribune('media', 'add', '--data', data, source, '--name', 'une', '--alt', 'Une illustration');
  const article = readFileSync(SEED_ARTICLE, 'utf8').replace('\n---\n', '\nimage: "une"\n---\n');
  writeFileSync(path.join(root, 'seed.md'), article);
  await tribune('import', 'markdown', '--data', data, path.join(root, 'seed.md'));
  const server = await startServer(data);
  return { server, articlePath: leadStoryPath((await get(`${server.url}/`)).text) };
}

/**
 * A `width` × `height` RGB PNG: one grey, or random pixels with { noise: true } (which no
 * compression shrinks: a large file from a small picture).
 */
export function makePng(width, height, { noise = false } = {}) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);  // 8 bits a channel, RGB
  const rows = Array.from({ length: height }, () =>
    Buffer.concat([Buffer.from([0]), noise ? randomBytes(width * 3) : Buffer.alloc(width * 3, 0x5a)]));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** GET URL; returns { status, headers, text }. */
export async function get(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The links (href values) of an HTML fragment, in document order. */
export function hrefs(html) {
  return [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((m) => decodeEntities(m[1]));
}

/** The first link inside the first `<ul class="list">` of a page, or null. */
export function firstListLink(html) {
  const m = html.match(/<ul class="list">([\s\S]*?)<\/ul>/);
  return m ? hrefs(m[1])[0] ?? null : null;
}

/** The seed article's path on a seed site: the home page's first listed article. */
export async function seedArticlePath(baseUrl) {
  const home = await get(`${baseUrl}/`);
  return firstListLink(home.text) || SEED_ARTICLE_PATH;
}

export function decodeEntities(s) {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

// ---------------------------------------------------------------------------------------------
// The admin (/admin/): accounts from the command line, and a cookie-keeping HTTP client.

/**
 * `tribune user add --data DATA --name NAME --email EMAIL --role ROLE`: with `password`, given
 * on standard input (--password-stdin); without, the command prints a one-time login link,
 * whose path (/admin/login/TOKEN/) is returned as `loginPath`. Returns { output, loginPath }.
 */
export async function addAccount(data, { name, email, role = 'administrator', password } = {}) {
  const args = ['user', 'add', '--data', data, '--name', name, '--email', email, '--role', role];
  const output = password === undefined
    ? await tribune(...args)
    : await tribuneWithInput(password, ...args, '--password-stdin');
  const link = output.match(/\/admin\/login\/[0-9a-f]{64}\//);
  return { output, loginPath: link ? link[0] : null };
}

/** The value of the hidden field `name` of an HTML page (the first), or null. */
export function hiddenField(html, name) {
  const m = html.match(new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`));
  return m ? decodeEntities(m[1]) : null;
}

/** Where the screen tests keep their screenshots: $TRIBUNE_SCREENSHOTS, else a temporary folder. */
export const SCREENSHOTS = process.env.TRIBUNE_SCREENSHOTS || path.join(os.tmpdir(), 'tribune-admin-screenshots');

/**
 * Asserts that the page Playwright's `view` shows fits `width` CSS pixels (no horizontal
 * scroll) and keeps a full-page screenshot of it, SCREENSHOTS/NAME-WIDTH.png; returns the file.
 */
export async function fitsAndScreenshot(view, name, width) {
  const scroll = await view.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `${name} at ${width} px: scrollWidth ${scroll}`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}-${width}.png`);
  await view.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Clicks `selector` (a submit button) in the Playwright `page` and waits for the page the form
 * leads to (after any redirect); returns that page's status.
 */
export async function submitForm(page, selector) {
  const response = page.waitForResponse((r) => r.request().isNavigationRequest() &&
    r.frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400));
  const loaded = page.waitForEvent('load');
  await page.click(selector);
  const status = (await response).status();
  await loaded;
  return status;
}

/**
 * A browser as plain fetch() sees it: keeps the cookies the server sets (by hand: name=value,
 * dropped on Max-Age=0), never follows redirects, and sends Origin with POSTs as browsers do.
 * Every answer is { status, headers, text, location, setCookies }.
 */
export class HttpClient {
  constructor(baseUrl, { origin = baseUrl } = {}) {
    this.url = baseUrl;
    this.origin = origin;
    this.cookies = new Map();
  }

  cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(method, target, { form, headers = {} } = {}) {
    const sent = { ...headers };
    if (this.cookies.size) sent.cookie = this.cookieHeader();
    let body;
    if (form !== undefined) {
      body = new URLSearchParams(form).toString();
      sent['content-type'] ??= 'application/x-www-form-urlencoded';
      if (this.origin && !('origin' in sent)) sent.origin = this.origin;
    }
    const res = await fetch(this.url + target, {
      method,
      headers: sent,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals);
      const value = pair.slice(equals + 1);
      if (!value || attributes.some((a) => /^max-age=0$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: res.status,
      headers: res.headers,
      text: await res.text(),
      location: res.headers.get('location'),
      setCookies,
    };
  }

  get(target, options) {
    return this.request('GET', target, options);
  }

  /** POSTs `form` (an object, or [name, value] pairs for repeated names) as a form. */
  post(target, form = {}, options = {}) {
    return this.request('POST', target, { ...options, form });
  }

  /** Signs in through /admin/login/ as the login form does; returns the POST's answer. */
  async login(email, password, next) {
    const form = await this.get('/admin/login/');
    if (form.status !== 200) throw new Error(`GET /admin/login/: ${form.status}`);
    const fields = { login_token: hiddenField(form.text, 'login_token'), email, password };
    if (next) fields.next = next;
    return this.post('/admin/login/', fields);
  }

  /** GETs an admin page that must answer 200; returns it with its CSRF token. */
  async page(target) {
    const res = await this.get(target);
    if (res.status !== 200) {
      throw new Error(`GET ${target}: ${res.status} ${res.location ?? ''}\n${res.text.slice(0, 500)}`);
    }
    return { ...res, csrf: hiddenField(res.text, 'csrf') };
  }
}

// ---------------------------------------------------------------------------------------------
// The Nu HTML Checker (vnu-jar), run once on many files.

const requireHere = createRequire(import.meta.url);

/** axe-core's script, to inject into a page (in a context made with bypassCSP: the admin's CSP allows no injected script). */
export const AXE_SCRIPT = path.join(path.dirname(requireHere.resolve('axe-core/package.json')), 'axe.min.js');

/**
 * Runs axe-core on the page Playwright's `page` shows; returns its violations, each as
 * "ID [impact] help" and the elements concerned, or one "axe-did-not-run" when too few rules
 * ran for the check to mean anything.
 */
export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    if (results.passes.length < 10) return [{ id: 'axe-did-not-run', impact: '', help: `${results.passes.length} rules passed`, nodes: [] }];
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`),
    }));
  });
  return violations.map((v) => `${v.id} [${v.impact}] ${v.help}\n    ${v.nodes.join('\n    ')}`);
}

export const VNU_JAR = String(requireHere('vnu-jar'));
const JAVA = process.env.JAVA || 'java';

/**
 * Runs the Nu HTML Checker on `pages` ([{ name, url, file }]) with --errors-only. Returns
 * { messages, lines, status }: `lines` say where each error is (page name, URL, line:column).
 * Throws when vnu gives no JSON report.
 */
export function nuCheck(pages) {
  const r = spawnSync(JAVA, ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...pages.map((p) => p.file)], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  // vnu writes its JSON report to stderr, and exits non-zero when it found errors.
  const report = (r.stderr || r.stdout || '').trim();
  let messages;
  try {
    messages = JSON.parse(report).messages;
  } catch {
    throw new Error(`vnu exited with ${r.status} and no JSON report:\n${r.stdout}\n${r.stderr}`);
  }
  const byFile = new Map(pages.map((p) => [p.file, p]));
  const lines = messages.map((m) => {
    const file = m.url ? fileURLToPath(m.url) : '?';
    const page = byFile.get(file);
    const where = `${page ? `${page.name} (${page.url})` : file}:${m.lastLine ?? '?'}:${m.firstColumn ?? '?'}`;
    return `${where}: ${m.type}${m.subType ? `/${m.subType}` : ''}: ${m.message}\n    ${(m.extract || '').replace(/\n/g, '⏎')}`;
  });
  return { messages, lines, status: r.status, stderr: r.stderr };
}
