// The built example sites in headless Chromium (Debian's, driven by playwright-core), served
// on 127.0.0.1: layout at phone and desktop widths, errors, failed requests, images, keyboard
// use of the city cards, LCP and CLS. Every test runs on each example site (SITES below).
//
//   node --test tests/browser/            (builds the sites: prep build + the pinned Hugo)
//   SITE=fernwick node --test tests/browser/             (one site only)
//   SITE=kubesphere PUBLIC_DIR=site/public node --test tests/browser/   (tests an already
//                          built site; its manifest is read from PUBLIC_DIR/../data/usergroup)
//   SCREENSHOT_DIR=/tmp/shots ...          (where screenshots go; default: a temp folder)
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { buildExample, example, serve, openPage } from './lib/site.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Never let anything download a browser; keep Chromium off the network and out of /dev/shm.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

const MOBILE = { name: 'mobile-375', viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP = { name: 'desktop-1440', viewport: { width: 1440, height: 900 } };
// The extremes the theme promises to work at: checked for overflow only.
const NARROWEST = { name: 'narrowest-320', viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true };
const WIDEST = { name: 'widest-1920', viewport: { width: 1920, height: 1080 } };

// The example sites, and what the tests need to know of each before it is built (tests are
// declared up front): its languages with their URL prefixes and the folder of its chapter
// pages. `before` checks this against the manifests prep wrote, so it cannot drift.
const SITES = {
  kubesphere: { langs: { zh: '/zh', en: '/en' }, chapters: 'content/zh/user-group', chapter: 'shanghai' },
  fernwick: { langs: { en: '' }, chapters: 'content/user-group', chapter: 'berlin' },
};
const SITE_NAMES = process.env.SITE ? [process.env.SITE] : Object.keys(SITES);
const listPath = (name, lang) => `${SITES[name].langs[lang]}/user-group/`;
const isList = (path) => /^(\/[a-z-]+)?\/user-group\/$/.test(path);

let site; // the site under test: { name, public, manifest(lang), built: its scratch folder }
let server;
let browser;
let shots;

before(async () => {
  shots = process.env.SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'usergroup-shots-'));
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  if (shots) console.log(`# screenshots in ${shots}`);
});

/** Builds (or, with PUBLIC_DIR, takes) the named site and serves it; `site` and `server`. */
async function startSite(name) {
  let pub = process.env.PUBLIC_DIR;
  let built;
  if (!pub) {
    built = buildExample(name);
    pub = built.public;
  }
  pub = resolve(pub);
  const data = join(dirname(pub), 'data/usergroup');
  site = {
    name,
    built: built?.root,
    public: pub,
    manifest: (lang) => JSON.parse(readFileSync(join(data, lang, 'user-group.json'), 'utf8')),
  };
  const written = readdirSync(data).filter((d) => !d.startsWith('.')).sort();
  assert.deepEqual(written, Object.keys(SITES[name].langs).sort(), `${name}: the languages in SITES`);
  server = await serve(pub);
}

async function stopSite() {
  await server?.close();
  // The site this run built goes; the screenshots stay, to be looked at.
  if (site?.built) rmSync(site.built, { recursive: true, force: true });
}

/** A fresh page at `path` of the site under test; see openPage. */
const open = (device, path) => openPage(browser, server.origin, device, path);

/** Scrolls down a viewport at a time (so lazy images load), then back to the top. */
async function scrollThrough(page) {
  await page.evaluate(async () => {
    const pause = () => new Promise((r) => setTimeout(r, 60));
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
      scrollTo(0, y);
      await pause();
    }
    scrollTo(0, document.documentElement.scrollHeight);
    await pause();
  });
  await page.waitForFunction(() => [...document.images].every((i) => i.complete), null, { timeout: 10_000 });
  await page.evaluate(() => scrollTo(0, 0));
}

/**
 * The largest-contentful-paint candidate, read before any input (input ends LCP). Chromium
 * reports a candidate when it paints, which under load can come well after `load` and after
 * the images decoded: read too early, the last entry is still the banner's text, painted
 * before its photo (a race that made this test flaky, not a fact about the page). So the
 * entries are watched for up to 3 s, until the banner photo shows up as a candidate; a
 * larger element painted later still wins, and a photo that never qualifies still fails.
 */
