/**
 * A small GraphQL endpoint at /graphql. It understands just enough of the language for the
 * GraphQL checks (selection sets, aliases, arguments skipped, batches). The vulnerable flavour
 * has introspection on, suggests field names, runs queries sent with GET, accepts batches and
 * any number of aliases, and serves GraphiQL; the hardened twin does none of that.
 */
import type { ServerResponse } from "node:http";
import type { LabModule, LabRequest } from "../kit.js";
import { sendJson, sendText } from "../kit.js";

export const GRAPHQL_PATH = "/graphql";
const MAX_ALIASES_HARDENED = 10;

interface Selection {
  alias?: string;
  name: string;
  selections: Selection[];
}

type Value = unknown;
interface Result {
  data?: Record<string, Value>;
  errors?: { message: string }[];
}

const USERS = [
  { id: "1", name: "alice", email: "alice@lab.test" },
  { id: "2", name: "bob", email: "bob@lab.test" },
];

const FIELDS: Record<string, string[]> = {
  Query: ["user", "users", "viewer"],
  User: ["id", "name", "email"],
  __Schema: ["queryType", "types"],
};

const SCHEMA = {
  queryType: { name: "Query" },
  types: [
    { name: "Query", kind: "OBJECT", fields: FIELDS.Query.map((name) => ({ name })) },
    { name: "User", kind: "OBJECT", fields: FIELDS.User.map((name) => ({ name })) },
    { name: "String", kind: "SCALAR", fields: null },
  ],
};

/** Tokens: names, punctuation and strings; arguments and their values are skipped by the parser. */
function tokenize(source: string): string[] {
  return (
    source.replace(/#[^\n]*/g, "").match(/"(?:\\.|[^"\\])*"|\.\.\.|[A-Za-z_][A-Za-z0-9_]*|[{}():$!=,[\]]|-?\d+/g) ?? []
  );
}

/** Parses `query Name { a: field(arg: 1) { sub } }` into selections; throws on anything else. */
function parse(source: string): Selection[] {
  const tokens = tokenize(source);
  let i = 0;
  const skipArguments = () => {
    if (tokens[i] !== "(") return;
    let depth = 0;
    do {
      if (tokens[i] === "(") depth++;
      if (tokens[i] === ")") depth--;
      i++;
    } while (depth > 0 && i < tokens.length);
  };
  const selectionSet = (): Selection[] => {
    if (tokens[i++] !== "{") throw new Error(`Syntax Error: Expected "{", found ${tokens[i - 1] ?? "<EOF>"}.`);
    const out: Selection[] = [];
    while (tokens[i] !== "}") {
      if (i >= tokens.length) throw new Error('Syntax Error: Expected "}".');
      if (tokens[i] === ",") {
        i++;
        continue;
      }
      let name = tokens[i++];
      let alias: string | undefined;
      if (tokens[i] === ":") {
        alias = name;
        i++;
        name = tokens[i++];
      }
      skipArguments();
      out.push({ alias, name, selections: tokens[i] === "{" ? selectionSet() : [] });
    }
    i++;
    return out;
  };
  if (tokens[i] === "query") {
    i++;
    if (tokens[i] !== "{" && tokens[i] !== "(") i++;
    skipArguments();
  }
  return selectionSet();
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, x) => [x, ...Array(b.length).fill(0)]);
  for (let y = 1; y <= b.length; y++) d[0][y] = y;
  for (let x = 1; x <= a.length; x++)
    for (let y = 1; y <= b.length; y++)
      d[x][y] = Math.min(d[x - 1][y] + 1, d[x][y - 1] + 1, d[x - 1][y - 1] + (a[x - 1] === b[y - 1] ? 0 : 1));
  return d[a.length][b.length];
}

function countAliases(selections: Selection[]): number {
  return selections.reduce((n, s) => n + (s.alias ? 1 : 0) + countAliases(s.selections), 0);
}

