/**
 * Lab twins shaped like third-party APIs rather than like Rampart's probes: a spec with a
 * state-changing GET and an empty server URL, a public catalogue behind a key, an owner-checked
 * orders API and its broken twin, an endpoint that answers `null` for every id, and rate limiters
 * that enforce, only announce, or sit in front of routes that never answer 2xx. Each server counts
 * what it receives so tests can assert on calls as well as findings.
 */
import { createHmac } from "node:crypto";
import type { ServerResponse } from "node:http";
import { type LabRequest, type LabServer, router, sendJson, startLab } from "../kit.js";

/** Not in any dictionary: these twins are about authorization, not weak secrets. */
const TWIN_SECRET = "twin-7c2e94b1d05f48a3b6e1c9d27f3a58e0";

function signedToken(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  // A realistic lifetime (15 minutes), so the twins carry no JWT weakness of their own.
  const iat = Math.floor(Date.now() / 1000);
  const head = `${part({ alg: "HS256", typ: "JWT" })}.${part({ iat, exp: iat + 900, ...claims })}`;
  return `${head}.${createHmac("sha256", TWIN_SECRET).update(head).digest("base64url")}`;
}

function claimsOf(req: LabRequest): Record<string, unknown> | undefined {
  const m = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(String(req.headers.authorization ?? ""));
  if (!m) return undefined;
  const expected = createHmac("sha256", TWIN_SECRET).update(`${m[1]}.${m[2]}`).digest("base64url");
  if (expected !== m[3]) return undefined;
  return JSON.parse(Buffer.from(m[2], "base64url").toString("utf8"));
}

export interface CountingServer extends LabServer {
  /** Requests per path (any method), e.g. `calls("/createdb")`. */
  calls(path: string): number;
}

async function counting(handler: Parameters<typeof startLab>[0]): Promise<CountingServer> {
  const server = await startLab(handler);
  return {
    ...server,
    calls: (path) => server.requests.filter((r) => new URL(r.url, "http://lab.invalid").pathname === path).length,
  };
}

const PRODUCTS = [
  { id: 1, name: "Espresso machine", price: 249, sku: "ESP-001" },
  { id: 2, name: "Milk frother", price: 39, sku: "FRO-002" },
  { id: 3, name: "Grinder", price: 129, sku: "GRI-003" },
];

/**
 * A spec served at `/openapi.json` with `servers: [{url: ""}]` (the origin root) that lists a
 * database reset reached by GET, a logout, a job started by GET (202) and a plain catalogue.
 */
export async function startSideEffectApi(): Promise<CountingServer & { resets(): number }> {
  let resets = 0;
  const spec = {
    openapi: "3.0.3",
    info: { title: "Shop with a reset", version: "1" },
    servers: [{ url: "" }],
    paths: {
      "/createdb": { get: { summary: "Recreate the database", responses: { "200": { description: "done" } } } },
      "/api/logout": { get: { responses: { "200": { description: "bye" } } } },
      "/api/jobs/nightly": { get: { summary: "Nightly job", responses: { "202": { description: "queued" } } } },
      "/api/products": { get: { responses: { "200": { description: "list" } } } },
      "/api/products/{id}": {
        get: {
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer", example: 1 } }],
          responses: { "200": { description: "one" } },
        },
      },
    },
  };
  const server = await counting(
    router([
      {
        routes: [
          { method: "GET", path: "/openapi.json", handler: (_req, res) => sendJson(res, 200, spec) },
          {
            method: "GET",
            path: "/createdb",
            handler: (_req, res) => {
              resets++;
              sendJson(res, 200, { status: "database recreated", resets });
            },
          },
          { method: "GET", path: "/api/logout", handler: (_req, res) => sendJson(res, 200, { status: "logged out" }) },
          {
            method: "GET",
            path: "/api/jobs/nightly",
            handler: (_req, res) => sendJson(res, 202, { status: "queued" }),
          },
          { method: "GET", path: "/api/products", handler: (_req, res) => sendJson(res, 200, PRODUCTS) },
          {
            method: "GET",
            path: "/api/products/:id",
            handler: (req, res) => {
              const product = PRODUCTS.find((p) => String(p.id) === req.params.id);
              if (product) sendJson(res, 200, product);
              else sendJson(res, 404, { error: "not found" });
            },
          },
        ],
      },
    ]),
  );
  return { ...server, resets: () => resets };
}

