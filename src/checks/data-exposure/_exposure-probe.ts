/** Probes the exposure pack: soft-404 first, content validator second, secrets inside third. */

import { detectPii } from "../../detect/pii/index.js";
import { maskSecret } from "../../detect/redact.js";
import { detectSecrets, distinctSecrets } from "../../detect/secrets/index.js";
import type { CheckContext } from "../../engine/check.js";
import { type Severity, severityRank } from "../../engine/finding.js";
import { type Exchange, HttpError, textOf } from "../../engine/http.js";
import { redactable } from "./_common.js";
import { EXPOSURE_PACK, type ExposurePath } from "./_exposure-pack.js";

const DEFAULT_MAX_BYTES = 256 * 1024;
const PARALLEL_PROBES = 6;
/** Children of found gates (git refs, actuator endpoints) probed at most, most severe first. */
export const MAX_GATED_PROBES = 16;

interface Probe {
  entry: ExposurePath;
  path: string;
}

interface Hit extends Probe {
  x: Exchange;
}

/** The paths one tier probes before any gate opens: root first, then the API base path, deduplicated. */
export function plannedProbes(tier: ExposurePath["tier"], basePath: string): Probe[] {
  const base = basePath.replace(/\/+$/, "");
  const probes: Probe[] = [];
  const seen = new Set<string>();
  const add = (entry: ExposurePath, path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    probes.push({ entry, path });
  };
  const ungated = EXPOSURE_PACK.filter((e) => !e.after);
  for (const e of ungated) if (e.tier === tier) add(e, e.path);
  if (base) for (const e of ungated) if (e.tier === tier && e.underBase) add(e, base + e.path);
  return probes;
}

/** Most paths a tier can send: every planned probe plus every gated child under each prefix. */
export function worstCaseRequests(tier: ExposurePath["tier"], basePath: string): number {
  const planned = plannedProbes(tier, basePath);
  const gated = EXPOSURE_PACK.filter((e) => e.after && e.tier === tier);
  const prefixes = new Set(
    planned
      .filter((p) => gated.some((g) => g.after === p.entry.path))
      .map((p) => p.path.slice(0, -p.entry.path.length)),
  );
  return planned.length + Math.min(MAX_GATED_PROBES, gated.length * Math.max(1, prefixes.size));
}

/**
 * A tier's request plan for the checks' metadata, computed from the pack: planned paths at the
 * root and under an API base path, the gated children on top, and the most the tier can send.
 */
export function tierPlan(tier: ExposurePath["tier"]): {
  root: number;
  underBase: number;
  gated: number;
  maxRequests: number;
} {
  const root = plannedProbes(tier, "/").length;
  const withBase = plannedProbes(tier, "/api/").length;
  const maxRequests = worstCaseRequests(tier, "/api/");
  return { root, underBase: withBase - root, gated: maxRequests - withBase, maxRequests };
}

function isFound(soft404: Awaited<ReturnType<CheckContext["soft404"]>>, p: Probe, x: Exchange) {
  return x.status >= 200 && x.status < 300 && !soft404.isNotFound(x, p.path) && p.entry.validate(textOf(x), x.body);
}

/** Probes in parallel; `hits` (indexed like `probes`) fills as answers arrive, so a budget stop keeps what was found. */
async function probeAll(ctx: CheckContext, probes: Probe[], hits: (Hit | undefined)[]): Promise<void> {
  const soft404 = await ctx.soft404();
  let next = 0;
  const worker = async () => {
    while (next < probes.length) {
      const i = next++;
      const p = probes[i];
      let x: Exchange;
      try {
        x = await ctx.http.get(p.path, { maxBodyBytes: p.entry.maxBytes ?? DEFAULT_MAX_BYTES });
      } catch (err) {
        // One slow or reset path says nothing about the others; budget and deadline stop the pack.
        if (err instanceof HttpError && (err.code === "timeout" || err.code === "network")) continue;
        throw err;
      }
      if (isFound(soft404, p, x)) hits[i] = { ...p, x };
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_PROBES }, worker));
}

