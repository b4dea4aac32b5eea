/**
 * Finding the GraphQL endpoint once per scan and sending benign, read-only queries to it.
 * The first GraphQL check to ask does the discovery with its own request budget (each check's
 * maxRequests includes the discovery share); the others await the same answer.
 */
import type { CheckContext } from "./check.js";
import { type Exchange, jsonOf } from "./http.js";
import { ArtefactKey } from "./seams.js";

const ENDPOINT = new ArtefactKey<Promise<GraphqlEndpoint | undefined>>("the scan's GraphQL endpoint");
export const DISCOVERY_REQUESTS = 4;
export const TYPENAME_QUERY = "{__typename}";

export interface GraphqlEndpoint {
  path: string;
  /** The answer to `{__typename}` that identified the endpoint. */
  exchange: Exchange;
}

/** Candidate paths: the scanned URL if it names GraphQL, then the usual places under the API base and the root. */
export function candidatePaths(targetPath: string, basePath: string): string[] {
  const base = basePath.replace(/\/?$/, "/");
  const paths = [
    ...(/graphql|gql/i.test(targetPath) ? [targetPath] : []),
    `${base}graphql`,
    "/graphql",
    "/api/graphql",
    "/v1/graphql",
  ];
  return [...new Set(paths)].slice(0, DISCOVERY_REQUESTS);
}

/** A GraphQL answer: JSON with a `data` object or an `errors` array of messages. */
export function isGraphqlResponse(x: Exchange): boolean {
  const body = jsonOf(x) as { data?: unknown; errors?: unknown } | undefined;
  if (!body || typeof body !== "object" || Array.isArray(body)) return false;
  const hasData = body.data !== undefined && (body.data === null || typeof body.data === "object");
  const hasErrors =
    Array.isArray(body.errors) && body.errors.every((e) => typeof (e as { message?: unknown })?.message === "string");
  return hasData || hasErrors;
}

export function postQuery(ctx: CheckContext, path: string, body: unknown): Promise<Exchange> {
  return ctx.http.request({
    method: "POST",
    url: path,
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
}

async function discover(ctx: CheckContext): Promise<GraphqlEndpoint | undefined> {
  for (const path of candidatePaths(ctx.target.url.pathname, ctx.target.basePath)) {
    const x = await postQuery(ctx, path, { query: TYPENAME_QUERY });
    const data = (jsonOf(x) as { data?: { __typename?: unknown } } | undefined)?.data;
    if (isGraphqlResponse(x) && typeof data?.__typename === "string") return { path, exchange: x };
  }
  return undefined;
}

/** The scan's GraphQL endpoint, discovered once; undefined when none answered. */
export function graphqlEndpoint(ctx: CheckContext): Promise<GraphqlEndpoint | undefined> {
  return ctx.artefacts.once(ENDPOINT, () => discover(ctx));
}

export function errorMessages(x: Exchange): string[] {
  const body = jsonOf(x) as { errors?: { message?: unknown }[] } | undefined;
  return (body?.errors ?? []).map((e) => String(e?.message ?? ""));
}

export function dataOf(x: Exchange): Record<string, unknown> | undefined {
  const data = (jsonOf(x) as { data?: unknown } | undefined)?.data;
  return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}
