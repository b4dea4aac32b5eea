/**
 * Core REST behaviour: transport, headers, CORS, cookies and inventory. The vulnerable
 * flavour carries the issues the foundation checks look for; the hardened one none of them.
 *
 * Vulnerable: version-revealing headers; any Origin (including `null`) reflected with
 * credentials, and `*` on /api/v1/status; no nosniff, no Cache-Control (users carry emails,
 * /api/v1/session sets cookies); an HTML root without framing protection or CSP; session and
 * preference cookies without HttpOnly/SameSite/Secure; TRACE, PUT and DELETE advertised by
 * OPTIONS; an unversioned legacy alias /api/users.
 */
import type { LabModule, Route } from "../kit.js";
import { sendJson, sendText } from "../kit.js";

const USERS = [
  { id: 1, name: "Ada" },
  { id: 2, name: "Brian" },
  { id: 3, name: "Chen" },
];

/** The vulnerable flavour also leaks contact data, so its uncached-personal-data issue is real. */
const USERS_WITH_EMAILS = USERS.map((u) => ({ ...u, email: `${u.name.toLowerCase()}@lab.example` }));

const TRUSTED_ORIGIN = "https://app.example.com";

export function coreModule(hardened: boolean): LabModule {
  const users = hardened ? USERS : USERS_WITH_EMAILS;
  return {
    decorate(req, res) {
      const origin = req.headers.origin;
      if (hardened) {
        res.setHeader("server", "api");
        res.setHeader("x-content-type-options", "nosniff");
        res.setHeader("cache-control", "no-store");
        if (origin === TRUSTED_ORIGIN) {
          res.setHeader("access-control-allow-origin", TRUSTED_ORIGIN);
          res.setHeader("vary", "Origin");
        }
        return;
      }
      res.setHeader("server", "Apache/2.4.41 (Ubuntu)");
      res.setHeader("x-powered-by", "PHP/7.4.3");
      if (origin) {
        res.setHeader("access-control-allow-origin", origin);
        res.setHeader("access-control-allow-credentials", "true");
      }
    },
    routes: [
      {
        method: "OPTIONS",
        path: /^\/.*/,
        handler(req, res) {
          const headers: Record<string, string> = {
            allow: hardened ? "GET, HEAD, OPTIONS" : "GET, POST, PUT, DELETE, TRACE, OPTIONS",
          };
          if (req.headers["access-control-request-method"] && (!hardened || req.headers.origin === TRUSTED_ORIGIN)) {
            headers["access-control-allow-methods"] = hardened ? "GET" : "GET, POST, PUT, DELETE";
            headers["access-control-allow-headers"] = hardened ? "content-type" : "*";
          }
          res.writeHead(204, headers);
          res.end();
        },
      },
      {
        method: "GET",
        path: "/",
        handler(_req, res) {
          if (hardened) {
            res.setHeader("content-security-policy", "default-src 'self'; frame-ancestors 'none'");
            res.setHeader("x-frame-options", "DENY");
          }
          sendText(
            res,
            200,
            "<!doctype html><html><head><title>Lab API</title></head><body><h1>Lab API</h1></body></html>",
            "text/html; charset=utf-8",
          );
        },
      },
      {
        method: "GET",
        path: "/api/v1",
        handler: (_req, res) => sendJson(res, 200, { name: "lab", version: "1", links: ["/api/v1/users"] }),
      },
      { method: "GET", path: "/api/v1/users", handler: (_req, res) => sendJson(res, 200, users) },
      {
        method: "GET",
        path: "/api/v1/users/:id",
        handler(req, res) {
          const user = users.find((u) => String(u.id) === req.params.id);
          if (user) sendJson(res, 200, user);
          else sendJson(res, 404, { error: "no such user" });
        },
      },
      {
        method: "GET",
        path: "/api/v1/session",
        handler(_req, res) {
          res.setHeader(
            "set-cookie",
            hardened
              ? ["__Host-session=3f9a1c7e5b2d4f6a8c0e; Path=/; Secure; HttpOnly; SameSite=Strict"]
              : ["sessionid=3f9a1c7e5b2d4f6a8c0e; Path=/", "theme=dark; Path=/"],
          );
          sendJson(res, 200, { ok: true });
        },
      },
      {
        method: "GET",
        path: "/api/v1/status",
        handler(_req, res) {
          // A public health endpoint: the vulnerable flavour opens it to every site with `*`.
          if (!hardened) {
            res.setHeader("access-control-allow-origin", "*");
            res.removeHeader("access-control-allow-credentials");
          }
          sendJson(res, 200, { status: "ok" });
        },
      },
      ...(hardened
        ? []
        : [{ method: "GET", path: "/api/users", handler: (_req, res) => sendJson(res, 200, users) } satisfies Route]),
    ],
  };
}
