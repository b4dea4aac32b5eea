/**
 * Hash routes (`#/scans/ID`): the service serves one index.html at `/` and needs no fallback
 * for deep links; back and forward work as in any page.
 */
import { useEffect, useState } from "react";

export type Route =
  | { page: "scans" }
  | { page: "scan"; id: string }
  | { page: "finding"; id: string; fingerprint: string }
  | { page: "compare"; base?: string; head?: string }
  | { page: "trend"; target?: string }
  | { page: "schedules" }
  | { page: "webhooks" }
  | { page: "triage" }
  | { page: "domains" }
  | { page: "rule"; id: string }
  | { page: "missing"; path: string };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, "") || "/";
  const [pathPart, queryPart = ""] = raw.split("?", 2);
  const params = new URLSearchParams(queryPart);
  const parts = pathPart.split("/").filter(Boolean).map(decodeURIComponent);
  const optional = (name: string) => params.get(name) || undefined;
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "scans")) return { page: "scans" };
  if (parts[0] === "scans" && parts.length === 2) return { page: "scan", id: parts[1] };
  if (parts[0] === "scans" && parts.length === 4 && parts[2] === "findings")
    return { page: "finding", id: parts[1], fingerprint: parts[3] };
  if (parts.length === 1 && parts[0] === "compare")
    return { page: "compare", base: optional("base"), head: optional("head") };
  if (parts.length === 1 && parts[0] === "trend") return { page: "trend", target: optional("target") };
  if (parts.length === 1 && parts[0] === "schedules") return { page: "schedules" };
  if (parts.length === 1 && parts[0] === "webhooks") return { page: "webhooks" };
  if (parts.length === 1 && parts[0] === "triage") return { page: "triage" };
  if (parts.length === 1 && parts[0] === "domains") return { page: "domains" };
  if (parts[0] === "rules" && parts.length === 2) return { page: "rule", id: parts[1] };
  return { page: "missing", path: pathPart };
}

/** Builds a hash link; every dynamic segment is encoded. */
export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join("/")}`;
}

export function hrefWithQuery(page: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return `#/${page}${text ? `?${text}` : ""}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
