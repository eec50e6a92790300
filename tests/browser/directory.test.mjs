// The chapter map and the region-grouped city list in headless Chromium, at a phone's width
// (375 px) and a desktop's (1440 px): every map marker is a link Tab reaches, named by its
// chapter, with a 24-px hit area clear of the others and its name shown on focus, without
// horizontal overflow; the grouped list has a heading per region, in order, and each link of
// its jump list scrolls to its heading.
//
// Runs on each example site: KubeSphere's built with `rowCards = 2` (its three cities are
// then more than a row, so they are grouped by region), Fernwick's as it is (twelve chapters,
// four to a row): `node --test tests/browser/` (PREP=… for a built prep; SITE=… for one).
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { buildExample, serve, openPage } from './lib/site.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const DEVICES = [
  { name: 'mobile-375', viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  { name: 'desktop-1440', viewport: { width: 1440, height: 900 } },
];
// Each site's languages with their URL prefixes, and what its copy's hugo.toml gets.
const SITES = {
  kubesphere: { langs: { zh: '/zh', en: '/en' }, params: '[params.usergroup]\n  rowCards = 2' },
  fernwick: { langs: { en: '' } },
};
const SITE_NAMES = process.env.SITE ? [process.env.SITE] : Object.keys(SITES);

let built;
let server;
let browser;

before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
});

const manifest = (lang) => JSON.parse(readFileSync(join(built.site, 'data/usergroup', lang, 'user-group.json'), 'utf8'));

/** A fresh page at `path` of the site under test; see openPage. */
const open = (device, path) => openPage(browser, server.origin, device, path);

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);

for (const name of SITE_NAMES) {
  const { langs, params } = SITES[name];
describe(`${name}: the chapter map and the grouped list`, () => {
  before(async () => {
    built = buildExample(name, { params });
    server = await serve(built.public);
  });
  after(async () => {
    await server?.close();
    if (built) rmSync(built.root, { recursive: true, force: true });
  });

  for (const device of DEVICES) {
    for (const [lang, prefix] of Object.entries(langs)) {
      const path = `${prefix}/user-group/`;

      test(`${device.name} ${path}: Tab reaches every map marker, named, 24 px, clear, no overflow`, async () => {
        const markers = manifest(lang).cities.map.markers;
        const names = Object.fromEntries(Object.values(manifest(lang).chapters).map((c) => [c.id, c.name]));
        assert.ok(markers.length >= 2, 'the example maps its chapters');
        const { context, page, problems } = await open(device, path);
        try {
          const links = page.locator('.ug-map__markers a');
          assert.equal(await links.count(), markers.length);
          // Accessible names: each marker is found by role and its chapter's name.
          for (const m of markers) {
            const named = page.locator('.ug-map').getByRole('link', { name: names[m.id], exact: true });
            assert.equal(await named.count(), 1, `marker named ${names[m.id]}`);
            assert.equal(await named.getAttribute('href'), `${prefix}/user-group/${m.id}/`);
          }
          // Hit areas: at least 24 x 24 and not overlapping each other.
          const boxes = await links.evaluateAll((as) => as.map((a) => a.getBoundingClientRect().toJSON()));
          for (const [i, b] of boxes.entries()) {
            assert.ok(b.width >= 24 && b.height >= 24, `marker ${i}: ${b.width}x${b.height}`);
            for (const c of boxes.slice(i + 1)) {
              const apart = b.right <= c.left || c.right <= b.left || b.bottom <= c.top || c.bottom <= b.top;
              assert.ok(apart, `markers overlap: ${JSON.stringify(b)} ${JSON.stringify(c)}`);
            }
          }
          // Keyboard: Tab from the page's top reaches the markers in card order; each focused
          // marker shows its name (inside the viewport) and has a visible outline.
          const reached = [];
          for (let i = 0; i < 200 && reached.length < markers.length; i++) {
            await page.keyboard.press('Tab');
            const at = await page.evaluate(() => {
              const a = document.activeElement;
              if (!a?.matches('.ug-map__link')) return null;
              const name = a.querySelector('.ug-map__name');
              const r = name.getBoundingClientRect();
              const style = getComputedStyle(a);
              return {
                href: a.getAttribute('href'),
                shown: getComputedStyle(name).clipPath === 'none' && r.width > 10 && r.left >= 0 && r.right <= innerWidth,
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                overflow: document.documentElement.scrollWidth - innerWidth,
              };
            });
            if (!at) continue;
            reached.push(at.href);
            assert.ok(at.shown, `${at.href}: focused, but its name is not shown`);
            assert.ok(at.outline, `${at.href}: focused without a visible outline`);
            assert.equal(at.overflow, 0, `${at.href}: focus made the page scroll sideways`);
          }
          assert.deepEqual(reached, markers.map((m) => `${prefix}/user-group/${m.id}/`), 'Tab order');
          assert.equal(await overflow(page), 0, 'horizontal overflow');
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      });

      test(`${device.name} ${path}: region headings in order, and the jump list scrolls to each`, async () => {
        const m = manifest(lang);
        const { context, page, problems } = await open(device, path);
        try {
          const headings = await page.locator('.ug-region__title').evaluateAll((hs) =>
            hs.map((h) => ({ id: h.id, tag: h.tagName, count: h.querySelector('.ug-region__count')?.textContent.trim() })),
          );
          assert.deepEqual(headings.map((h) => h.id), m.cities.regions.map((r) => r.anchor));
          for (const [i, h] of headings.entries()) {
            assert.equal(h.tag, 'H3');
            assert.ok(h.count?.includes(String(m.cities.regions[i].cards.length)), `${h.id}: count ${h.count}`);
          }
          const jumps = page.locator('nav.ug-regions__nav a');
          assert.equal(await jumps.count(), m.cities.regions.length);
          for (const [i, region] of m.cities.regions.entries()) {
            await page.evaluate(() => scrollTo(0, 0));
            const link = jumps.nth(i);
            const box = await link.boundingBox();
            assert.ok(box.height >= 24, `jump link ${i}: ${box.height} px tall`);
            await link.click();
            await page.waitForFunction((id) => decodeURIComponent(location.hash) === `#${id}`, region.anchor);
            // The heading is now at the top of the viewport (its scroll margin aside).
            const top = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, region.anchor);
            const last = i === m.cities.regions.length - 1;
            assert.ok(top >= -1 && (top < 40 || last), `#${region.anchor}: heading at ${top} px after the jump`);
            assert.ok(top < (await page.evaluate(() => innerHeight)), `#${region.anchor}: heading not in view`);
            // Each group's cards are the manifest's, in order.
            const ids = await page.evaluate(
              (id) => [...document.getElementById(id).parentElement.querySelectorAll('.ug-card')].map((c) => c.id),
              region.anchor,
            );
            assert.deepEqual(ids, region.cards.map((k) => `city-${m.cities.cards[k].id}`));
          }
          assert.equal(await overflow(page), 0, 'horizontal overflow');
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      });
    }
  }
});
}
