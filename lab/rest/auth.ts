/**
 * Authentication, authorization and resource limits. The vulnerable flavour signs JWTs with
 * a dictionary secret and no expiry, accepts `alg: none`, has a route that never verifies the
 * signature, lets any user read any account (sequential ids), serves an admin route without a
 * role check, lets path variants skip authentication, takes API keys in the query string,
 * answers 401 without WWW-Authenticate, pages without a cap, fetches any loopback URL it is
 * given and has no rate limit. The hardened twin does none of that: strict HS256 verification
 * with a strong secret and required `exp`, ownership and role checks, 429 with RateLimit headers.
 */
import { createHmac } from "node:crypto";
import type { ServerResponse } from "node:http";
import { jwtVerify } from "jose";
import type { LabModule, LabRequest } from "../kit.js";
import { sendJson } from "../kit.js";

/** In the offline dictionary of src/detect/jwt on purpose. */
export const WEAK_JWT_SECRET = "secret123";
/** Not in any dictionary. */
const STRONG_JWT_SECRET = "lab-hardened-9f3c1e7a5b2d4c6e8a0b1d3f5e7c9a2b4d6f8e0c";

export const LAB_USERS = [
  { id: 1, name: "alice", role: "user", email: "alice@lab.test" },
  { id: 2, name: "bob", role: "user", email: "bob@lab.test" },
  { id: 3, name: "root", role: "admin", email: "root@lab.test" },
];

const ACCOUNTS = [
  { id: 1, owner: 1, iban: "DE02100100100006820101", balance: 1200 },
  { id: 2, owner: 2, iban: "DE02100100100006820102", balance: 310 },
  { id: 3, owner: 3, iban: "DE02100100100006820103", balance: 99000 },
];

const NOTES = [
  { slug: "alice-diary", owner: 1, text: "Dear diary, the launch slipped again." },
  { slug: "bob-plans", owner: 2, text: "Ask for a raise in March." },
];

const RATE_LIMIT = 20;
const RATE_WINDOW_MS = 2000;
const MAX_QUERY_VALUE = 2048;
const MAX_PAGE = 100;
const MAX_BODY_BYTES = 64 * 1024;

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

function signHs256(payload: Record<string, unknown>, secret: string): string {
  const head = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

const LAB_NOW = () => Math.floor(Date.now() / 1000);

/**
 * A token for a lab user as each flavour issues it: the vulnerable one without `exp` and with the
 * password hint in clear; the hardened one with a 15-minute lifetime. `exp` overrides either.
 */
export function labToken(hardened: boolean, userId: number, opts: { exp?: number } = {}): string {
  const user = LAB_USERS.find((u) => u.id === userId)!;
  const iat = LAB_NOW();
  if (hardened)
    return signHs256({ sub: String(user.id), role: user.role, iat, exp: opts.exp ?? iat + 900 }, STRONG_JWT_SECRET);
  return signHs256(
    { sub: String(user.id), name: user.name, role: user.role, password: `${user.name}-pass`, iat, ...opts },
    WEAK_JWT_SECRET,
  );
}

/** alice's API key (header `X-Api-Key`; the vulnerable flavour also takes it as `?api_key=`). */
export const LAB_API_KEY = "lab-api-key-5d1f0c2e9b7a";
const LAB_API_KEY_PREFIX = "lab-api-key-";

type Verified = { id: number; role: string } | undefined;

function userOf(payload: Record<string, unknown>): Verified {
  const user = LAB_USERS.find((u) => String(u.id) === String(payload.sub));
  return user ? { id: user.id, role: user.role } : undefined;
}

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/** The vulnerable verifier: trusts `alg: none`, checks HS256 against the weak secret, ignores `exp`. */
function looseVerify(token: string): Verified {
  const [h, p, s] = token.split(".");
  const header = decodePart(h);
  const payload = decodePart(p);
  if (!header || !payload) return undefined;
  if (String(header.alg).toLowerCase() === "none") return userOf(payload);
  const expected = createHmac("sha256", WEAK_JWT_SECRET).update(`${h}.${p}`).digest("base64url");
  return s === expected ? userOf(payload) : undefined;
}

/** The decode-only bug: reads the claims and never looks at the signature. */
function decodeOnly(token: string): Verified {
  const payload = decodePart(token.split(".")[1]);
  return payload ? userOf(payload) : undefined;
}

async function strictVerify(token: string): Promise<Verified> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(STRONG_JWT_SECRET), {
      algorithms: ["HS256"],
      requiredClaims: ["exp", "sub"],
    });
    return userOf(payload as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

function bearerOf(req: LabRequest): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ""));
  return m?.[1];
}