function largestContentfulPaint(page) {
  return page.evaluate(async () => {
    const inView = [...document.images].filter((i) => i.getBoundingClientRect().top < innerHeight);
    await Promise.all(inView.map((i) => i.decode().catch(() => {})));
    const entries = [];
    new PerformanceObserver((list) => entries.push(...list.getEntries())).observe({
      type: 'largest-contentful-paint',
      buffered: true,
    });
    const bannerPhoto = (e) => e?.element?.tagName === 'IMG' && e.element.closest('#banner');
    for (let waited = 0; waited < 3000 && !bannerPhoto(entries.at(-1)); waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
    }
    // One more beat, so a larger candidate painted right after the photo is seen too.
    await new Promise((r) => setTimeout(r, 200));
    const last = entries.at(-1);
    return (
      last && {
        tag: last.element?.tagName ?? null,
        inBanner: Boolean(last.element?.closest('#banner')),
        url: last.url,
        size: last.size,
      }
    );
  });
}

/** Sum of layout shifts not caused by input (the CLS of the whole visit, unwindowed). */
function layoutShift(page) {
  return page.evaluate(
    () =>
      new Promise((ok) => {
        let sum = 0;
        const sources = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            if (e.hadRecentInput) continue;
            sum += e.value;
            for (const s of e.sources ?? []) sources.push(s.node?.outerHTML?.slice(0, 120) ?? '?');
          }
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => ok({ sum, sources }), 100);
      }),
  );
}

/** Waits until no CSS transition or animation is running. */
async function settle(page) {
  await page.waitForTimeout(50); // let a transition triggered by the last input start
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, {
    timeout: 5_000,
  });
}

// Installed in every page: is an element really visible to a person? Rendered, not
// transparent or hidden (itself or an ancestor), has an area, and is not clipped away or
// covered: the point near its top-left corner (kept inside the viewport) hits it.
const VISIBLE_JS = `window.__visible = (el) => {
  if (!el || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
  const r = el.getBoundingClientRect();
  if (r.width < 2 || r.height < 2) return false;
  const x = Math.min(Math.max(r.left + Math.min(r.width / 2, 20), 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 8), 0), innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  return hit !== null && (hit === el || el.contains(hit));
};
// The deepest element of a card whose text is exactly the card's description.
window.__description = (cardId, text) => {
  const norm = (s) => s.replace(/\\s+/g, ' ').trim();
  const card = document.getElementById(cardId);
  const matches = [...card.querySelectorAll('*')].filter((e) => norm(e.textContent) === norm(text));
  return matches.at(-1) ?? null;
};`;