/** Any valid key reads every product: a public catalogue that happens to need an API key. */
export async function startCatalogueApi(): Promise<CountingServer> {
  const keyed = (handle: (req: LabRequest, res: ServerResponse) => void) => (req: LabRequest, res: ServerResponse) => {
    if (!String(req.headers["x-api-key"] ?? "").startsWith("cat-key-")) return sendJson(res, 401, { error: "no key" });
    handle(req, res);
  };
  return counting(
    router([
      {
        routes: [
          {
            method: "GET",
            path: "/v2/products",
            handler: keyed((_req, res) => sendJson(res, 200, { items: PRODUCTS })),
          },
          {
            method: "GET",
            path: "/v2/products/:id",
            handler: keyed((req, res) => {
              const product = PRODUCTS.find((p) => String(p.id) === req.params.id);
              if (product) sendJson(res, 200, { data: product });
              else sendJson(res, 404, { error: "not found" });
            }),
          },
        ],
      },
    ]),
  );
}

export const CATALOGUE_KEYS = { primary: "cat-key-alpha-1", secondary: "cat-key-beta-2" };

export function catalogueIdentities(two: boolean) {
  const key = (k: string) => ({ headers: { "x-api-key": k }, query: {} });
  return { primary: key(CATALOGUE_KEYS.primary), ...(two ? { secondary: key(CATALOGUE_KEYS.secondary) } : {}) };
}

/** Customer ids are strings, as token subjects usually are; the first customer owns two orders. */
const ORDERS = [
  { id: 101, customerId: "c-1001", item: "Grinder", total: 129, shippingAddress: "1 Elm Street" },
  { id: 102, customerId: "c-1001", item: "Milk frother", total: 39, shippingAddress: "1 Elm Street" },
  { id: 103, customerId: "c-2002", item: "Espresso machine", total: 249, shippingAddress: "9 Oak Avenue" },
  { id: 104, customerId: "c-2002", item: "Beans", total: 18, shippingAddress: "9 Oak Avenue" },
];

export function ordersIdentities(two: boolean) {
  const bearer = (sub: string) => ({ headers: { authorization: `Bearer ${signedToken({ sub })}` }, query: {} });
  return { primary: bearer("c-1001"), ...(two ? { secondary: bearer("c-2002") } : {}) };
}

/**
 * Orders keyed by number with the owner in `customerId`. The owner-checked flavour answers 404 for
 * another customer's order; the broken twin serves any order to any signed-in customer.
 */
export async function startOrdersApi(opts: { ownerChecked: boolean }): Promise<CountingServer> {
  const signedIn = (handle: (req: LabRequest, res: ServerResponse, sub: string) => void) => {
    return (req: LabRequest, res: ServerResponse) => {
      const sub = claimsOf(req)?.sub;
      if (typeof sub !== "string") return sendJson(res, 401, { message: "Unauthorized" });
      handle(req, res, sub);
    };
  };
  return counting(
    router([
      {
        routes: [
          {
            method: "GET",
            path: "/shop/orders",
            handler: signedIn((_req, res, sub) =>
              sendJson(res, 200, { orders: ORDERS.filter((o) => o.customerId === sub), page: 1 }),
            ),
          },
          {
            // The broken twin also leaves its settings readable, signing secret included.
            method: "GET",
            path: "/shop/settings",
            handler: (_req, res) =>
              opts.ownerChecked
                ? sendJson(res, 404, { message: "Not found" })
                : sendJson(res, 200, { currency: "EUR", auth: { jwtSecret: TWIN_SECRET, issuer: "shop" } }),
          },
          {
            // The broken twin forgot the middleware on receipts: everyone's, to anyone.
            method: "GET",
            path: "/shop/receipts",
            handler: (req, res) => {
              const sub = claimsOf(req)?.sub;
              if (opts.ownerChecked && typeof sub !== "string") return sendJson(res, 401, { message: "Unauthorized" });
              const mine = (o: (typeof ORDERS)[number]) => !opts.ownerChecked || o.customerId === sub;
              sendJson(
                res,
                200,
                ORDERS.filter(mine).map((o) => ({ orderId: o.id, customerId: o.customerId, total: o.total })),
              );
            },
          },
          {
            method: "GET",
            path: "/shop/orders/:id",
            handler: signedIn((req, res, sub) => {
              const order = ORDERS.find((o) => String(o.id) === req.params.id);
              if (!order || (opts.ownerChecked && order.customerId !== sub))
                return sendJson(res, 404, { message: "Order not found" });
              sendJson(res, 200, order);
            }),
          },
        ],
      },
    ]),
  );
}