function unauthorized(res: ServerResponse, hardened: boolean): void {
  sendJson(
    res,
    401,
    { error: "unauthorized" },
    hardened ? { "www-authenticate": 'Bearer realm="lab", error="invalid_token"' } : {},
  );
}

/** Counts identical requests (method, URL, credentials) in a sliding window: the hardened limiter. */
function rateLimiter() {
  const seen = new Map<string, number[]>();
  return (req: LabRequest, res: ServerResponse): void => {
    const key = [req.method, req.raw.url, req.headers.authorization ?? "", req.headers.origin ?? ""].join(" ");
    const now = Date.now();
    const recent = (seen.get(key) ?? []).filter((t) => now - t < RATE_WINDOW_MS);
    recent.push(now);
    seen.set(key, recent);
    const remaining = Math.max(0, RATE_LIMIT - recent.length);
    res.setHeader("ratelimit-limit", String(RATE_LIMIT));
    res.setHeader("ratelimit-remaining", String(remaining));
    res.setHeader("ratelimit-reset", String(Math.ceil(RATE_WINDOW_MS / 1000)));
    if (recent.length > RATE_LIMIT) sendJson(res, 429, { error: "too many requests" }, { "retry-after": "1" });
  };
}

export function authModule(hardened: boolean): LabModule {
  const limit = rateLimiter();
  const authenticate = async (req: LabRequest, verify = hardened ? strictVerify : looseVerify): Promise<Verified> => {
    const token = bearerOf(req);
    if (token) return verify(token);
    if (!hardened && req.query.get("api_key") === LAB_API_KEY) return { id: 1, role: "user" };
    // The vulnerable flavour only checks the key's format, so any well-formed key gets in.
    const apiKey = String(req.headers["x-api-key"] ?? "");
    if (hardened ? apiKey === LAB_API_KEY : apiKey.startsWith(LAB_API_KEY_PREFIX)) return { id: 1, role: "user" };
    return undefined;
  };
  const guarded =
    (handle: (req: LabRequest, res: ServerResponse, user: { id: number; role: string }) => void) =>
    async (req: LabRequest, res: ServerResponse) => {
      const user = await authenticate(req);
      if (!user) return unauthorized(res, hardened);
      handle(req, res, user);
    };
  const accountView = (a: (typeof ACCOUNTS)[number]) =>
    hardened
      ? a
      : {
          ...a,
          ownerPasswordHash: `$2b$10$${"x".repeat(22)}${a.owner}labhashvalue0000000000`,
          internalNotes: "manual KYC override",
          fraudScore: 0.12 * a.id,
        };

  return {
    decorate(req, res) {
      if (!hardened) return;
      if ([...req.query.values()].some((v) => v.length > MAX_QUERY_VALUE)) {
        sendJson(res, 414, { error: "query value too long" });
        return;
      }
      limit(req, res);
    },
    routes: [
      {
        method: "GET",
        path: "/api/v1/me",
        handler: guarded((_req, res, user) =>
          sendJson(
            res,
            200,
            LAB_USERS.find((u) => u.id === user.id),
          ),
        ),
      },
      {
        // A guest session handed out without credentials: the token travels in the body and a cookie.
        method: "GET",
        path: "/api/v1/session/guest",
        handler(_req, res) {
          const iat = LAB_NOW();
          const token = hardened
            ? signHs256({ sub: "guest", role: "guest", iat, exp: iat + 900 }, STRONG_JWT_SECRET)
            : signHs256({ sub: "guest", role: "guest", iat }, WEAK_JWT_SECRET);
          res.setHeader(
            "set-cookie",
            `guest_token=${token}; Path=/; HttpOnly${hardened ? "; Secure; SameSite=Strict" : ""}`,
          );
          sendJson(res, 200, { token, role: "guest" });
        },
      },
      {
        method: "GET",
        path: "/api/v1/orders",
        async handler(req, res) {
          if (hardened && !(await authenticate(req))) return unauthorized(res, hardened);
          sendJson(res, 200, [{ id: 5001, customer: "alice", total: 42.5, items: 3 }]);
        },
      },
      {
        method: "GET",
        path: "/api/v1/profile",
        async handler(req, res) {
          const token = bearerOf(req);
          const user = token ? await (hardened ? strictVerify(token) : decodeOnly(token)) : undefined;
          if (!user) return unauthorized(res, hardened);
          const u = LAB_USERS.find((x) => x.id === user.id)!;
          sendJson(res, 200, { id: u.id, name: u.name, bio: `Profile of ${u.name}` });
        },
      },
      {
        method: "GET",
        path: "/api/v1/accounts",
        handler: guarded((_req, res, user) =>
          sendJson(
            res,
            200,
            // Both flavours list only the caller's accounts; the vulnerable one forgets ownership on /accounts/:id.
            ACCOUNTS.filter((a) => a.owner === user.id || user.role === "admin").map(accountView),
          ),
        ),
      },
      {
        method: "GET",
        path: "/api/v1/accounts/:id",
        handler: guarded((req, res, user) => {
          const account = ACCOUNTS.find((a) => String(a.id) === req.params.id);
          if (!account) return sendJson(res, 404, { error: "no such account" });
          if (hardened && account.owner !== user.id && user.role !== "admin")
            return sendJson(res, 403, { error: "forbidden" });
          sendJson(res, 200, accountView(account));
        }),
      },
      {
        // Notes are keyed by slug; the list is public, reading a note needs a token.
        method: "GET",
        path: "/api/v1/notes",
        handler: (_req, res) => sendJson(res, 200, { notes: NOTES.map(({ slug, owner }) => ({ slug, owner })) }),
      },
      {
        method: "GET",
        path: "/api/v1/notes/:slug",
        handler: guarded((req, res, user) => {
          const note = NOTES.find((n) => n.slug === req.params.slug);
          if (!note) return sendJson(res, 404, { error: "no such note" });
          if (hardened && note.owner !== user.id) return sendJson(res, 403, { error: "forbidden" });
          sendJson(res, 200, note);
        }),
      },
      {
        method: "GET",
        path: "/api/v1/admin/users",
        handler: guarded((_req, res, user) => {
          if (hardened && user.role !== "admin") return sendJson(res, 403, { error: "forbidden" });
          sendJson(
            res,
            200,
            LAB_USERS.map((u) => ({ ...u, isAdmin: u.role === "admin", permissions: ["read", "write"] })),
          );
        }),
      },
      {
        // Routed leniently (trailing slash, suffix, case, `;`); the vulnerable flavour only guards the exact path.
        method: "GET",
        path: /^\/api\/v1\/reports(\/|\.json|;[^/]*)?$/i,
        async handler(req, res) {
          const guardedPath = hardened || req.path === "/api/v1/reports";
          if (guardedPath && !(await authenticate(req))) return unauthorized(res, hardened);
          sendJson(res, 200, { reports: [{ id: 1, title: "Q3 revenue", total: 182000 }] });
        },
      },
      {
        method: "GET",
        path: "/api/v1/items",
        handler(req, res) {
          const requested = Number(req.query.get("limit") ?? "10");
          if (!Number.isInteger(requested) || requested < 1) return sendJson(res, 400, { error: "bad limit" });
          if (hardened && requested > MAX_PAGE) return sendJson(res, 400, { error: `limit must be <= ${MAX_PAGE}` });
          const q = req.query.get("q") ?? "";
          const items = Array.from({ length: Math.min(requested, 20000) }, (_, i) => ({
            id: i + 1,
            name: `item ${i + 1}`,
          }));
          sendJson(res, 200, { items, limit: requested, query: q.slice(0, 20) });
        },
      },
      {
        // Takes feedback of any size in the vulnerable flavour; the hardened one caps bodies at 64 KB.
        method: "POST",
        path: "/api/v1/feedback",
        handler(req, res) {
          if (hardened && Buffer.byteLength(req.body) > MAX_BODY_BYTES)
            return sendJson(res, 413, { error: "body too large" });
          sendJson(res, 202, { received: Buffer.byteLength(req.body) });
        },
      },
      {
        method: "GET",
        path: "/api/v1/fetch",
        async handler(req, res) {
          const raw = req.query.get("url") ?? "";
          let target: URL;
          try {
            target = new URL(raw);
          } catch {
            return sendJson(res, 400, { error: "invalid url" });
          }
          if (hardened)
            return target.hostname === "cdn.example.com"
              ? sendJson(res, 200, { url: target.href, fetched: false })
              : sendJson(res, 400, { error: "url not allowed" });
          // The lab never leaves the machine: only loopback URLs are really fetched.
          if (target.hostname !== "127.0.0.1") return sendJson(res, 200, { url: target.href, fetched: false });
          try {
            const r = await fetch(target, { signal: AbortSignal.timeout(1000) });
            sendJson(res, 200, { url: target.href, fetched: true, status: r.status });
          } catch (err) {
            const cause = (err as { cause?: { code?: string } }).cause?.code ?? String(err);
            sendJson(res, 502, { error: `fetch failed: ${cause}` });
          }
        },
      },
    ],
  };
}

/** Scan identities for lab users (`primary`, optional `secondary`), as `--auth bearer:` would give them. */
export function labIdentities(hardened: boolean, primary: number, secondary?: number, opts: { exp?: number } = {}) {
  const bearer = (id: number) => ({ headers: { authorization: `Bearer ${labToken(hardened, id, opts)}` }, query: {} });
  return { primary: bearer(primary), ...(secondary ? { secondary: bearer(secondary) } : {}) };
}
