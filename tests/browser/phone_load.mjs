// One page load as a reader on a phone sees it, and what it cost: the pictures test and the
// slow-link paint measurement share it.

import assert from 'node:assert/strict';

// The slow link: 400 kbit/s each way, 400 ms latency.
export const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/**
 * Loads `url` in a fresh phone context of `browser` (cold cache), on the slow link when `slow`;
 * returns what it cost: bytes by kind of resource, the lead picture's bytes, hosts asked, the
 * largest contentful paint (ms after navigation), when the document's last byte arrived, and
 * the cumulative layout shift. A Content-Security-Policy violation fails the calling test.
 */
export async function loadAsPhone(browser, url, { slow = false } = {}) {
  const context = await browser.newContext({ ...PHONE, locale: 'fr-FR' });
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      window.__lcp = 0;
      window.__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__lcp = entry.startTime;
      }).observe({ type: 'largest-contentful-paint', buffered: true });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (slow) await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
    const sizes = new Map();  // requestId -> { type, url, bytes }
    cdp.on('Network.responseReceived', (e) => sizes.set(e.requestId, { type: e.type, url: e.response.url, bytes: 0 }));
    cdp.on('Network.loadingFinished', (e) => { if (sizes.has(e.requestId)) sizes.get(e.requestId).bytes = e.encodedDataLength; });
    const hosts = new Set();
    page.on('request', (r) => hosts.add(new URL(r.url()).host));
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForTimeout(300);
    const { lcp, cls, documentEnd, current, violations } = await page.evaluate(() => ({
      violations: window.__violations,
      lcp: window.__lcp,
      cls: window.__cls,
      documentEnd: performance.getEntriesByType('navigation')[0].responseEnd,
      current: document.querySelector('.lead-picture img')?.currentSrc || '',
    }));
    const entries = [...sizes.values()];
    const pictures = entries.filter((e) => e.type === 'Image');
    // The inline stylesheet is allowed by its hash: nothing is refused.
    assert.deepEqual(violations, [], `Content-Security-Policy violations on ${url}`);
    return {
      lcp,
      cls,
      documentEnd,
      hosts: [...hosts],
      bytesBeforePictures: entries.filter((e) => e.type !== 'Image').reduce((sum, e) => sum + e.bytes, 0),
      leadPicture: pictures.find((e) => current && e.url === current) || null,
      pictures,
    };
  } finally {
    await context.close();
  }
}