/** Every id answers 200 `null` to every signed-in caller: nothing is ever another record. */
export async function startNullApi(): Promise<CountingServer> {
  return counting(
    router([
      {
        routes: [
          {
            method: "GET",
            path: "/api/things/:id",
            handler: (req, res) => {
              if (!claimsOf(req)) return sendJson(res, 401, { message: "Unauthorized" });
              res.writeHead(200, { "content-type": "application/json" });
              res.end("null");
            },
          },
        ],
      },
    ]),
  );
}

/**
 * Rate limiters as real gateways announce them (`RateLimit-Limit: 100`, counting down per client):
 * `enforced` answers 429 past the limit; `announced-only` sends the headers but the counter never
 * moves; `never-2xx` limits a surface whose every GET is 404 or 405.
 */
export async function startLimiterApi(flavour: "enforced" | "announced-only" | "never-2xx"): Promise<CountingServer> {
  const LIMIT = 100;
  let used = 0;
  return counting(
    router([
      {
        decorate(_req, res) {
          if (flavour === "enforced") used++;
          res.setHeader("ratelimit-limit", String(LIMIT));
          res.setHeader("ratelimit-remaining", String(Math.max(0, LIMIT - used)));
          res.setHeader("ratelimit-reset", "60");
          if (used > LIMIT) sendJson(res, 429, { message: "Too Many Requests" }, { "retry-after": "60" });
        },
        routes: [
          {
            method: "GET",
            path: "/api/status",
            handler: (_req, res) =>
              flavour === "never-2xx"
                ? sendJson(res, 405, { message: "Method Not Allowed" }, { allow: "POST" })
                : sendJson(res, 200, { status: "ok" }),
          },
        ],
      },
    ]),
  );
}

/** A bcrypt hash of no real password, in the shape frameworks store them. */
export const TWIN_BCRYPT = "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";

/**
 * Responses shaped like third-party APIs that tripped the data-exposure checks: an environment
 * dump whose `PWD`/`OLDPWD`/`PATH` are directories, members whose `password` field holds a bcrypt
 * hash, a JSON error with a `stack` field, and a logout that deletes the session cookie.
 */
