// A video in an article as a reader meets it: a facade (its poster, title and play button)
// that loads nothing from the provider until it is clicked, then the provider's player in its
// place; without JavaScript, a link to the video's page. The providers are never reached: the
// test answers their addresses itself and records that they were asked.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  SITE_NAME,
  axeViolations,
  get,
  makePng,
  makeTempDir,
  nuCheck,
  removeDir,
  startServer,
  tribune,
} from './support.mjs';

const VIDEO = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';
const ARTICLE_PATH = '/2026/03/01/le-marche-en-video/';
const TITLE = 'Le marché de Ségou en images';

let root;
let server;
let browser;

before(async () => {
  root = makeTempDir('tribune-videos-');
  const data = path.join(root, 'data');
  await tribune('init', '--data', data, '--name', SITE_NAME, '--locale', 'fr');
  writeFileSync(path.join(root, 'video.md'), `---
title: "Le marché en vidéo"
author: "Awa Diallo"
category: ["Culture"]
date: 2026-03-01T08:00:00Z
---

Le reportage de notre rédaction :

${VIDEO}

La suite du texte.
`);
  await tribune('import', 'markdown', '--data', data, path.join(root, 'video.md'));
  writeFileSync(path.join(root, 'poster.png'), makePng(1280, 720));
  await tribune('media', 'video', '--data', data, VIDEO, '--title', TITLE, '--poster', path.join(root, 'poster.png'));
  server = await startServer(data);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  removeDir(root);
});

/** A page in a new context whose requests to other hosts are answered here and recorded. */
async function openArticle(options = {}) {
  const context = await browser.newContext({ locale: 'fr-FR', ...options });
  const page = await context.newPage();
  const elsewhere = [];
  const violations = [];
  const site = new URL(server.url).host;
  await context.route((url) => url.host !== site, (route) => {
    elsewhere.push(route.request().url());
    route.fulfill({ contentType: 'text/html', body: '<!DOCTYPE html><title>player</title>' });
  });
  page.on('console', (message) => { if (/Content Security Policy/.test(message.text())) violations.push(message.text()); });
  await page.goto(server.url + ARTICLE_PATH, { waitUntil: 'load' });
  return { context, page, elsewhere, violations };
}

test('the facade shows the poster and title, and nothing is asked of the provider before a click', async () => {
  const { context, page, elsewhere, violations } = await openArticle();
  try {
    const facade = page.locator('a.video-facade');
    assert.equal(await facade.count(), 1);
    assert.equal(await facade.getAttribute('href'), VIDEO);
    assert.match(await facade.innerText(), new RegExp(`${TITLE}\\s+YouTube`));
    // The poster is laid out at the video's proportions before anything plays.
    const box = await facade.boundingBox();
    assert.ok(Math.abs(box.width / box.height - 16 / 9) < 0.02, `${box.width} × ${box.height}`);
    await page.locator('.video-facade img').evaluate((img) => img.decode());
    assert.deepEqual(elsewhere, [], 'no request left the site');

    await facade.click();
    const player = page.locator('iframe.video-player');
    await player.waitFor();
    assert.equal(await player.getAttribute('src'), 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1');
    assert.match(await player.getAttribute('title'), new RegExp(TITLE));
    await page.waitForTimeout(300);
    assert.deepEqual(elsewhere, ['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1'],
      'the player, and only it, once asked for');
    assert.deepEqual(violations, [], 'the page allows the player\'s frame');
  } finally {
    await context.close();
  }
});

test('without JavaScript the facade is a link to the video\'s page', async () => {
  const { context, page, elsewhere } = await openArticle({ javaScriptEnabled: false });
  try {
    await page.locator('a.video-facade').click();
    await page.waitForURL(VIDEO);
    assert.deepEqual(elsewhere, [VIDEO]);
  } finally {
    await context.close();
  }
});

test('the Nu HTML checker and axe find nothing on an article with a video', async () => {
  const url = server.url + ARTICLE_PATH;
  const file = path.join(root, 'video-article.html');
  writeFileSync(file, (await get(url)).text);
  const { lines } = nuCheck([{ name: 'video-article', url, file }]);
  assert.deepEqual(lines, []);
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    assert.deepEqual(await axeViolations(page), []);
  } finally {
    await context.close();
  }
});
