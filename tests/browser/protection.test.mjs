// Content protection (content.protection = attribution | strict | off) in a real browser:
// headless Debian Chromium driven by playwright-core, against `tribune serve` on a seed site.
//
// How copies are observed: a REAL copy. The paragraph is selected with a Range, Control+C is
// pressed (Blink maps it to the Copy editing command, which fires the page's `copy` event),
// and the system clipboard is read back with navigator.clipboard.readText() after granting
// clipboard-read/clipboard-write to the context for the site's origin. Headless Chromium has
// its own in-memory clipboard, so this works without a display; the synthetic
// `new ClipboardEvent('copy', ...)` fallback was not needed for the attribution and off
// modes. The strict-mode test additionally dispatches a synthetic copy event to check that it
// is cancelled and carries no data. Before each copy the clipboard is set to a sentinel so a
// copy that writes nothing is told apart from a stale clipboard.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  createSeedSite,
  get,
  removeDir,
  seedArticlePath,
  startServer,
} from './support.mjs';

const TITLE = 'Lutte contre le terrorisme : Donald Trump propose son appui à Assimi Goïta';
const NOTICE = 'Le contenu de cet article est protégé.';
const SENTINEL = 'tribune-test-clipboard-sentinel';

let browser;

before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
});

after(async () => {
  await browser?.close();
});

/** A seed site with the given protection mode, served for the tests of one describe(). */
function servedSite(protection) {
  const site = {};
  before(async () => {
    const { root, data } = await createSeedSite({ protection });
    site.root = root;
    site.server = await startServer(data);
    site.url = site.server.url;
    site.articleUrl = site.url + (await seedArticlePath(site.url));
  });
  after(async () => {
    try {
      // Rejects unless the server exits within 3 s of SIGTERM.
      if (site.server) await site.server.stop();
    } finally {
      removeDir(site.root);
    }
  });
  return site;
}

async function newPage(site, options = {}) {
  const context = await browser.newContext({ locale: 'fr-FR', ...options });
  if (options.javaScriptEnabled !== false) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
  }
  const page = await context.newPage();
  const response = await page.goto(site.articleUrl, { waitUntil: 'load' });
  assert.equal(response.status(), 200, `GET ${site.articleUrl}`);
  return { context, page, response };
}

/** Selects the first paragraph of the article body; returns its text. */
function selectFirstParagraph(page) {
  return page.evaluate(() => {
    const p = document.querySelector('article .body p');
    const range = document.createRange();
    range.selectNodeContents(p);
    const selection = document.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return p.textContent;
  });
}

/** Real copy: puts the sentinel on the clipboard, presses Control+C, reads the clipboard. */
async function copyWithKeyboard(page) {
  await page.evaluate((s) => navigator.clipboard.writeText(s), SENTINEL);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), SENTINEL);
  await page.keyboard.press('Control+C');
  return page.evaluate(() => navigator.clipboard.readText());
}

const squash = (s) => s.replace(/\s+/g, ' ').trim();

describe('content.protection = attribution (default)', () => {
  const site = servedSite(undefined); // not set: the default must be attribution

  test('a copy carries the paragraph, the localized source line and the canonical URL', async () => {
    const { context, page } = await newPage(site);
    try {
      assert.equal(await page.getAttribute('article', 'data-protect'), 'attribution');
      const canonical = await page.getAttribute('link[rel=canonical]', 'href');
      assert.ok(canonical, 'the article page has <link rel=canonical>');
      assert.ok(canonical.endsWith(new URL(site.articleUrl).pathname), `canonical ${canonical}`);

      const paragraph = await selectFirstParagraph(page);
      assert.ok(paragraph.startsWith('Moins de deux semaines'), paragraph);
      const copied = await copyWithKeyboard(page);

      assert.notEqual(copied, SENTINEL, 'Control+C wrote to the clipboard');
      assert.ok(squash(copied).includes(squash(paragraph)), `copied text has the paragraph:\n${copied}`);
      assert.ok(
        copied.includes('Source\u00a0: Lutte contre le terrorisme'),
        `copied text has "Source\\u00a0: Lutte contre le terrorisme" (no-break space):\n${JSON.stringify(copied)}`,
      );
      assert.ok(copied.includes(canonical), `copied text has the canonical URL ${canonical}:\n${copied}`);
    } finally {
      await context.close();
    }
  });

  test('with JavaScript disabled the article still shows its title and meta line', async () => {
    const { context, page } = await newPage(site, { javaScriptEnabled: false });
    try {
      const h1 = page.locator('article h1');
      assert.equal(await h1.count(), 1);
      assert.equal(squash(await h1.innerText()), TITLE);
      assert.ok(await h1.isVisible(), 'the title is visible');
      const meta = page.locator('article .meta');
      assert.equal(squash(await meta.innerText()), '0 commentaire · 155 vues · 3 min de lecture');
      assert.ok(await meta.isVisible(), 'the meta line is visible');
      assert.ok(await page.locator('article .body p').first().isVisible(), 'the body text is visible');
    } finally {
      await context.close();
    }
  });
});

