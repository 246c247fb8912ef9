// The demo's pages in its three languages, in Chromium: an Arabic article is laid out right to
// left (the same stylesheet, mirrored by its logical properties) and passes axe and the Nu
// HTML Checker, as do the English home and a translated article; screenshots of the Arabic
// article on a 390-px phone and a 1280-px laptop are kept.
//
// Screenshots go to $TRIBUNE_SCREENSHOTS, else to tribune-admin-screenshots in the system's
// temporary folder.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  SCREENSHOTS,
  axeViolations,
  fitsAndScreenshot,
  get,
  makeTempDir,
  nuCheck,
  removeDir,
  startDemo,
} from './support.mjs';

// The demo's Arabic article about a women's market-garden cooperative, and the English
// translation of its French article on floods.
const ARABIC_SLUG = 'niamey-taawuniya-nisaiya-lil-bastana-tuwajih-shuhh-al-miyah';
const TRANSLATION_TITLE = /<h1>[^<]*[Ff]lood/;

let root;
let demo;
let browser;
const pages = new Map(); // name -> { url, html, file }

// The path of the demo article whose address ends with `slug`, from the sitemap of its month.
async function articlePath(slug) {
  const index = await get(`${demo.url}/sitemap.xml`);
  for (const [, part] of index.text.matchAll(/<loc>https?:\/\/[^/<]+(\/sitemap-posts-[^<]+)<\/loc>/g)) {
    const sitemap = await get(demo.url + part);
    const found = sitemap.text.match(new RegExp(`<loc>https?://[^/<]+(/[^<]*/${slug}/)</loc>`));
    if (found) return found[1];
  }
  throw new Error(`no article ${slug} in the demo's sitemaps`);
}

async function fetchPage(name, url) {
  const res = await get(url);
  assert.equal(res.status, 200, `GET ${url}`);
  const file = path.join(root, `${name}.html`);
  writeFileSync(file, res.text);
  pages.set(name, { name, url, html: res.text, file });
  return res.text;
}

before(async () => {
  root = makeTempDir('tribune-languages-');
  demo = await startDemo(path.join(root, 'data'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  await fetchPage('arabic-article', demo.url + (await articlePath(ARABIC_SLUG)));
  await fetchPage('english-home', `${demo.url}/en/`);
  await fetchPage('arabic-home', `${demo.url}/ar/`);
  const english = pages.get('english-home').html;
  const translated = [...english.matchAll(/<h[23]><a href="([^"]+)">/g)].map((m) => m[1]);
  for (const href of translated) {
    const html = await fetchPage('translated-article', demo.url + href);
    if (TRANSLATION_TITLE.test(html)) break;
  }
});

after(async () => {
  console.log(`# language screenshots: ${SCREENSHOTS}`);
  await browser?.close();
  await demo?.stop();
  removeDir(root);
});

test('the Arabic article is right to left, with Arabic around it', () => {
  const { html } = pages.get('arabic-article');
  assert.match(html, /<html lang="ar" dir="rtl">/);
  assert.match(html, /<a href="\/ar\/">الرئيسية<\/a>/, 'its breadcrumb leads to the Arabic home');
  assert.match(html, /<p class="meta">[^<]*(تعليق|تعليقات)[^<]*·/, 'the meta line in Arabic');
  assert.doesNotMatch(html, /commentaire|Accueil/, 'no French around an Arabic article');
});

test('a translated article links its original with hreflang alternates', () => {
  const { html } = pages.get('translated-article');
  assert.match(html, TRANSLATION_TITLE, 'the demo\'s English translation of its floods article');
  assert.match(html, /<html lang="en" dir="ltr">/);
  assert.match(html, /<link rel="alternate" hreflang="fr" href="[^"]+">/);
  assert.match(html, /<link rel="alternate" hreflang="x-default" href="[^"]+">/);
  assert.match(html, /<p class="translations">This article is also in: <a href="[^"]+" lang="fr"/);
});

test('Nu HTML Checker finds no errors on the pages in English and Arabic', () => {
  const { messages, lines, status, stderr } = nuCheck([...pages.values()]);
  assert.equal(messages.length, 0, `Nu HTML Checker errors:\n${lines.join('\n')}`);
  assert.equal(status, 0, `vnu exit status\n${stderr}`);
});

for (const width of [390, 1280]) {
  test(`the Arabic article at ${width} px: mirrored, no axe violation (screenshot)`, async (t) => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 }, locale: 'ar' });
    try {
      const view = await context.newPage();
      await view.goto(pages.get('arabic-article').url, { waitUntil: 'load' });
      const layout = await view.evaluate(() => {
        const brand = document.querySelector('a.brand').getBoundingClientRect();
        const heading = document.querySelector('h1').getBoundingClientRect();
        const column = document.querySelector('main').getBoundingClientRect();
        return {
          direction: getComputedStyle(document.body).direction,
          brandRight: brand.right,
          brandLeft: brand.left,
          headingRight: heading.right,
          columnRight: column.right,
          width: document.documentElement.clientWidth,
        };
      });
      assert.equal(layout.direction, 'rtl');
      // Mirrored: the site's name and the title start at the right-hand edge, not the left.
      assert.ok(layout.brandLeft > layout.width - layout.brandRight,
        `the brand sits on the right: ${JSON.stringify(layout)}`);
      assert.ok(layout.columnRight - layout.headingRight < 40,
        `the title starts at the column's right: ${JSON.stringify(layout)}`);
      const violations = await axeViolations(view);
      assert.deepEqual(violations, [], `axe:\n${violations.join('\n')}`);
      t.diagnostic(`screenshot: ${await fitsAndScreenshot(view, 'arabic-article', width)}`);
    } finally {
      await context.close();
    }
  });
}