/** Children of a found gate; for the actuator, only the endpoints its index lists. */
function gatedProbes(found: Hit[], tier: ExposurePath["tier"]): Probe[] {
  const probes: Probe[] = [];
  for (const gate of found) {
    const prefix = gate.path.slice(0, -gate.entry.path.length);
    const listed = gate.entry.group === "spring-actuator" ? actuatorLinks(textOf(gate.x)) : undefined;
    for (const child of EXPOSURE_PACK.filter((e) => e.after === gate.entry.path && e.tier === tier)) {
      if (listed && !listed.has(child.path.slice(gate.entry.path.length + 1).split("/")[0])) continue;
      probes.push({ entry: child, path: prefix + child.path });
    }
  }
  return probes
    .sort((a, b) => severityRank(a.entry.severity) - severityRank(b.entry.severity))
    .slice(0, MAX_GATED_PROBES);
}

function actuatorLinks(body: string): Set<string> | undefined {
  try {
    const links = (JSON.parse(body) as { _links?: Record<string, unknown> })._links;
    return links ? new Set(Object.keys(links).map((k) => k.split("-")[0])) : undefined;
  } catch {
    return undefined;
  }
}

/** Values of `NAME=value` lines whose name says credential, so even secrets of no known format are masked. */
function credentialAssignments(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(
    /^\s*(?:export\s+)?[\w.-]*(?:pass|pwd|secret|token|key|auth|credential)[\w.-]*\s*[=:]\s*["']?([^"'\s#]{4,})/gim,
  ))
    out.push(m[1]);
  return out;
}

/** The file's opening lines with secrets, credential values and personal data masked. */
function safeExcerpt(text: string, masked: string[]): string {
  let excerpt = text.slice(0, 400);
  for (const v of [...masked].sort((a, b) => b.length - a.length)) excerpt = excerpt.split(v).join(maskSecret(v));
  // Dumps and logs hold people's data: show its shape, not the people.
  for (const m of detectPii(excerpt).sort((a, b) => b.start - a.start))
    if (m.kind !== "internal-ip")
      excerpt = excerpt.slice(0, m.start) + m.masked + excerpt.slice(m.start + m.value.length);
  return excerpt.replace(/\s+/g, " ").trim().slice(0, 240);
}

function report(ctx: CheckContext, hit: Hit): void {
  const text = textOf(hit.x);
  const secrets = distinctSecrets(detectSecrets(text));
  const worst = secrets.reduce<Severity>(
    (s, m) => (severityRank(m.severity) < severityRank(s) ? m.severity : s),
    hit.entry.severity,
  );
  const toMask = [...secrets.map((m) => m.value), ...credentialAssignments(text)];
  const inside = secrets.length
    ? ` It contains ${secrets.length} secret(s): ${secrets.map((m) => `${m.provider} ${m.masked}`).join(", ")}.`
    : "";
  ctx.report({
    title: hit.entry.title,
    severity: worst,
    message: `GET ${hit.path} answers ${hit.x.status} with the file's real content.${inside}`,
    exchange: hit.x,
    operation: { method: "GET", path: hit.path },
    key: hit.path,
    subRule: hit.entry.group,
    evidence: { excerpt: safeExcerpt(text, toMask), detail: hit.entry.rationale },
    secrets: redactable(toMask),
  });
}

export async function runExposurePack(ctx: CheckContext, tier: ExposurePath["tier"]): Promise<void> {
  const first: (Hit | undefined)[] = [];
  const second: (Hit | undefined)[] = [];
  const found = (hits: (Hit | undefined)[]) => hits.filter((h): h is Hit => h !== undefined);
  try {
    await probeAll(ctx, plannedProbes(tier, ctx.target.basePath), first);
    await probeAll(ctx, gatedProbes(found(first), tier), second);
  } finally {
    // Report in plan order whatever was found, even when the budget or the deadline cut the pack short.
    for (const hit of [...found(first), ...found(second)]) report(ctx, hit);
  }
}
