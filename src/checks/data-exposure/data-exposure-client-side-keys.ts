import { detectSecrets, distinctSecrets, redactedExcerpt, type SecretMatch } from "../../detect/secrets/index.js";
import { type CheckContext, defineCheck } from "../../engine/check.js";
import type { Severity } from "../../engine/finding.js";
import { contentType, type Exchange, HttpError, textOf } from "../../engine/http.js";
import { redactable, secretKeyer } from "./_common.js";

const MAX_FILES = 20;
const MAX_TOTAL_BYTES = 5 * 1024 * 1024;

const SCRIPT_SRC = /<script\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/gi;
const PRELOAD_HREF =
  /<link\b(?=[^>]*\brel\s*=\s*["'](?:modulepreload|preload)["'])[^>]*?\bhref\s*=\s*["']([^"']+\.m?js(?:\?[^"']*)?)["']/gi;
const SOURCE_MAP = /[#@] sourceMappingURL=(\S+?)(?:\s*\*\/)?\s*$/m;
/** Relative ES module imports a bundler leaves between chunks: `from"./chunk.js"`, `import("./x.js")`. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*)["'](\.{1,2}\/[^"']+\.m?js)["']/g;
const HTML = /^\s*<(?:!doctype|html|head|body)/i;

interface ClientFile {
  url: string;
  /** How we reached it, for the evidence (`script of /`, `source map of /assets/app.js`). */
  via: string;
  kind: "page" | "script" | "source-map";
}

/** Severity of a key that every visitor downloads. */
function clientSeverity(m: SecretMatch): Severity | undefined {
  // Google API keys are public by design for Maps and Firebase, but unlock Gemini when that API is enabled.
  if (m.ruleId === "google-api-key") return "medium";
  if (m.ruleId === "jwt") return isServiceRoleJwt(m.value) ? "critical" : undefined;
  if (m.kind === "llm") return "critical";
  return m.severity;
}

/** Anonymous JWTs (e.g. a Supabase anon key) belong in a browser; a service-role one bypasses every policy. */
function isServiceRoleJwt(jwt: string): boolean {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8")) as { role?: string };
    return payload.role === "service_role";
  } catch {
    return false;
  }
}

function sameOrigin(ctx: CheckContext, ref: string, base: string): string | undefined {
  if (ref.startsWith("data:")) return undefined;
  try {
    const url = new URL(ref, base);
    return url.origin === ctx.http.origin ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function referencedFiles(ctx: CheckContext, file: ClientFile, x: Exchange, text: string): ClientFile[] {
  const out: ClientFile[] = [];
  const path = new URL(file.url).pathname;
  const add = (ref: string, kind: ClientFile["kind"], via: string) => {
    const url = sameOrigin(ctx, ref, file.url);
    if (url) out.push({ url, kind, via });
  };
  if (file.kind === "page") {
    for (const m of text.matchAll(SCRIPT_SRC)) add(m[1], "script", `script of ${path}`);
    for (const m of text.matchAll(PRELOAD_HREF)) add(m[1], "script", `preloaded by ${path}`);
  }
  if (file.kind === "script") {
    const map = x.headers.sourcemap ?? x.headers["x-sourcemap"] ?? SOURCE_MAP.exec(text.slice(-4096))?.[1];
    if (map) add(map, "source-map", `source map of ${path}`);
    // "Hidden" source maps are still deployed beside the bundle, just not referenced: try the usual name.
    else if (file.via.startsWith("script of") || file.via.startsWith("preloaded by"))
      add(`${new URL(file.url).pathname}.map`, "source-map", `unreferenced source map of ${path}`);
    for (const m of text.matchAll(RELATIVE_IMPORT)) add(m[1], "script", `chunk imported by ${path}`);
  }
  return out;
}

/** What to scan in a file: a source map's original sources, otherwise the body. */
function scannableText(file: ClientFile, text: string): string | undefined {
  if (file.kind !== "source-map") return text;
  try {
    const map = JSON.parse(text) as { sourcesContent?: (string | null)[] };
    return (map.sourcesContent ?? []).filter((s): s is string => typeof s === "string").join("\n");
  } catch {
    return undefined;
  }
}

export default defineCheck({
  meta: {
    id: "data-exposure-client-side-keys",
    title: "API key shipped in client-side code",
    category: "data-exposure",
    severity: "critical",
    confidence: "confirmed",
    owasp: ["API8:2023", "API2:2023"],
    cwe: ["CWE-798", "CWE-200"],
    phase: "probe",
    // The root page, the given URL when it is another page, then at most 20 scripts and source maps.
    maxRequests: 22,
    description:
      "Fetches the site's HTML (the root and the given URL), follows same-origin scripts, module chunks and source maps (at most 20 files, 5 MiB) and runs the secret detector. An LLM provider key (Together AI, OpenAI, Anthropic, ...) in a browser bundle is critical: anyone can copy it from DevTools and spend the account's quota.",
    remediation:
      "Revoke the key, then call the provider from your server (or an edge function) and give the browser only a session with your own API. Never expose provider keys through NEXT_PUBLIC_*/VITE_* variables, and do not publish source maps with original sources in production.",
    references: [
      "https://docs.together.ai/docs/api-keys-authentication",
      "https://cwe.mitre.org/data/definitions/798.html",
    ],
  },
  async run(ctx) {
    const queue: ClientFile[] = [];
    const seen = new Set<string>();
    const enqueue = (f: ClientFile) => {
      if (seen.has(f.url)) return;
      seen.add(f.url);
      queue.push(f);
    };
    enqueue({ url: new URL("/", ctx.http.origin).href, kind: "page", via: "the site root" });
    enqueue({ url: ctx.target.url.href, kind: "page", via: "the scanned URL" });

    // The engine already fetched the scanned URL: reuse that response instead of asking again.
    const scannedOp = ctx.target.operations.find((o) => o.source === "url" && o.method === "GET");
    const baseline = scannedOp ? ctx.baseline(scannedOp) : undefined;

    let files = 0;
    let bytes = 0;
    const reported = new Set<string>();
    while (queue.length > 0 && bytes < MAX_TOTAL_BYTES) {
      const file = queue.shift()!;
      if (file.kind !== "page" && files >= MAX_FILES) continue;
      let x: Exchange;
      try {
        x =
          baseline && baseline.request.url === file.url
            ? baseline
            : await ctx.http.get(file.url, { followRedirects: true, maxBodyBytes: MAX_TOTAL_BYTES - bytes });
      } catch (err) {
        if (err instanceof HttpError && (err.code === "timeout" || err.code === "network")) continue;
        throw err;
      }
      if (file.kind !== "page") files++;
      bytes += x.body.length;
      const text = textOf(x);
      if (x.status !== 200) continue;
      // A script URL answered with the SPA's index page is a fallback, not a script.
      if (file.kind !== "page" && (HTML.test(text) || /html/.test(contentType(x)))) continue;
      if (file.kind === "page" && !HTML.test(text) && !/html/.test(contentType(x))) continue;
      for (const ref of referencedFiles(ctx, file, x, text)) enqueue(ref);

      const scanned = scannableText(file, text);
      if (!scanned) continue;
      const matches = detectSecrets(scanned);
      const keyOf = secretKeyer();
      for (const m of distinctSecrets(matches)) {
        const severity = clientSeverity(m);
        if (!severity || reported.has(m.value)) continue;
        reported.add(m.value);
        const path = new URL(file.url).pathname;
        ctx.report({
          severity,
          message: `${m.provider} key ${m.masked} is in ${path} (${file.via}), which every visitor's browser downloads.`,
          exchange: x,
          operation: { method: "GET", path },
          key: keyOf(m.ruleId, m.value),
          evidence: {
            excerpt: redactedExcerpt(scanned, m, matches),
            detail: `file ${file.url} (${file.kind}, reached as ${file.via}); rule ${m.ruleId}, ${m.value.length} characters`,
          },
          secrets: redactable([m.value]),
        });
      }
    }
  },
});
