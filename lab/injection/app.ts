/**
 * The injection lab: an API on a real SQL engine (SQLite, compiled to WebAssembly by sql.js) with
 * one route per injection class, in two flavours. The vulnerable one builds SQL, filters, templates,
 * redirects, headers, file paths, HTML and shell commands from input the way real code gets it
 * wrong; it never looks at what a probe looks like. The hardened twin binds parameters, validates
 * types and encodes output. Both carry the same false-positive traps: a filter language that
 * answers "syntax error" to quotes without any SQL, a calculator, a page that changes on every call
 * and reflection inside JSON served with nosniff.
 *
 * Query strings are parsed with `qs`, as Express does by default (so `name[$ne]=x` is an object),
 * and path parameters are percent-decoded as Express does.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import path from "node:path";
import { DOMParser } from "@xmldom/xmldom";
import qs from "qs";
import initSqlJs, { type Database } from "sql.js";
import xpath from "xpath";
import { type LabRequest, type LabServer, type Route, router, sendJson, sendText, startLab } from "../kit.js";

const DOCS_DIR = new URL("./docs/", import.meta.url).pathname;
export const INJECTION_SPEC = new URL("./openapi.yaml", import.meta.url).pathname;

const PRODUCTS = [
  [1, "Blue widget", 9.5],
  [2, "Red widget", 11],
  [3, "Green gadget", 24],
  [4, "Steel bolt", 0.4],
] as const;
const ORDERS = [
  [1, "shipped", 120],
  [2, "pending", 42],
  [3, "shipped", 7],
] as const;
/** The document store the NoSQL-style route filters (Mongo query semantics for the operators used). */
const MEMBERS = [
  { name: "ada", role: "admin", team: "core" },
  { name: "grace", role: "member", team: "core" },
  { name: "linus", role: "member", team: "infra" },
];
const QUOTES = [
  "Simplicity is prerequisite for reliability.",
  "Premature optimisation is the root of all evil.",
  "Talk is cheap. Show me the code.",
  "Make it work, make it right, make it fast.",
];

async function openDatabase(): Promise<Database> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run("CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT, price REAL)");
  db.run("CREATE TABLE orders (id INTEGER PRIMARY KEY, status TEXT, total REAL)");
  for (const p of PRODUCTS) db.run("INSERT INTO products VALUES (?, ?, ?)", [...p]);
  for (const o of ORDERS) db.run("INSERT INTO orders VALUES (?, ?, ?)", [...o]);
  return db;
}

function rows(db: Database, sql: string, params: (string | number)[] = []): Record<string, unknown>[] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const out: Record<string, unknown>[] = [];
    while (stmt.step()) out.push(stmt.getAsObject());
    return out;
  } finally {
    stmt.free();
  }
}