describe('content.protection = strict', () => {
  const site = servedSite('strict');

  test('context menu and copy are blocked, a notice shows, the text stays in the DOM', async () => {
    const { context, page } = await newPage(site);
    try {
      assert.equal(await page.getAttribute('article', 'data-protect'), 'strict');

      // Synthetic contextmenu on the article body: cancelled by the page.
      const contextmenuPrevented = await page.evaluate(() => {
        const body = document.querySelector('article .body');
        const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true, button: 2 });
        body.dispatchEvent(event);
        return event.defaultPrevented;
      });
      assert.equal(contextmenuPrevented, true, 'contextmenu on article .body is defaultPrevented');

      const notice = page.getByText(NOTICE, { exact: true });
      await notice.waitFor({ state: 'visible', timeout: 2000 });
      assert.equal(squash(await notice.innerText()), NOTICE);

      // A real right click on the text is cancelled too (seen by a bubbling window listener).
      await page.evaluate(() => {
        window.__contextmenu = null;
        window.addEventListener('contextmenu', (e) => { window.__contextmenu = e.defaultPrevented; });
      });
      await page.locator('article .body p').first().click({ button: 'right' });
      assert.equal(await page.evaluate(() => window.__contextmenu), true, 'real right click is defaultPrevented');

      // A synthetic copy event from inside the article: cancelled, no data put on it.
      const synthetic = await page.evaluate(() => {
        const p = document.querySelector('article .body p');
        const event = new ClipboardEvent('copy', {
          clipboardData: new DataTransfer(),
          bubbles: true,
          cancelable: true,
        });
        p.dispatchEvent(event);
        return { prevented: event.defaultPrevented, text: event.clipboardData.getData('text/plain') };
      });
      assert.deepEqual(synthetic, { prevented: true, text: '' }, 'copy event is prevented and empty');

      // A real copy attempt (select + Control+C) leaves the clipboard untouched.
      const paragraph = await selectFirstParagraph(page);
      const copied = await copyWithKeyboard(page);
      assert.equal(copied, SENTINEL, `nothing may reach the clipboard, got:\n${copied}`);

      // The text is still in the page, for screen readers, search engines and no-script readers.
      assert.ok(paragraph.trim().length > 0);
      const text = await page.locator('article .body p').first().textContent();
      assert.ok(text.trim().startsWith('Moins de deux semaines'), text);
    } finally {
      await context.close();
    }
  });
});

describe('content.protection = off', () => {
  const site = servedSite('off');

  test('no protect.js, and a copy is the plain text without a source line', async () => {
    const html = (await get(site.articleUrl)).text;
    assert.doesNotMatch(html, /<script[^>]*protect[^>]*\.js/i, 'no <script> referencing protect.js');

    const { context, page } = await newPage(site);
    try {
      const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.src).filter(Boolean));
      assert.ok(!scripts.some((src) => /protect/.test(src)), `scripts: ${scripts}`);
      const paragraph = await selectFirstParagraph(page);
      const copied = await copyWithKeyboard(page);
      assert.notEqual(copied, SENTINEL, 'Control+C wrote to the clipboard');
      assert.equal(squash(copied), squash(paragraph), 'the copy is exactly the selected text');
      assert.ok(!copied.includes('Source'), `no source line:\n${copied}`);
    } finally {
      await context.close();
    }
  });
});
