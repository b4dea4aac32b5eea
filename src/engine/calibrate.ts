import { createHash } from "node:crypto";
import { type CheckHttp, contentType, type Exchange, textOf } from "./http.js";
import type { Rng } from "./rng.js";

export interface Soft404Sample {
  path: string;
  status: number;
  length: number;
  contentType: string;
  fingerprint: string;
}

/**
 * How a target answers paths that cannot exist. Path probes ask `isNotFound` before they
 * judge content, so catch-all hosts and SPA fallbacks never yield exposure findings.
 */
export interface Soft404 {
  samples: Soft404Sample[];
  /** Random paths answered 2xx: every path probe needs a content validator beyond status. */
  catchAll: boolean;
  isNotFound(x: Exchange, requestedPath: string): boolean;
}

/** Body fingerprint that ignores the requested path, digits and whitespace (dates, ids, request echoes). */
export function bodyFingerprint(body: string, requestedPath: string): string {
  let normalised = body;
  for (const part of [requestedPath, ...requestedPath.split("/")].filter((p) => p.length >= 3)) {
    normalised = normalised.split(part).join("");
  }
  normalised = normalised.replace(/\d+/g, "0").replace(/\s+/g, " ").trim();
  return createHash("sha256").update(normalised).digest("hex").slice(0, 16);
}

export function sampleOf(x: Exchange, path: string): Soft404Sample {
  return {
    path,
    status: x.status,
    length: x.body.length,
    contentType: contentType(x),
    fingerprint: bodyFingerprint(textOf(x), path),
  };
}

export function soft404From(samples: Soft404Sample[]): Soft404 {
  const successes = samples.filter((s) => s.status >= 200 && s.status < 300);
  return {
    samples,
    catchAll: successes.length > 0,
    isNotFound(x, requestedPath) {
      if (x.status < 200 || x.status >= 300) return true;
      const s = sampleOf(x, requestedPath);
      return successes.some(
        (c) =>
          c.fingerprint === s.fingerprint ||
          (c.status === s.status &&
            c.contentType === s.contentType &&
            Math.abs(c.length - s.length) <= Math.max(32, c.length * 0.05)),
      );
    },
  };
}

/** Requests a few random paths shaped like the probes that follow (root, dotfile, nested file, API base). */
export async function calibrateSoft404(http: CheckHttp, rng: Rng, basePath: string): Promise<Soft404> {
  const t = () => rng.token(12);
  const paths = [`/${t()}`, `/.${t()}`, `/${t()}/${t()}.json`];
  if (basePath !== "/") paths.push(`${basePath.replace(/\/?$/, "/")}${t()}`);
  const samples: Soft404Sample[] = [];
  for (const path of paths) {
    const x = await http.get(path);
    samples.push(sampleOf(x, path));
  }
  return soft404From(samples);
}