function queryOf(req: LabRequest): qs.ParsedQs {
  const raw = req.raw.url ?? "";
  const q = raw.indexOf("?");
  return q < 0 ? {} : qs.parse(raw.slice(q + 1));
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** Mongo semantics for the few operators the lab's store supports. */
function matches(doc: Record<string, string>, field: string, cond: unknown): boolean {
  const value = doc[field];
  if (typeof cond === "string") return value === cond;
  if (!cond || typeof cond !== "object" || Array.isArray(cond)) return false;
  return Object.entries(cond as Record<string, unknown>).every(([op, arg]) => {
    if (op === "$eq") return value === arg;
    if (op === "$ne") return value !== arg;
    if (op === "$gt") return typeof arg === "string" && value > arg;
    if (op === "$regex") return typeof arg === "string" && new RegExp(arg).test(value);
    return false;
  });
}

/** Evaluates `{{ a*b }}` (integers and * + -) in a greeting: the lab's stand-in for a template engine fed raw input. */
function renderTemplate(template: string): string {
  return template.replace(/\{\{\s*(\d+)\s*([*+-])\s*(\d+)\s*\}\}/g, (_, a: string, op: string, b: string) => {
    const x = Number(a);
    const y = Number(b);
    return String(op === "*" ? x * y : op === "+" ? x + y : x - y);
  });
}

/** The XML catalogue the XPath lookup reads. */
const CATALOGUE = new DOMParser().parseFromString(
  "<catalog><book><title>Dune</title><author>Herbert</author></book><book><title>Emma</title><author>Austen</author></book></catalog>",
  "text/xml",
);

/** Authors of the books with this title: an XPath built from the value, or (hardened) a fixed XPath and an exact comparison. */
function authorsOf(title: string, hardened: boolean): string[] {
  const root = CATALOGUE as unknown as Node;
  const text = (nodes: xpath.SelectReturnType) =>
    (xpath.isArrayOfNodes(nodes) ? nodes : []).map((n) => String(n.textContent));
  if (!hardened) return text(xpath.select(`//book[title='${title}']/author`, root));
  const books = xpath.select("//book", root);
  return (xpath.isArrayOfNodes(books) ? books : [])
    .filter((b) => text(xpath.select("title", b))[0] === title)
    .flatMap((b) => text(xpath.select("author", b)));
}

const DIRECTORY = [
  { uid: "ada", cn: "Ada Lovelace", mail: "ada@lab.invalid" },
  { uid: "alan", cn: "Alan Turing", mail: "alan@lab.invalid" },
  { uid: "grace", cn: "Grace Hopper", mail: "grace@lab.invalid" },
];

/** An equality filter `(attr=value)` with LDAP's `*` wildcard and RFC 4515 escapes, over the lab directory. */
function ldapSearch(filter: string): typeof DIRECTORY {
  const m = /^\((\w+)=(.*)\)$/s.exec(filter);
  if (!m) return [];
  const [, attr, raw] = m;
  const pattern = raw
    .split("*")
    .map((part) => part.replace(/\\([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))))
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  const re = new RegExp(`^${pattern}$`, "i");
  return DIRECTORY.filter((e) => re.test(String(e[attr as keyof (typeof DIRECTORY)[number]] ?? "")));
}

function escapeLdap(s: string): string {
  return s.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Writes a response head by hand, as a proxy or a hand-rolled server that copies a value into a header does. */
function rawResponse(res: ServerResponse, headLines: string[], body: string): void {
  const socket = res.socket;
  if (!socket) return;
  const head = ["HTTP/1.1 200 OK", ...headLines, `Content-Length: ${Buffer.byteLength(body)}`, "Connection: close"];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 2000 }, (err, stdout) => resolve(err ? "lookup failed" : stdout));
  });
}

function vulnerableRoutes(db: Database): Route[] {
  return [
    {
      method: "GET",
      // Blind: errors are swallowed into a 404, only the page content tells true from false.
      path: "/api/products/:id",
      handler: (req, res) => {
        try {
          const found = rows(db, `SELECT id, name, price FROM products WHERE id = ${req.params.id}`);
          if (found.length === 0) return sendJson(res, 404, { error: "no such product" });
          sendJson(res, 200, found[0]);
        } catch {
          sendJson(res, 404, { error: "no such product" });
        }
      },
    },
    {
      method: "GET",
      path: "/api/search",
      handler: (req, res) => {
        const q = str(queryOf(req).q) ?? "";
        try {
          sendJson(res, 200, { query: q, results: rows(db, `SELECT id, name FROM products WHERE name LIKE '%${q}%'`) });
        } catch (err) {
          sendJson(res, 500, { error: `SQLITE_ERROR: ${(err as Error).message}` });
        }
      },
    },
    {
      method: "GET",
      // Not in the spec (found from its URL): a blind search whose condition sits in parentheses.
      path: "/api/catalogue",
      handler: (req, res) => {
        const name = str(queryOf(req).name) ?? "widget";
        try {
          sendJson(res, 200, {
            items: rows(db, `SELECT id, name FROM products WHERE (name LIKE '%${name}%') ORDER BY id`),
          });
        } catch {
          sendJson(res, 200, { items: [] });
        }
      },
    },
    {
      method: "GET",
      path: "/api/orders",
      handler: (req, res) => {
        const status = str(queryOf(req).status) ?? "shipped";
        try {
          sendJson(res, 200, { orders: rows(db, `SELECT id, status, total FROM orders WHERE status = '${status}'`) });
        } catch {
          sendJson(res, 200, { orders: [] });
        }
      },
    },
    {
      method: "GET",
      path: "/api/members",
      handler: (req, res) => {
        const name = queryOf(req).name;
        const found = name === undefined ? MEMBERS : MEMBERS.filter((m) => matches(m, "name", name));
        sendJson(res, 200, { members: found });
      },
    },
    {
      method: "GET",
      path: "/api/greeting",
      handler: (req, res) => {
        const name = str(queryOf(req).name) ?? "friend";
        sendJson(res, 200, { greeting: renderTemplate(`Hello ${name}, welcome back!`) });
      },
    },
    {
      method: "GET",
      path: "/api/continue",
      handler: (req, res) => {
        const next = str(queryOf(req).next) ?? "/api/orders";
        res.writeHead(302, { location: next });
        res.end();
      },
    },
    {
      method: "GET",
      path: "/api/preferences",
      handler: (req, res) => {
        const lang = str(queryOf(req).lang) ?? "en";
        rawResponse(res, ["Content-Type: application/json", `Set-Cookie: lang=${lang}; Path=/`], '{"saved":true}');
      },
    },
    {
      method: "GET",
      path: "/api/docs",
      handler: async (req, res) => {
        const file = str(queryOf(req).file) ?? "readme.txt";
        try {
          sendText(res, 200, await readFile(path.join(DOCS_DIR, file), "utf8"));
        } catch {
          sendJson(res, 404, { error: "no such document" });
        }
      },
    },
    {
      method: "GET",
      path: "/api/banner",
      handler: (req, res) => {
        const title = str(queryOf(req).title) ?? "Welcome";
        sendText(res, 200, `<!doctype html><title>Banner</title><h1>${title}</h1>`, "text/html; charset=utf-8");
      },
    },
    {
      method: "GET",
      path: "/api/directory",
      handler: (req, res) => {
        const uid = str(queryOf(req).uid) ?? "ada";
        sendJson(res, 200, { entries: ldapSearch(`(uid=${uid})`) });
      },
    },
    {
      method: "GET",
      path: "/api/books",
      handler: (req, res) => {
        const title = str(queryOf(req).title) ?? "Dune";
        try {
          sendJson(res, 200, { authors: authorsOf(title, false) });
        } catch {
          sendJson(res, 400, { error: "invalid title" });
        }
      },
    },
    {
      method: "GET",
      path: "/api/diagnostics/resolve",
      handler: async (req, res) => {
        const host = str(queryOf(req).host) ?? "localhost";
        // The classic mistake: a shell command line built from the value (echo stands in for a lookup tool).
        sendJson(res, 200, { output: (await run("/bin/sh", ["-c", `echo resolving ${host}`])).trim() });
      },
    },
  ];
}

