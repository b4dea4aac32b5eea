/**
 * Paths the target names itself: `robots.txt` rules, `/api/...`, `/rest/...` strings in its own
 * JavaScript bundles, and its login or session pages (linked from the root page, or common paths). They join the target model as discovered GET operations (one baseline each),
 * so an API without a published spec is not scanned through its front door only.
 */
import type { CheckHttp, Exchange } from "../engine/http.js";
import { textOf } from "../engine/http.js";
import type { Operation } from "../engine/target.js";

/** Discovered operations at most, and bundles read at most. */
export const MAX_HINTED_PATHS = 10;
const MAX_BUNDLES = 2;
/** Login or session pages asked at most (links and forms of the root page first, then common paths). */
const MAX_SESSION_PAGES = 2;
const COMMON_SESSION_PATHS = ["/login", "/signin"];
const SESSION_LINK = /(?:^|[/_-])(?:log-?in|sign-?in|session|sessions|auth)(?:[/?._-]|$)/i;
/** Requests at most: robots.txt, the root page, the bundles and the session pages. */
export const PATH_HINT_REQUESTS = 2 + MAX_BUNDLES + MAX_SESSION_PAGES;
const BUNDLE_BYTES = 1024 * 1024;
const PAGE_BYTES = 256 * 1024;
const SMALL_BYTES = 64 * 1024;

/** `Disallow:`/`Allow:` paths of a robots.txt, without wildcards or the bare root. */
export function robotsPaths(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:dis)?allow\s*:\s*(\/\S*)/gim)) {
    const path = m[1].replace(/\$$/, "");
    if (path === "/" || /[*?]/.test(path)) continue;
    out.push(path);
  }
  return [...new Set(out)];
}

/** API-looking path literals in JavaScript (`"/api/Products"`, `'/rest/user/whoami'`). */
export function bundlePaths(js: string): string[] {
  const out = new Set<string>();
  for (const m of js.matchAll(/["'`](\/(?:api|rest)(?:\/[A-Za-z0-9_\-.]+)+\/?)["'`]/g)) out.add(m[1]);
  return [...out];
}

/** Same-origin links and form actions of a page that lead to a login or session (`<a href="/login">`, `<form action="/session">`). */
export function sessionLinks(html: string, pageUrl: string, origin: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<(?:a|form)\b[^>]*\b(?:href|action)\s*=\s*["']([^"'#]+)["']/gi)) {
    try {
      const url = new URL(m[1], pageUrl);
      if (url.origin === origin && SESSION_LINK.test(url.pathname)) out.push(url.pathname);
    } catch {
      // Not a URL.
    }
  }
  return [...new Set(out)];
}

/** Same-origin `<script src>` of a page, resolved against it. */
function scriptUrls(page: Exchange, origin: string): string[] {
  const urls: string[] = [];
  for (const m of textOf(page).matchAll(/<script[^>]+src\s*=\s*["']([^"']+)["']/gi)) {
    try {
      const url = new URL(m[1], page.request.url);
      if (url.origin === origin) urls.push(url.pathname + url.search);
    } catch {
      // An unparsable src names nothing.
    }
  }
  return urls;
}

async function quietly(http: CheckHttp, url: string, maxBodyBytes?: number): Promise<Exchange | undefined> {
  try {
    return await http.get(url, {
      // The scan's own identity, as the engine's baselines use: a page asked here is not asked twice.
      followRedirects: true,
      ...(maxBodyBytes ? { maxBodyBytes } : {}),
    });
  } catch {
    // Any failure (network, timeout, deadline, budget) only means "no hint here": hints never stop a scan.
    return undefined;
  }
}

/** A complete HTML page (not cut at its cap, which a hostile or endless body would be). */
function isPage(x: Exchange | undefined): x is Exchange {
  return x?.status === 200 && !x.truncated && /html/i.test(x.headers["content-type"] ?? "");
}

/** Discovered GET operations from robots.txt, the root page's bundles and its login pages, minus paths the target has. */
export async function hintedOperations(http: CheckHttp, known: readonly Operation[]): Promise<Operation[]> {
  const paths: string[] = [];
  const [robots, root] = await Promise.all([quietly(http, "/robots.txt", SMALL_BYTES), quietly(http, "/", PAGE_BYTES)]);
  if (robots?.status === 200 && !robots.truncated && !/<html/i.test(textOf(robots).slice(0, 512)))
    paths.push(...robotsPaths(textOf(robots)));
  // Bundles and login pages only behind a real web front-end: a JSON API or an endless body has neither.
  if (isPage(root)) {
    // Where sessions are set: the cookie checks judge flags on the cookies these pages hand out.
    const sessionPages = [...sessionLinks(textOf(root), root.request.url, http.origin), ...COMMON_SESSION_PATHS];
    const pages = [...new Set(sessionPages)].slice(0, MAX_SESSION_PAGES);
    const scripts = scriptUrls(root, http.origin).slice(0, MAX_BUNDLES);
    const [bundles, answers] = await Promise.all([
      Promise.all(scripts.map((script) => quietly(http, script, BUNDLE_BYTES))),
      Promise.all(pages.map((page) => quietly(http, page, PAGE_BYTES))),
    ]);
    for (const bundle of bundles)
      if (bundle?.status === 200 && !/<html/i.test(textOf(bundle).slice(0, 512)))
        paths.push(...bundlePaths(textOf(bundle)));
    answers.forEach((x, i) => {
      if (isPage(x) && (x.setCookies.length > 0 || /<form/i.test(textOf(x)))) paths.push(pages[i]);
    });
  }
  return [...new Set(paths)]
    .filter((path) => !known.some((op) => op.path === path || op.sampleUrl === path))
    .slice(0, MAX_HINTED_PATHS)
    .map((path) => ({ method: "GET", path, parameters: [], source: "discovered" as const, sampleUrl: path }));
}