export async function startShapesApi(): Promise<CountingServer> {
  return counting(
    router([
      {
        routes: [
          {
            method: "GET",
            path: "/openapi.json",
            handler: (_req, res) =>
              sendJson(res, 200, {
                openapi: "3.0.3",
                info: { title: "Members", version: "1", contact: { email: "api-team@members.example" } },
                paths: {
                  "/api/members": {
                    get: {
                      responses: {
                        "200": {
                          description: "members",
                          content: {
                            "application/json": {
                              example: [
                                {
                                  id: 7,
                                  username: "dana",
                                  email: "dana.lee@members.example",
                                  phone: "+1 415 555 0134",
                                },
                              ],
                            },
                          },
                        },
                      },
                    },
                  },
                },
              }),
          },
          {
            method: "GET",
            path: "/debug/env",
            handler: (_req, res) =>
              sendJson(res, 200, {
                env: { PWD: "/srv/app", OLDPWD: "/srv", PATH: "/usr/local/bin:/usr/bin", NODE_ENV: "production" },
              }),
          },
          {
            method: "GET",
            path: "/api/members",
            handler: (_req, res) => sendJson(res, 200, [{ id: 7, username: "dana", password: TWIN_BCRYPT }]),
          },
          {
            method: "GET",
            path: "/api/broken",
            handler: (_req, res) =>
              sendJson(res, 500, {
                message: "Cannot read properties of undefined (reading 'id')",
                stack:
                  "TypeError: Cannot read properties of undefined (reading 'id')\n    at getMember (/srv/app/routes/members.js:41:19)\n    at Layer.handle [as handle_request] (/srv/app/node_modules/express/lib/router/layer.js:95:5)",
              }),
          },
          {
            method: "GET",
            path: "/account/session",
            handler: (_req, res) =>
              sendJson(res, 200, { status: "signed out" }, { "set-cookie": "sid=deleted; Path=/; Max-Age=0" }),
          },
          {
            method: "GET",
            path: "/account/logout",
            handler: (_req, res) => {
              res.writeHead(302, {
                location: "/",
                "set-cookie": "sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
              });
              res.end();
            },
          },
        ],
      },
    ]),
  );
}

/** Thirty resource routes behind one authentication layer that answers 401 without `WWW-Authenticate`. */
export const THIRTY_ROUTES = Array.from({ length: 30 }, (_, i) => `/api/resource${String(i + 1).padStart(2, "0")}`);

export async function startThirtyRoutesApi(): Promise<CountingServer> {
  return counting(
    router([
      {
        routes: THIRTY_ROUTES.map((path) => ({
          method: "GET",
          path,
          handler: (_req: LabRequest, res: ServerResponse) => sendJson(res, 401, { message: "Unauthorized" }),
        })),
      },
    ]),
  );
}

/**
 * Users keyed by name, as some vulnerable training APIs have them: `/users/v1/{username}` with a
 * user called "admin", and a real admin function at `/users/v1/admin/config` left open.
 */
export async function startUsersByNameApi(): Promise<CountingServer> {
  const users = [
    { username: "name1", email: "mail1@mail.example", admin: false },
    { username: "admin", email: "admin@mail.example", admin: true },
  ];
  return counting(
    router([
      {
        routes: [
          { method: "GET", path: "/users/v1", handler: (_req, res) => sendJson(res, 200, { users }) },
          {
            method: "GET",
            path: "/users/v1/admin/config",
            handler: (_req, res) => sendJson(res, 200, { debug: true, registration: "open" }),
          },
          {
            method: "GET",
            path: "/users/v1/:username",
            handler: (req, res) => {
              const user = users.find((u) => u.username === req.params.username);
              if (user) sendJson(res, 200, user);
              else sendJson(res, 404, { status: "fail", message: "User not found" });
            },
          },
        ],
      },
    ]),
  );
}

/**
 * What swagger-ui-express serves: `/api-docs` redirects to a page that loads `swagger-ui-init.js`,
 * which embeds the spec as `swaggerDoc` (no spec file anywhere).
 */
export async function startSwaggerUiExpressApi(): Promise<CountingServer> {
  const spec = {
    openapi: "3.0.0",
    info: { title: "Embedded", version: "1" },
    paths: { "/api/products": { get: { responses: { "200": { description: "list" } } } } },
  };
  const script = `\nwindow.onload = function() {\n  var url = window.location.search.match(/url=([^&]+)/);\n  let options = ${JSON.stringify({ swaggerDoc: spec, customOptions: {} }, null, 2)};\n  url = options.swaggerUrl || url;\n};\n`;
  return counting(
    router([
      {
        decorate(_req, res) {
          res.setHeader("x-powered-by", "Express");
        },
        routes: [
          {
            method: "GET",
            path: "/api-docs",
            handler: (_req, res) => {
              res.writeHead(301, { location: "/api-docs/" });
              res.end();
            },
          },
          {
            method: "GET",
            path: "/api-docs/",
            handler: (_req, res) => {
              res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
              res.end(
                '<!DOCTYPE html><html><body><div id="swagger-ui"></div><script src="./swagger-ui-bundle.js"></script><script src="./swagger-ui-init.js"></script></body></html>',
              );
            },
          },
          {
            method: "GET",
            path: "/api-docs/swagger-ui-init.js",
            handler: (_req, res) => {
              res.writeHead(200, { "content-type": "application/javascript; charset=utf-8" });
              res.end(script);
            },
          },
          { method: "GET", path: "/api/products", handler: (_req, res) => sendJson(res, 200, PRODUCTS) },
        ],
      },
    ]),
  );
}

