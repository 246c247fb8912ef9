import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './support.mjs';
import { loadAsPhone } from './phone_load.mjs';
const url = process.argv[2];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
for (let i = 0; i < 6; i++) {
  const c = await loadAsPhone(browser, url, { slow: true });
  console.log(Math.round(c.lcp), Math.round(c.documentEnd), c.bytesBeforePictures, c.pictures.map(p=>p.url.split('/').pop()+':'+p.bytes).join(' '));
}
await browser.close();
