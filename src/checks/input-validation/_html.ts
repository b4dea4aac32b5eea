/**
 * The HTML documents a header check judges: framing and CSP only matter where a browser renders
 * the response, so JSON is never judged here. Baselines are free; the origin root (where docs,
 * consoles and SPA shells usually live) costs one request, shared by the HTML checks, when no
 * baseline was HTML already.
 */
import type { CheckContext } from "../../engine/check.js";
import { contentType, type Exchange } from "../../engine/http.js";
import { ArtefactKey } from "../../engine/seams.js";
import { type SharedResponses, sharedOnce } from "./_shared.js";

const HTML_ROOT: SharedResponses<Exchange> = new ArtefactKey("the front page, fetched once for the HTML checks");

export const HTML_PROBE_REQUESTS = 1;

export function isRenderedHtml(x: Exchange): boolean {
  return x.status >= 200 && x.status < 300 && contentType(x) === "text/html";
}

export async function htmlDocuments(ctx: CheckContext): Promise<Exchange[]> {
  const baselines = ctx.target.operations.flatMap((op) => ctx.baseline(op) ?? []);
  const html = baselines.filter(isRenderedHtml);
  if (html.length > 0) return html;
  const root = await sharedOnce(ctx, HTML_ROOT, "/", () => ctx.http.get("/", { followRedirects: true }));
  return isRenderedHtml(root) ? [root] : [];
}

/** Directives of a Content-Security-Policy value, by lower-cased name. */
export function cspDirectives(policy: string | undefined): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (policy ?? "").split(/[;,]/)) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}