function execute(source: string, hardened: boolean): Result {
  let selections: Selection[];
  try {
    selections = parse(source);
  } catch (err) {
    return { errors: [{ message: (err as Error).message }] };
  }
  if (hardened && countAliases(selections) > MAX_ALIASES_HARDENED)
    return { errors: [{ message: "Query rejected: too many aliases" }] };
  const errors: { message: string }[] = [];
  const resolve = (type: string, value: Record<string, Value>, set: Selection[]): Record<string, Value> => {
    const out: Record<string, Value> = {};
    for (const s of set) {
      const key = s.alias ?? s.name;
      if (s.name === "__typename") {
        out[key] = type;
        continue;
      }
      if ((s.name === "__schema" || s.name === "__type") && type === "Query") {
        if (hardened) {
          errors.push({ message: "GraphQL introspection is not allowed" });
          continue;
        }
        out[key] = resolve("__Schema", SCHEMA, s.selections);
        continue;
      }
      if (!FIELDS[type]?.includes(s.name)) {
        const near = hardened ? undefined : FIELDS[type]?.find((f) => distance(f, s.name) <= 2);
        errors.push({
          message: `Cannot query field "${s.name}" on type "${type}".${near ? ` Did you mean "${near}"?` : ""}`,
        });
        continue;
      }
      const raw = value[s.name];
      const objectType = type === "Query" ? "User" : undefined;
      if (Array.isArray(raw))
        out[key] = raw.map((item) =>
          objectType ? resolve(objectType, item as Record<string, Value>, s.selections) : item,
        );
      else if (objectType && raw && typeof raw === "object")
        out[key] = resolve(objectType, raw as Record<string, Value>, s.selections);
      else out[key] = raw;
    }
    return out;
  };
  const root = { user: USERS[0], users: USERS, viewer: USERS[0] };
  const data = resolve("Query", root, selections);
  return errors.length > 0 ? { data, errors } : { data };
}

const GRAPHIQL_PAGE = `<!doctype html><html><head><title>GraphiQL</title>
<link rel="stylesheet" href="https://unpkg.com/graphiql/graphiql.min.css"></head>
<body><div id="graphiql">Loading GraphiQL…</div><script src="https://unpkg.com/graphiql/graphiql.min.js"></script></body></html>`;

function queryOf(body: unknown): string | undefined {
  return body && typeof body === "object" && typeof (body as { query?: unknown }).query === "string"
    ? (body as { query: string }).query
    : undefined;
}

export function graphqlModule(hardened: boolean): LabModule {
  const post = (req: LabRequest, res: ServerResponse) => {
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch {
      return sendJson(res, 400, { errors: [{ message: "Body must be JSON" }] });
    }
    if (Array.isArray(body)) {
      if (hardened) return sendJson(res, 400, { errors: [{ message: "Batched queries are not supported" }] });
      return sendJson(
        res,
        200,
        body.map((item) => execute(queryOf(item) ?? "", hardened)),
      );
    }
    const query = queryOf(body);
    if (!query) return sendJson(res, 400, { errors: [{ message: "Must provide query string." }] });
    sendJson(res, 200, execute(query, hardened));
  };
  const get = (req: LabRequest, res: ServerResponse) => {
    const query = req.query.get("query");
    if (hardened) return sendJson(res, 405, { errors: [{ message: "Use POST" }] }, { allow: "POST" });
    if (query) return sendJson(res, 200, execute(query, hardened));
    if (String(req.headers.accept ?? "").includes("text/html"))
      return sendText(res, 200, GRAPHIQL_PAGE, "text/html; charset=utf-8");
    sendJson(res, 400, { errors: [{ message: "Must provide query string." }] });
  };
  return {
    routes: [
      { method: "POST", path: GRAPHQL_PATH, handler: post },
      { method: "GET", path: GRAPHQL_PATH, handler: get },
    ],
  };
}
