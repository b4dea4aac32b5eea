/**
 * Shared CORS probing: Origin variants built from the target's own host, sent on a simple GET and
 * on a preflight, and what the server allowed in return. A reflection counts only when the exact
 * Origin sent comes back, so servers that echo a fixed allow-list are not flagged.
 */
import type { CheckContext } from "../../engine/check.js";
import type { Severity } from "../../engine/finding.js";
import type { Exchange } from "../../engine/http.js";
import { ArtefactKey } from "../../engine/seams.js";
import { operationUrl } from "../../engine/target.js";
import { type SharedResponses, sharedOnce } from "./_shared.js";

/** Each origin variant is probed once per URL, whichever CORS check asks first. */
const CORS_ANSWERS: SharedResponses<CorsAnswer[]> = new ArtefactKey("CORS answers by origin variant and URL");

/** CORS is judged from headers; a few KiB of body is plenty, and 20 probes must not hold megabytes. */
const HEADERS_ONLY_BYTES = 16 * 1024;

export type VariantKind = "arbitrary" | "bypass" | "downgrade" | "subdomain" | "null";

export interface OriginVariant {
  /** Stable name, used as the finding key. */
  name: string;
  origin: string;
  kind: VariantKind;
  /** What trusting this origin means, for the message. */
  meaning: string;
}

const ATTACKER = "evil.example";

/**
 * Origins an attacker can send: arbitrary sites, `null` (sandboxed frames, file: pages), and the
 * classic validation mistakes on the target's own host (unanchored suffix/prefix, unescaped dot,
 * characters some browsers allow in host names, an http downgrade of the target itself).
 */
export function originVariants(target: URL): OriginVariant[] {
  const host = target.hostname;
  const variants: OriginVariant[] = [
    { name: "any-origin", origin: `https://${ATTACKER}`, kind: "arbitrary", meaning: "any site" },
    { name: "null", origin: "null", kind: "null", meaning: "sandboxed frames and local files (`null`)" },
    {
      name: "suffix",
      origin: `https://${host}.${ATTACKER}`,
      kind: "bypass",
      meaning: "an attacker domain that starts with the target host (unanchored suffix check)",
    },
    {
      name: "suffix-no-dot",
      origin: `https://${host}${ATTACKER}`,
      kind: "bypass",
      meaning: "an attacker domain glued to the target host (starts-with check)",
    },
    {
      name: "prefix",
      origin: `https://evil${host}`,
      kind: "bypass",
      meaning: "an attacker domain that ends with the target host (unanchored prefix check)",
    },
    {
      name: "prefix-hyphen",
      origin: `https://evil-${host}`,
      kind: "bypass",
      meaning: "an attacker domain that ends with -<target host>",
    },
    {
      name: "backtick",
      origin: `https://${host}\`.${ATTACKER}`,
      kind: "bypass",
      meaning: "an attacker domain using a character some browsers allow in host names",
    },
    {
      name: "underscore",
      origin: `https://${host}_.${ATTACKER}`,
      kind: "bypass",
      meaning: "an attacker domain using an underscore after the target host",
    },
    {
      name: "subdomain",
      origin: `https://evil.${host}`,
      kind: "subdomain",
      meaning: "any subdomain of the target host",
    },
  ];
  if (host.includes(".")) {
    variants.push({
      name: "unescaped-dot",
      origin: `https://${host.replace(".", "x")}`,
      kind: "bypass",
      meaning: "a look-alike domain matched by an unescaped `.` in a pattern",
    });
  }
  if (target.protocol === "https:") {
    variants.push({
      name: "http-downgrade",
      origin: `http://${target.host}`,
      kind: "downgrade",
      meaning: "the target's own host over plain http, which any network attacker can impersonate",
    });
  }
  return variants;
}

export interface CorsAnswer {
  variant: OriginVariant;
  via: "GET" | "preflight";
  exchange: Exchange;
  allowOrigin?: string;
  allowCredentials: boolean;
  /** The exact Origin sent came back in Access-Control-Allow-Origin. */
  reflected: boolean;
  wildcard: boolean;
  varyOrigin: boolean;
}

