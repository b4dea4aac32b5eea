/**
 * The service's own OpenAPI 3.1 document for the /v1 API, its request schemas generated from the zod
 * schemas it validates with. The unauthenticated operational endpoints (/healthz, /readyz, /metrics)
 * are for orchestrators and scrapers, documented in docs/service.md rather than here.
 */
import { z } from "zod";
import { VERSION } from "../engine/version.js";
import { CreateDomain, CreateSchedule, CreateWebhook, PutAuthProfile, PutTriage, SubmitScan } from "./schemas.js";

const json = (schema: z.ZodType) => ({ "application/json": { schema: z.toJSONSchema(schema, { io: "input" }) } });
const error = { $ref: "#/components/responses/Error" };
const errors = { "400": error, "401": error, "404": error, "429": error };
const ok = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });
const idParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string", maxLength: 253 } });

let cached: unknown;

export function serviceOpenApi(): unknown {
  cached ??= {
    openapi: "3.1.0",
    info: { title: "Rampart scan service", version: VERSION },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      responses: {
        Error: {
          description: "An error",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["error"],
                properties: {
                  error: {
                    type: "object",
                    required: ["code", "message"],
                    properties: { code: { type: "string" }, message: { type: "string" } },
                  },
                },
              },
            },
          },
        },
      },
    },
    paths: {
      "/v1/scans": {
        post: {
          summary: "Submit a scan",
          requestBody: { required: true, content: json(SubmitScan) },
          responses: { "202": ok("Queued: {id, status}"), "403": error, "413": error, ...errors },
        },
        get: {
          summary: "This tenant's scans, newest first",
          parameters: ["target", "status", "limit", "cursor"].map((name) => ({
            name,
            in: "query",
            schema: { type: "string" },
          })),
          responses: { "200": ok("{items, nextCursor}"), ...errors },
        },
      },
      "/v1/scans/{id}": {
        get: { summary: "One scan", parameters: [idParam("id")], responses: { "200": ok("The scan"), ...errors } },
        delete: {
          summary: "Cancel a scan",
          parameters: [idParam("id")],
          responses: { "202": ok("Canceling"), "409": error, ...errors },
        },
      },
      "/v1/scans/{id}/report": {
        get: {
          summary: "The report in one format",
          parameters: [
            idParam("id"),
            { name: "format", in: "query", schema: { enum: ["json", "sarif", "html", "markdown", "junit"] } },
          ],
          responses: { "200": { description: "The rendered report" }, "409": error, ...errors },
        },
      },
      "/v1/scans/{id}/events": {
        get: {
          summary: "Progress as server-sent events (progress, done)",
          parameters: [idParam("id")],
          responses: { "200": { description: "text/event-stream" }, ...errors },
        },
      },
      "/v1/diff": {
        get: {
          summary: "New, fixed and unchanged findings between two scans",
          parameters: ["base", "head"].map((name) => ({
            name,
            in: "query",
            required: true,
            schema: { type: "string" },
          })),
          responses: { "200": ok("{new, fixed, unchanged, scoreDrift}"), "409": error, ...errors },
        },
      },
      "/v1/schedules": {
        post: {
          summary: "Rescan on a cron schedule (UTC)",
          requestBody: { required: true, content: json(CreateSchedule) },
          responses: { "201": ok("The schedule"), "403": error, ...errors },
        },
        get: { summary: "Schedules", responses: { "200": ok("{items}"), ...errors } },
      },
      "/v1/schedules/{id}": {
        delete: {
          summary: "Remove a schedule",
          parameters: [idParam("id")],
          responses: { "204": { description: "Removed" }, ...errors },
        },
      },
      "/v1/webhooks": {
        post: {
          summary: "Add a webhook; the answer holds its signing secret (shown once)",
          requestBody: { required: true, content: json(CreateWebhook) },
          responses: { "201": ok("{id, url, events, secret}"), "403": error, ...errors },
        },
        get: { summary: "Webhooks (no secrets)", responses: { "200": ok("{items}"), ...errors } },
      },
      "/v1/webhooks/{id}": {
        delete: {
          summary: "Remove a webhook",
          parameters: [idParam("id")],
          responses: { "204": { description: "Removed" }, ...errors },
        },
      },
      "/v1/webhooks/{id}/deliveries": {
        get: { summary: "Delivery log", parameters: [idParam("id")], responses: { "200": ok("{items}"), ...errors } },
      },
      "/v1/triage": { get: { summary: "Triaged findings", responses: { "200": ok("{items}"), ...errors } } },
      "/v1/triage/{fingerprint}": {
        put: {
          summary: "Mark a finding false positive or accepted risk",
          parameters: [idParam("fingerprint")],
          requestBody: { required: true, content: json(PutTriage) },
          responses: { "200": ok("The entry"), ...errors },
        },
        delete: {
          summary: "Remove a triage entry",
          parameters: [idParam("fingerprint")],
          responses: { "204": { description: "Removed" }, ...errors },
        },
      },
      "/v1/auth-profiles": {
        get: { summary: "Auth profile names (never credentials)", responses: { "200": ok("{items}"), ...errors } },
      },
      "/v1/auth-profiles/{name}": {
        put: {
          summary: "Store credentials (encrypted) under a name",
          parameters: [idParam("name")],
          requestBody: { required: true, content: json(PutAuthProfile) },
          responses: { "200": ok("{name, identities}"), ...errors },
        },
        delete: {
          summary: "Remove an auth profile",
          parameters: [idParam("name")],
          responses: { "204": { description: "Removed" }, ...errors },
        },
      },
      "/v1/domains": {
        post: {
          summary: "Start verifying a public host",
          requestBody: { required: true, content: json(CreateDomain) },
          responses: { "201": ok("{host, token, verified}"), ...errors },
        },
        get: { summary: "Domains", responses: { "200": ok("{items}"), ...errors } },
      },
      "/v1/domains/{host}/verify": {
        post: {
          summary: "Check the token (well-known file or DNS TXT)",
          parameters: [idParam("host")],
          responses: { "200": ok("Verified"), "409": error, ...errors },
        },
      },
    },
  };
  return cached;
}