function hardenedRoutes(db: Database): Route[] {
  return [
    {
      method: "GET",
      path: "/api/products/:id",
      handler: (req, res) => {
        // Lenient like many real parsers: "1 AND 7=8" is product 1, never SQL.
        const id = Number.parseInt(req.params.id, 10);
        const found = Number.isNaN(id) ? [] : rows(db, "SELECT id, name, price FROM products WHERE id = ?", [id]);
        if (found.length === 0) return sendJson(res, 404, { error: "no such product" });
        sendJson(res, 200, found[0]);
      },
    },
    {
      method: "GET",
      path: "/api/search",
      handler: (req, res) => {
        const q = str(queryOf(req).q) ?? "";
        sendJson(res, 200, {
          query: q,
          results: rows(db, "SELECT id, name FROM products WHERE name LIKE ?", [`%${q}%`]),
        });
      },
    },
    {
      method: "GET",
      path: "/api/orders",
      handler: (req, res) => {
        const status = str(queryOf(req).status) ?? "shipped";
        sendJson(res, 200, { orders: rows(db, "SELECT id, status, total FROM orders WHERE status = ?", [status]) });
      },
    },
    {
      method: "GET",
      path: "/api/members",
      handler: (req, res) => {
        const name = queryOf(req).name;
        if (name !== undefined && typeof name !== "string")
          return sendJson(res, 400, { error: "name must be a string" });
        sendJson(res, 200, { members: name === undefined ? MEMBERS : MEMBERS.filter((m) => m.name === name) });
      },
    },
    {
      method: "GET",
      path: "/api/greeting",
      handler: (req, res) => {
        const name = str(queryOf(req).name) ?? "friend";
        // The template is fixed; the name is data.
        sendJson(res, 200, { greeting: `Hello ${name}, welcome back!` });
      },
    },
    {
      method: "GET",
      path: "/api/continue",
      handler: (req, res) => {
        const next = str(queryOf(req).next) ?? "/api/orders";
        const safe = next.startsWith("/") && !next.startsWith("//") && !next.includes("\\") ? next : "/api/orders";
        res.writeHead(302, { location: encodeURI(safe) });
        res.end();
      },
    },
    {
      method: "GET",
      path: "/api/preferences",
      handler: (req, res) => {
        const lang = str(queryOf(req).lang) ?? "en";
        const safe = /^[a-z]{2}(-[A-Z]{2})?$/.test(lang) ? lang : "en";
        sendJson(res, 200, { saved: true }, { "set-cookie": `lang=${safe}; Path=/` });
      },
    },
    {
      method: "GET",
      path: "/api/docs",
      handler: async (req, res) => {
        const file = str(queryOf(req).file) ?? "readme.txt";
        const resolved = path.resolve(DOCS_DIR, file);
        if (!resolved.startsWith(DOCS_DIR)) return sendJson(res, 400, { error: "invalid document name" });
        try {
          sendText(res, 200, await readFile(resolved, "utf8"));
        } catch {
          sendJson(res, 404, { error: "no such document" });
        }
      },
    },
    {
      method: "GET",
      path: "/api/banner",
      handler: (req, res) => {
        const title = str(queryOf(req).title) ?? "Welcome";
        sendText(
          res,
          200,
          `<!doctype html><title>Banner</title><h1>${escapeHtml(title)}</h1>`,
          "text/html; charset=utf-8",
        );
      },
    },
    {
      method: "GET",
      path: "/api/directory",
      handler: (req, res) => {
        const uid = str(queryOf(req).uid) ?? "ada";
        sendJson(res, 200, { entries: ldapSearch(`(uid=${escapeLdap(uid)})`) });
      },
    },
    {
      method: "GET",
      path: "/api/books",
      handler: (req, res) => {
        const title = str(queryOf(req).title) ?? "Dune";
        sendJson(res, 200, { authors: authorsOf(title, true) });
      },
    },
    {
      method: "GET",
      path: "/api/diagnostics/resolve",
      handler: async (req, res) => {
        const host = str(queryOf(req).host) ?? "localhost";
        // No shell: the value is one argument, printed as given.
        sendJson(res, 200, { output: (await run("echo", ["resolving", host])).trim() });
      },
    },
  ];
}