export function membersIdentities() {
  return {
    primary: { headers: { authorization: `Bearer ${signedToken({ sub: "u-1", username: "ann" })}` }, query: {} },
  };
}

/** Profiles looked up by `?username=`: any signed-in member reads any profile (keys are listed by the directory). */
export async function startMembersApi(): Promise<CountingServer> {
  const profiles = [
    { username: "ann", email: "ann@members.test", phone: "+44 20 7946 0018" },
    { username: "ben", email: "ben@members.test", phone: "+44 20 7946 0019" },
  ];
  const signedIn = (handle: (req: LabRequest, res: ServerResponse) => void) => (req: LabRequest, res: ServerResponse) =>
    claimsOf(req) ? handle(req, res) : sendJson(res, 401, { message: "Unauthorized" });
  return counting(
    router([
      {
        routes: [
          {
            method: "GET",
            path: "/api/directory",
            handler: signedIn((_req, res) =>
              sendJson(
                res,
                200,
                profiles.map(({ username }) => ({ username })),
              ),
            ),
          },
          {
            method: "GET",
            path: "/api/profile",
            handler: signedIn((req, res) => {
              const profile = profiles.find((p) => p.username === req.query.get("username"));
              if (profile) sendJson(res, 200, profile);
              else sendJson(res, 404, { message: "No such member" });
            }),
          },
        ],
      },
    ]),
  );
}

/** A single-page shop: robots.txt names `/ftp`, and the bundle calls `/rest/...` and `/api/...` routes no spec lists. */
export async function startShopFrontApi(): Promise<CountingServer> {
  const bundle = `const api={search:"/rest/products/search",feedback:'/api/Feedbacks/',who:"/rest/user/whoami"};fetch(api.search+"?q=");`;
  return counting(
    router([
      {
        routes: [
          {
            method: "GET",
            path: "/",
            handler: (_req, res) => {
              res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
              res.end(
                '<!doctype html><html><head><script src="/main.js" defer></script></head><body><a href="/account/sign-in">Sign in</a><app-root></app-root></body></html>',
              );
            },
          },
          {
            method: "GET",
            path: "/main.js",
            handler: (_req, res) => {
              res.writeHead(200, { "content-type": "application/javascript" });
              res.end(bundle);
            },
          },
          {
            method: "GET",
            path: "/robots.txt",
            handler: (_req, res) => {
              res.writeHead(200, { "content-type": "text/plain" });
              res.end("User-agent: *\nDisallow: /ftp\nDisallow: /*.bak$\n");
            },
          },
          {
            method: "GET",
            path: "/account/sign-in",
            handler: (_req, res) => {
              res.writeHead(200, { "content-type": "text/html", "set-cookie": "shop_session=s3ss10nv4lu3; Path=/" });
              res.end("<form method=post><input name=email><input name=password type=password></form>");
            },
          },
          { method: "GET", path: "/ftp", handler: (_req, res) => sendJson(res, 200, { files: ["acquisitions.md"] }) },
          {
            method: "GET",
            path: "/rest/products/search",
            handler: (_req, res) => sendJson(res, 200, { data: PRODUCTS }),
          },
          { method: "GET", path: "/api/Feedbacks/", handler: (_req, res) => sendJson(res, 200, { data: [] }) },
          { method: "GET", path: "/rest/user/whoami", handler: (_req, res) => sendJson(res, 200, { user: {} }) },
        ],
      },
    ]),
  );
}