for (const name of SITE_NAMES) {
  const spec = SITES[name];
  const LANGS = Object.keys(spec.langs);
  const chapterIds = readdirSync(join(example(name), spec.chapters))
    .filter((f) => f.endsWith('.md') && !f.startsWith('_'))
    .map((f) => f.slice(0, -3))
    .sort();
  const CHAPTER = chapterIds.includes(spec.chapter) ? spec.chapter : chapterIds[0];
  const PAGES = [...LANGS.map((l) => listPath(name, l)), `${spec.langs[LANGS[0]]}/user-group/${CHAPTER}/`];

describe(`the ${name} example site in headless Chromium`, () => {
  before(() => startSite(name));
  after(stopSite);

  for (const device of [MOBILE, DESKTOP]) {
    for (const path of PAGES) {
      test(`${device.name} ${path}: no overflow, errors or failed requests; every image loads; LCP; CLS 0`, async (t) => {
        const { context, page, problems } = await open(device, path);
        try {
          let lcp = await largestContentfulPaint(page);
          t.diagnostic(`LCP: ${JSON.stringify(lcp)}`);
          if (isList(path)) {
            // Headless Chromium now and then reports no candidate for the banner photo at all
            // (the last entry stays a smaller element, even seconds later; about one load in
            // ten here). Up to two more fresh loads tell that apart from a page whose photo is
            // never the LCP element, which fails all three.
            for (let retry = 0; retry < 2 && !(lcp?.tag === 'IMG' && lcp.inBanner); retry++) {
              const again = await open(device, path);
              try {
                lcp = await largestContentfulPaint(again.page);
              } finally {
                await again.context.close();
              }
              t.diagnostic(`LCP, fresh load ${retry + 2}: ${JSON.stringify(lcp)}`);
            }
            assert.ok(lcp, `${path}: no largest-contentful-paint entry`);
            assert.ok(lcp.tag === 'IMG' && lcp.inBanner, `${path}: the LCP element is ${lcp.tag} ${lcp.url}, not the banner image`);
          }

          await scrollThrough(page);
          const broken = await page.evaluate(() =>
            [...document.images].filter((i) => !(i.complete && i.naturalWidth > 0)).map((i) => i.currentSrc || i.src),
          );
          assert.deepEqual(broken, [], `${path}: images that did not load`);

          const overflow = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth,
            wide: [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5)
              .slice(0, 5)
              .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')}`),
          }));
          assert.ok(
            overflow.scrollWidth <= overflow.innerWidth,
            `${path}: scrollWidth ${overflow.scrollWidth} > ${overflow.innerWidth}; wide: ${overflow.wide.join(', ')}`,
          );

          const cls = await layoutShift(page);
          t.diagnostic(`CLS: ${cls.sum}`);
          assert.equal(cls.sum, 0, `${path}: layout shifted by ${cls.sum}: ${cls.sources.join(' | ')}`);

          const file = join(shots, `${name}_${device.name}${path.replaceAll('/', '_')}.png`);
          await page.screenshot({ path: file, fullPage: true });
          assert.deepEqual(problems, [], `${path}: problems while loading`);
        } finally {
          await context.close();
        }
      });
    }
  }

  for (const device of [NARROWEST, WIDEST]) {
    test(`${device.name}: no horizontal overflow on any page`, async () => {
      for (const path of PAGES) {
        const { context, page, problems } = await open(device, path);
        try {
          await scrollThrough(page);
          const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
          assert.ok(sw <= iw, `${path}: scrollWidth ${sw} > ${iw}`);
          assert.deepEqual(problems, [], `${path}: problems while loading`);
        } finally {
          await context.close();
        }
      }
    });
  }

  for (const lang of LANGS) {
    const path = listPath(name, lang);

    test(`desktop-1440 ${path}: Tab reaches every city card, and focus shows its description`, async () => {
      const cards = site.manifest(lang).cities.cards;
      assert.ok(cards.length >= 2, 'the example has several cities');
      const { context, page, problems } = await open(DESKTOP, path);
      try {
        await page.evaluate(VISIBLE_JS);
        await page.mouse.move(0, 0);

        // First make sure focus has something to do: a card that is neither the first (which
        // starts open) nor focused nor hovered hides its description.
        const second = cards[1];
        await page.evaluate((id) => document.getElementById(id).scrollIntoView({ block: 'center' }), `city-${second.id}`);
        await settle(page);
        const shownAtRest = await page.evaluate(
          ([id, d]) => window.__visible(window.__description(id, d)),
          [`city-${second.id}`, second.description],
        );
        assert.equal(shownAtRest, false, `#city-${second.id}: description visible without hover or focus`);
        await page.evaluate(() => scrollTo(0, 0));

        const reached = [];
        for (let i = 0; i < 200 && reached.length < cards.length; i++) {
          await page.keyboard.press('Tab');
          const at = await page.evaluate(() => {
            const a = document.activeElement;
            const card = a?.closest('[id^="city-"]');
            return card ? { card: card.id, tag: a.tagName, href: a.getAttribute('href') } : null;
          });
          if (!at || reached.includes(at.card)) continue;
          reached.push(at.card);
          const card = cards.find((c) => `city-${c.id}` === at.card);
          assert.equal(at.tag, 'A', `#${at.card}: focus is on a ${at.tag}, not a link`);
          // Focus must reveal the description once transitions have settled (a card that is
          // closing is still visible mid-way, so checking too early could pass wrongly).
          await settle(page);
          const shown = await page.evaluate(([id, d]) => window.__visible(window.__description(id, d)), [
            at.card,
            card.description,
          ]);
          assert.ok(shown, `#${at.card}: focused, but its description is not visible`);
          if (reached.length === 2) {
            await page.screenshot({ path: join(shots, `${name}_desktop-1440_${lang}_focused-${at.card}.png`) });
          }
        }
        assert.deepEqual(
          reached,
          cards.map((c) => `city-${c.id}`),
          'Tab reaches every city card, in order',
        );
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    test(`mobile-375 ${path}: every card's description is readable without hover`, async () => {
      const cards = site.manifest(lang).cities.cards;
      const { context, page, problems } = await open(MOBILE, path);
      try {
        await page.evaluate(VISIBLE_JS);
        for (const card of cards) {
          const id = `city-${card.id}`;
          await page.evaluate((i) => document.getElementById(i).scrollIntoView({ block: 'start' }), id);
          await settle(page);
          const shown = await page.evaluate(([i, d]) => window.__visible(window.__description(i, d)), [id, card.description]);
          assert.ok(shown, `#${id}: description hidden on a phone (no hover there)`);
        }
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
}
