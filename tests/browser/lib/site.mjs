// Builds the example site for the browser tests the way a user does (prep build, then the
// pinned Hugo) in a scratch copy, and serves a folder on 127.0.0.1 with node's http module.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const EXAMPLE = join(REPO, 'fixtures/sites/kubesphere');
/** An example site's folder, by name (`fixtures/sites/<name>`). */
export const example = (name) => join(REPO, 'fixtures/sites', name);
// The theme under test: the repo root, or a modified copy (to show the tests catch a break).
const THEME = process.env.USERGROUP_THEME_DIR || REPO;
const HUGO_VERSION = '0.168.0';
const THEME_MODULE = 'github.com/usergroup-theme/usergroup';

// What prep and Hugo write into a site: never copied, so a copy starts from the sources.
const GENERATED = ['data/usergroup', 'static/usergroup', 'public', 'resources', '.hugo_build.lock', '.usergroup-cache'];

/** The pinned Hugo: $HUGO, else the binary scripts/install-tools put in .tools/venv. */
export function hugoBinary() {
  let hugo = process.env.HUGO;
  if (!hugo) {
    const lib = join(REPO, '.tools/venv/lib');
    const found = existsSync(lib)
      ? readdirSync(lib).map((py) => join(lib, py, 'site-packages/hugo/binaries/hugo')).filter((p) => existsSync(p))
      : [];
    hugo = found.sort().pop();
  }
  if (!hugo) {
    throw new Error(`Hugo ${HUGO_VERSION} not found: run scripts/install-tools, or set HUGO=/path/to/hugo`);
  }
  const version = spawnSync(hugo, ['version'], { encoding: 'utf8' });
  if (version.status !== 0 || !version.stdout.includes(`v${HUGO_VERSION}`)) {
    throw new Error(`${hugo} is not Hugo ${HUGO_VERSION} (${version.stdout || version.error}); run scripts/install-tools`);
  }
  return hugo;
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

/**
 * Copies an example site (default: the bundled one) to a temp folder, runs `prep build`
 * (theme: the repo root) and Hugo with `--baseURL /`. Returns { root, site, public }.
 * `params` (optional) is TOML appended to the copy's hugo.toml, e.g.
 * `[params.usergroup]\n  rowCards = 2`.
 */
export function buildExample(name = 'kubesphere', { params } = {}) {
  const source = example(name);
  const root = mkdtempSync(join(tmpdir(), `usergroup-browser-${name}-`));
  const site = join(root, 'site');
  cpSync(source, site, {
    recursive: true,
    filter: (src) => !GENERATED.includes(relative(source, src).split(sep).join('/')),
  });
  if (params) appendFileSync(join(site, 'hugo.toml'), `\n${params}\n`);
  const hugo = hugoBinary();
  // $PREP: a prep binary already built (scripts/test passes the one `cargo test` built, which
  // `cargo run -p prep` would otherwise rebuild with a different feature set: minutes in CI).
  const prepArgs = ['build', site, '--theme', THEME, '--quiet'];
  if (process.env.PREP) run(process.env.PREP, prepArgs, { cwd: REPO });
  else run('cargo', ['run', '--quiet', '-p', 'prep', '--', ...prepArgs], { cwd: REPO });
  const pub = join(site, 'public');
  run(hugo, ['--source', site, '--destination', pub, '--baseURL', '/', '--logLevel', 'warn'], {
    cwd: site,
    env: {
      ...process.env,
      // The copy's relative module replacement no longer reaches the repo: point it there.
      HUGO_MODULE_REPLACEMENTS: `${THEME_MODULE} -> ${THEME}`,
      HUGO_CACHEDIR: join(root, 'hugo_cache'),
    },
  });
  return { root, site, public: pub };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves `dir` on 127.0.0.1 (a free port). Resolves to { origin, close() }. */
export function serve(dir) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { location: `${path}/` }).end();
        return;
      }
      file = join(file, 'index.html');
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      const notFound = join(root, '404.html');
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      res.end(existsSync(notFound) ? readFileSync(notFound) : 'not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      ok({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

/**
 * Opens `origin + path` in a fresh browser context for `device` ({ name, ...context options })
 * and records everything that went wrong while loading it: console errors, uncaught
 * exceptions, failed or 4xx/5xx requests, requests that left `origin` (the page must be
 * self-contained; they are blocked). Resolves to { context, page, problems }.
 */
export async function openPage(browser, origin, device, path) {
  const { name, ...options } = device;
  const context = await browser.newContext({ ...options, reducedMotion: 'no-preference' });
  const problems = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
    problems.push(`request left the site: ${url}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  const response = await page.goto(origin + path, { waitUntil: 'load' });
  assert.equal(response.status(), 200, `${path}: HTTP ${response.status()}`);
  return { context, page, problems };
}
