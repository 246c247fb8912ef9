// The demo as a reader on a phone meets it: the front page and an article with their
// pictures, what they load (nothing from another host), and the budgets: bytes over the wire,
// the lead picture's weight, no layout shift (the paint on a slow link and Lighthouse are measures.mjs's).
// Screenshots of the home and an article at 390 and 1280 px are kept in SCREENSHOTS, and
// axe-core checks them.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  SCREENSHOTS,
  axeViolations,
  fitsAndScreenshot,
  get,
  leadStoryPath,
  makeTempDir,
  removeDir,
  startDemo,
  startSeedWithPicture,
} from './support.mjs';
import { PHONE, loadAsPhone } from './phone_load.mjs';

// The budgets.
const MAX_PAGE_BYTES = 50 * 1000;        // an article over the wire, before its pictures
const MAX_LEAD_PICTURE_BYTES = 60 * 1000;  // its lead picture on a 390-px phone

let root;
let demo;
let seed;
let browser;
let articlePath;  // the demo's lead story
let seedPicturePath;

before(async () => {
  root = makeTempDir('tribune-pictures-');
  demo = await startDemo(path.join(root, 'demo'));
  articlePath = leadStoryPath((await get(`${demo.url}/`)).text);
  ({ server: seed, articlePath: seedPicturePath } = await startSeedWithPicture(root, demo, path.join(root, 'demo')));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
});

after(async () => {
  console.log(`# picture screenshots: ${SCREENSHOTS}`);
  await browser?.close();
  await demo?.stop();
  await seed?.stop();
  removeDir(root);
});

test('a demo article loads nothing from another host, and its lead picture fits the budget', async (t) => {
  const cost = await loadAsPhone(browser, demo.url + articlePath);
  assert.deepEqual(cost.hosts, [new URL(demo.url).host]);
  assert.ok(cost.leadPicture, `the lead picture was loaded: ${JSON.stringify(cost.pictures)}`);
  assert.match(cost.leadPicture.url, /\.avif$/, 'Chromium takes the AVIF variant');
  t.diagnostic(`page ${cost.bytesBeforePictures} bytes before pictures; lead picture ${cost.leadPicture.bytes} bytes (${cost.leadPicture.url.split('/').pop()})`);
  assert.ok(cost.bytesBeforePictures <= MAX_PAGE_BYTES, `${cost.bytesBeforePictures} bytes`);
  assert.ok(cost.leadPicture.bytes <= MAX_LEAD_PICTURE_BYTES, `${cost.leadPicture.bytes} bytes`);
  assert.equal(cost.cls, 0, 'no layout shift');
});

test('the seed article with a featured picture stays within 50 KB before its picture', async (t) => {
  const cost = await loadAsPhone(browser, seed.url + seedPicturePath);
  t.diagnostic(`seed article: ${cost.bytesBeforePictures} bytes before pictures, lead picture ${cost.leadPicture?.bytes} bytes`);
  assert.ok(cost.leadPicture, 'the lead picture was loaded');
  assert.ok(cost.bytesBeforePictures <= MAX_PAGE_BYTES, `${cost.bytesBeforePictures} bytes`);
  assert.ok(cost.leadPicture.bytes <= MAX_LEAD_PICTURE_BYTES, `${cost.leadPicture.bytes} bytes`);
  assert.equal(cost.cls, 0, 'no layout shift');
});

test("on a phone the home's list pictures come at their column's width, not the screen's", async () => {
  const context = await browser.newContext({ ...PHONE, locale: 'fr-FR' });
  try {
    const view = await context.newPage();
    await view.goto(`${demo.url}/`, { waitUntil: 'load' });
    const chosen = await view.evaluate(async () => {
      const images = [...document.querySelectorAll('.item-picture img')];
      for (const img of images) img.loading = 'eager';
      await Promise.all(images.map((img) => img.decode().catch(() => {})));
      return images.map((img) => img.currentSrc);
    });
    assert.ok(chosen.length > 0, 'the demo home has list pictures');
    // A 7rem column at density 2 is 224 pixels: the 320-px variant, not one for the screen.
    for (const url of chosen) assert.match(url, /-320\.avif$/, url);
  } finally {
    await context.close();
  }
});

test('screenshots of the home and an article at 390 and 1280 px, and axe finds nothing', async (t) => {
  const problems = [];
  for (const width of [390, 1280]) {
    // axe-core is injected: the page's Content-Security-Policy would refuse it, so this
    // context bypasses CSP, for this check only.
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-FR', bypassCSP: true });
    try {
      const view = await context.newPage();
      for (const [name, url] of [['demo-home', `${demo.url}/`], ['demo-article', demo.url + articlePath]]) {
        await view.goto(url, { waitUntil: 'load' });
        // Lazy pictures below the fold: scrolled into view so that the screenshot shows them.
        await view.evaluate(async () => {
          for (const img of document.querySelectorAll('img[loading=lazy]')) img.loading = 'eager';
          await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
        });
        const file = await fitsAndScreenshot(view, name, width);
        t.diagnostic(`${file}`);
        for (const violation of await axeViolations(view)) problems.push(`${name} at ${width} px: ${violation}`);
      }
    } finally {
      await context.close();
    }
  }
  assert.equal(problems.length, 0, `axe-core violations:\n${problems.join('\n')}`);
});