interface LabUser {
  id: number;
  username: string;
  email: string;
  role: string;
  isAdmin: boolean;
}

function parseBody(body: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(body);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Registration, login and webhooks, the targets of the active tier's benign writes. */
function writeRoutes(hardened: boolean): Route[] {
  const users: LabUser[] = [{ id: 1, username: "ada", email: "ada@lab.invalid", role: "admin", isAdmin: true }];
  // Kept apart from the records, so no answer ever carries a password.
  const passwords = new Map<number, string>([[1, "correct horse battery staple"]]);
  return [
    {
      method: "POST",
      path: "/api/users",
      handler: (req, res) => {
        const body = parseBody(req.body);
        if (!body || typeof body.username !== "string" || typeof body.email !== "string")
          return sendJson(res, 400, { error: "username and email are required" });
        const { password, ...fields } = body;
        const defaults = { id: users.length + 1, role: "member", isAdmin: false };
        // The vulnerable flavour binds the whole body onto the record; the hardened one picks fields.
        const user = hardened
          ? { ...defaults, username: body.username, email: body.email }
          : { ...defaults, ...fields, id: defaults.id };
        users.push(user as LabUser);
        if (typeof password === "string") passwords.set(user.id, password);
        sendJson(res, 201, user, { location: `/api/users/${user.id}` });
      },
    },
    {
      method: "POST",
      path: "/api/login",
      handler: (req, res) => {
        const body = parseBody(req.body) ?? {};
        if (hardened) {
          if (typeof body.username !== "string" || typeof body.password !== "string")
            return sendJson(res, 400, { error: "username and password must be strings" });
          const user = users.find((u) => u.username === body.username);
          if (!user || passwords.get(user.id) !== body.password)
            return sendJson(res, 401, { error: "invalid username or password" });
          return sendJson(res, 200, { token: `lab-session-${user.id}` });
        }
        // A document-store login: the body's values go into the filter as they are, operators included.
        const named = users.filter((u) => matches({ username: u.username }, "username", body.username));
        if (named.length === 0) return sendJson(res, 401, { error: "no such user" });
        const user = named.find((u) => matches({ password: passwords.get(u.id) ?? "" }, "password", body.password));
        if (!user) return sendJson(res, 401, { error: "wrong password" });
        sendJson(res, 200, { token: `lab-session-${user.id}` });
      },
    },
    {
      method: "GET",
      path: "/api/users/:id",
      handler: (req, res) => {
        const user = users.find((u) => String(u.id) === req.params.id);
        if (!user) return sendJson(res, 404, { error: "no such user" });
        sendJson(res, 200, user);
      },
    },
    {
      method: "POST",
      path: "/api/webhooks",
      handler: async (req, res) => {
        const body = parseBody(req.body);
        const target = typeof body?.callbackUrl === "string" ? body.callbackUrl : "";
        let url: URL;
        try {
          url = new URL(target);
        } catch {
          return sendJson(res, 400, { error: "callbackUrl must be a URL" });
        }
        if (hardened && url.hostname !== "hooks.example.com")
          return sendJson(res, 400, { error: "callbackUrl must be a URL" });
        // The lab never leaves the machine: only loopback targets are really fetched.
        if (hardened || !["127.0.0.1", "localhost"].includes(url.hostname)) return sendJson(res, 202, { queued: true });
        try {
          await fetch(url, { signal: AbortSignal.timeout(1000) });
          sendJson(res, 201, { delivered: true });
        } catch (err) {
          const cause = (err as { cause?: { code?: string } }).cause?.code ?? "unknown";
          sendJson(res, 502, { error: `test delivery failed: ${cause}` });
        }
      },
    },
  ];
}

/** Present in both flavours: pages that look like injection to a careless scanner and are not. */
function trapRoutes(): Route[] {
  let calls = 0;
  return [
    {
      method: "GET",
      // A filter language of its own: quotes are a syntax error, and no SQL is anywhere near.
      path: "/api/inventory",
      handler: (req, res) => {
        const where = str(queryOf(req).where) ?? "kind:widget";
        const at = where.search(/['"]/);
        if (at >= 0)
          return sendJson(res, 400, { error: `filter syntax error: unexpected ${where[at]} at column ${at + 1}` });
        const [field, value] = where.split(":");
        const items = PRODUCTS.map(([id, name]) => ({ id, name, kind: name.split(" ")[1] }));
        sendJson(res, 200, { items: items.filter((i) => String(i[field as keyof typeof i]) === value) });
      },
    },
    {
      method: "GET",
      // Evaluates every plain a*b it finds, and echoes the input as data.
      path: "/api/calc",
      handler: (req, res) => {
        const expr = str(queryOf(req).expr) ?? "6*7";
        const products = [...expr.matchAll(/(\d+)\s*\*\s*(\d+)/g)].map((m) => Number(m[1]) * Number(m[2]));
        sendJson(res, 200, { expr, results: products });
      },
    },
    {
      method: "GET",
      // Different on every call, whatever the parameter says.
      path: "/api/quote",
      handler: (req, res) => {
        calls++;
        const topic = str(queryOf(req).topic) ?? "engineering";
        const pick = QUOTES[(calls * 7 + Math.floor(Math.random() * 4)) % QUOTES.length];
        sendJson(res, 200, {
          topic,
          quote: pick,
          mood: Math.random() < 0.5 ? "bright" : "calm",
          related: QUOTES.slice(0, 1 + (calls % 3)),
        });
      },
    },
    {
      method: "GET",
      // A bound parameter behind an ORM that leaks its type errors: verbose, but no injection.
      path: "/api/accounts/:id",
      handler: (req, res) => {
        if (!/^\d+$/.test(req.params.id))
          return sendJson(res, 500, {
            error: `SequelizeDatabaseError: invalid input syntax for type integer: "${req.params.id}"`,
          });
        const id = Number(req.params.id);
        if (id < 1 || id > 3) return sendJson(res, 404, { error: "no such account" });
        sendJson(res, 200, { id, plan: id === 1 ? "team" : "free" });
      },
    },
    {
      method: "GET",
      // A plain query parser: `name[$ne]` is just an unknown parameter, so the list comes back unfiltered.
      path: "/api/tags",
      handler: (req, res) => {
        const name = req.query.get("name");
        const tags = ["blue", "red", "green", "steel"];
        sendJson(res, 200, { tags: name === null ? tags : tags.filter((t) => t === name) });
      },
    },
    {
      method: "GET",
      // The term comes back inside JSON, with nosniff: not XSS.
      path: "/api/lookup",
      handler: (req, res) => {
        const term = str(queryOf(req).term) ?? "widget";
        sendJson(
          res,
          200,
          { term, matches: PRODUCTS.filter(([, n]) => n.includes(term)).length },
          { "x-content-type-options": "nosniff" },
        );
      },
    },
  ];
}

export interface InjectionLab extends LabServer {
  /** The URL a user would give Rampart. */
  apiUrl: string;
  specPath: string;
}

export async function startInjectionLab(opts: { hardened: boolean }): Promise<InjectionLab> {
  const db = await openDatabase();
  const specRoute: Route = {
    method: "GET",
    path: "/openapi.yaml",
    handler: async (_req, res) => sendText(res, 200, await readFile(INJECTION_SPEC, "utf8"), "application/yaml"),
  };
  const routes = [
    ...(opts.hardened ? hardenedRoutes(db) : vulnerableRoutes(db)),
    ...writeRoutes(opts.hardened),
    ...trapRoutes(),
    specRoute,
  ];
  const server = await startLab(router([{ routes }]));
  return {
    ...server,
    apiUrl: `${server.origin}/api/orders`,
    specPath: INJECTION_SPEC,
    close: async () => {
      await server.close();
      db.close();
    },
  };
}