function answerOf(variant: OriginVariant, via: CorsAnswer["via"], x: Exchange): CorsAnswer {
  const allowOrigin = x.headers["access-control-allow-origin"]?.trim();
  return {
    variant,
    via,
    exchange: x,
    allowOrigin,
    allowCredentials: x.headers["access-control-allow-credentials"]?.trim().toLowerCase() === "true",
    reflected: allowOrigin === variant.origin,
    wildcard: allowOrigin === "*",
    varyOrigin: /(^|,)\s*(origin|\*)\s*(,|$)/i.test(x.headers.vary ?? ""),
  };
}

/** The operation CORS is probed on: the first GET operation (the URL the user gave). */
export function corsProbeUrl(ctx: CheckContext): string {
  const op = ctx.target.operations.find((o) => o.method === "GET") ?? ctx.target.operations[0];
  return op ? operationUrl(op) : ctx.target.url.pathname;
}

/**
 * Sends each variant as a simple GET and as a preflight (2 requests per variant), in parallel.
 * A variant already probed in this scan by a sibling CORS check is not sent again.
 */
export async function probeCors(ctx: CheckContext, variants: OriginVariant[]): Promise<CorsAnswer[]> {
  const url = corsProbeUrl(ctx);
  const perVariant = await Promise.all(
    variants.map((variant) =>
      sharedOnce(ctx, CORS_ANSWERS, `${variant.name} ${url}`, () => probeVariant(ctx, url, variant)),
    ),
  );
  return perVariant.flat();
}

async function probeVariant(ctx: CheckContext, url: string, variant: OriginVariant): Promise<CorsAnswer[]> {
  const [get, preflight] = await Promise.all([
    ctx.http.get(url, { headers: { origin: variant.origin }, maxBodyBytes: HEADERS_ONLY_BYTES }),
    ctx.http.request({
      method: "OPTIONS",
      url,
      headers: {
        origin: variant.origin,
        "access-control-request-method": "PUT",
        "access-control-request-headers": "authorization, content-type",
      },
      maxBodyBytes: HEADERS_ONLY_BYTES,
    }),
  ]);
  return [answerOf(variant, "GET", get), answerOf(variant, "preflight", preflight)];
}

/** Requests probeCors sends for the given variants. */
export function corsRequestCount(variants: number): number {
  return variants * 2;
}

/**
 * Severity of trusting an origin. With credentials the attacker reads the victim's authenticated
 * data; without them only what the victim's network position reaches (intranet, localhost).
 */
export function trustSeverity(kind: VariantKind, withCredentials: boolean): Severity {
  switch (kind) {
    case "arbitrary":
    case "bypass":
    case "null":
      return withCredentials ? "high" : "low";
    case "downgrade":
      return withCredentials ? "medium" : "low";
    case "subdomain":
      return withCredentials ? "low" : "info";
  }
}

/** Reports one finding per trusted variant; the evidence is an answer that allowed credentials, else the GET. */
export function reportTrustedOrigins(ctx: CheckContext, answers: CorsAnswer[]): void {
  const byVariant = new Map<string, CorsAnswer[]>();
  for (const a of answers)
    if (a.reflected) byVariant.set(a.variant.name, [...(byVariant.get(a.variant.name) ?? []), a]);
  for (const [name, trusted] of byVariant) {
    const withCredentials = trusted.some((a) => a.allowCredentials);
    const evidence = trusted.find((a) => a.allowCredentials) ?? trusted[0];
    const { variant, exchange } = evidence;
    const where = trusted.map((a) => a.via).join(" and ");
    const notes = [
      withCredentials
        ? "with Access-Control-Allow-Credentials: true, so the browser sends the victim's cookies and lets that origin read the answer"
        : "without credentials",
      evidence.varyOrigin ? "" : "and without Vary: Origin (shared caches may serve the answer to others)",
    ].filter(Boolean);
    ctx.report({
      message: `The API allows ${variant.meaning} (Origin: ${variant.origin}) on ${where}, ${notes.join(" ")}.`,
      severity: trustSeverity(variant.kind, withCredentials),
      exchange,
      key: name,
      evidence: {
        requestHeaders: { origin: variant.origin },
        responseHeaders: pickCorsHeaders(exchange),
      },
    });
  }
}

export function pickCorsHeaders(x: Exchange): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "vary",
  ])
    if (x.headers[name] !== undefined) out[name] = x.headers[name];
  return out;
}
