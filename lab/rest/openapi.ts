/**
 * The part of the lab API that its OpenAPI contract describes (lab/specs/). The vulnerable flavour
 * publishes the spec at /openapi.json and disagrees with it at runtime: declared bearer security
 * not enforced, a deprecated operation still answering, an undocumented status and content type,
 * an order whose body breaks its schema. The hardened flavour keeps the contract (documented in
 * lab/specs/lab-api.hardened.yaml) and publishes no spec.
 */
import { readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { parse } from "yaml";
import { type LabModule, type LabRequest, sendJson, sendText } from "../kit.js";

/** The bearer token the hardened lab accepts. */
export const LAB_BEARER_TOKEN = "lab-token-5f1c";
const INVOICES = [
  { id: 1, title: "March hosting" },
  { id: 2, title: "April hosting" },
];

export function labSpecPath(name: string): string {
  return new URL(`../specs/${name}`, import.meta.url).pathname;
}

let publishedSpec: string | undefined;
/** The vulnerable lab's published spec: the 3.0 contract as JSON. */
function publishedSpecJson(): string {
  publishedSpec ??= JSON.stringify(parse(readFileSync(labSpecPath("lab-api.openapi30.yaml"), "utf8")));
  return publishedSpec;
}

/** In the hardened flavour, answers 401 unless the lab's bearer token is present; true when handled. */
function refusedWithoutToken(hardened: boolean, req: LabRequest, res: ServerResponse): boolean {
  if (!hardened || req.headers.authorization === `Bearer ${LAB_BEARER_TOKEN}`) return false;
  sendJson(res, 401, { error: "authentication required" }, { "www-authenticate": 'Bearer realm="lab"' });
  return true;
}

export function openapiModule(hardened: boolean): LabModule {
  return {
    routes: [
      {
        method: "GET",
        path: "/openapi.json",
        handler(_req, res) {
          if (hardened) sendJson(res, 404, { error: "not found" });
          else sendText(res, 200, publishedSpecJson(), "application/json");
        },
      },
      {
        method: "GET",
        path: "/api/v1/invoices",
        handler(req, res) {
          if (!refusedWithoutToken(hardened, req, res)) sendJson(res, 200, INVOICES);
        },
      },
      {
        method: "GET",
        path: "/api/v1/invoices/:invoiceId",
        handler(req, res) {
          if (refusedWithoutToken(hardened, req, res)) return;
          const invoice = INVOICES.find((r) => String(r.id) === req.params.invoiceId);
          if (invoice) sendJson(res, 200, invoice);
          else sendJson(res, 404, { error: "no such invoice" });
        },
      },
      {
        method: "GET",
        path: "/api/v1/orders/:orderId",
        handler(req, res) {
          if (refusedWithoutToken(hardened, req, res)) return;
          const id = req.params.orderId;
          if (hardened) sendJson(res, 200, { id, total: 12.5, status: "paid" });
          else sendJson(res, 200, { id, total: "12.50", status: "paid", internalNote: "customer disputes charge" });
        },
      },
      {
        method: "GET",
        path: "/api/v1/legacy/users",
        handler(req, res) {
          if (refusedWithoutToken(hardened, req, res)) return;
          if (hardened) sendJson(res, 410, { error: "gone: use /api/v1/users" });
          else sendJson(res, 200, [{ id: 1, login: "ada" }]);
        },
      },
      {
        method: "GET",
        path: "/api/v1/health",
        handler(_req, res) {
          if (hardened) sendJson(res, 200, { status: "ok" });
          else sendText(res, 200, "OK");
        },
      },
      {
        method: "GET",
        path: "/api/v1/search",
        handler(_req, res) {
          sendJson(res, hardened ? 200 : 202, []);
        },
      },
      {
        method: "GET",
        path: "/api/v1/tree",
        handler(_req, res) {
          sendJson(res, 200, { id: 1, children: [{ id: 2, children: [] }] });
        },
      },
      // Declared write operations: nothing in a scan may reach them (tests assert on the log).
      { method: "POST", path: "/api/v1/orders", handler: (_req, res) => sendJson(res, 201, { created: true }) },
      {
        method: "DELETE",
        path: "/api/v1/users/:id",
        handler(_req, res) {
          res.writeHead(204);
          res.end();
        },
      },
    ],
  };
}
