/**
 * Throw-away objects for the benign writes of the active tier: a JSON body that satisfies a spec's
 * request schema (its required properties, from examples and types), with every identifying string
 * made unique and recognisable (`rmp-…`, `rmp…@example.com`), so what the scan creates is obviously
 * the scan's and never collides with real data.
 */
import type { CheckContext } from "../engine/check.js";
import type { Exchange } from "../engine/http.js";
import { createRng, type Rng } from "../engine/rng.js";
import { type Operation, operationUrl } from "../engine/target.js";
import { sampleValue } from "./fill.js";
import type { JsonSchema } from "./model.js";

const IDENTIFYING = /name|user|login|email|title|handle|slug|label/i;
const PASSWORD = /pass(word)?|secret|pwd/i;
const LOGIN_PATH = /log_?in|sign_?in|auth(enticate)?$|sessions?$|token$/i;
const USER_FIELD = /^(user_?name|username|login|email|e_?mail|user)$/i;

/** POST operations with a JSON request body, from a spec. */
export function jsonPostOperations(ctx: Pick<CheckContext, "target">): Operation[] {
  return ctx.target.operations.filter(
    (op) =>
      op.method === "POST" &&
      op.source === "spec" &&
      (op.requestBody?.contentTypes ?? []).some((t) => t.split(";")[0].trim().toLowerCase() === "application/json"),
  );
}

/** A body valid for the operation's schema, its identifying strings replaced by throw-away values. */
export function throwawayBody(op: Operation, rng: Rng): Record<string, unknown> {
  const schema = (op.requestBody?.schema ?? {}) as JsonSchema;
  const built = sampleValue(schema, "body").value;
  const body: Record<string, unknown> = built && typeof built === "object" && !Array.isArray(built) ? { ...built } : {};
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== "string" || Array.isArray(properties[key]?.enum)) continue;
    if (PASSWORD.test(key)) {
      body[key] = `Rmp-${rng.token(12)}-9!`;
      continue;
    }
    if (!IDENTIFYING.test(key)) continue;
    body[key] =
      /mail/i.test(key) || properties[key]?.format === "email"
        ? `rmp${rng.token(10)}@example.com`
        : `rmp-${rng.token(10)}`;
  }
  return body;
}

/** Sends one JSON POST to the operation, marked as active-tier. */
export function postJson(ctx: Pick<CheckContext, "http">, op: Operation, body: unknown): Promise<Exchange> {
  return ctx.http.request({
    method: "POST",
    url: operationUrl(op),
    headers: { ...op.sampleHeaders, "content-type": "application/json" },
    body: JSON.stringify(body),
    tier: "active",
  });
}

/** Where a login operation takes the user and the password. */
export interface LoginShape {
  op: Operation;
  userField: string;
  passwordField: string;
}

/** The spec's login-like JSON operation, with its user and password fields. */
export function loginOperation(ctx: Pick<CheckContext, "target">): LoginShape | undefined {
  for (const op of jsonPostOperations(ctx)) {
    if (!LOGIN_PATH.test(op.path) && !/log_?in|sign_?in/i.test(op.operationId ?? "")) continue;
    const fields = Object.keys((op.requestBody?.schema?.properties ?? {}) as Record<string, unknown>);
    const userField = fields.find((f) => USER_FIELD.test(f));
    const passwordField = fields.find((f) => PASSWORD.test(f));
    if (userField && passwordField) return { op, userField, passwordField };
  }
  return undefined;
}

/** A registration operation whose body takes the login's user field and a password. */
export function registrationFor(ctx: Pick<CheckContext, "target">, login: LoginShape): Operation | undefined {
  return jsonPostOperations(ctx).find((op) => {
    if (op === login.op || op.path.split("/").pop()?.startsWith("{")) return false;
    const fields = Object.keys((op.requestBody?.schema?.properties ?? {}) as Record<string, unknown>);
    return fields.includes(login.userField) && fields.some((f) => PASSWORD.test(f));
  });
}

export interface ThrowawayAccount {
  user: string;
  password: string;
  registration: Exchange;
}

/** Registers the scan's own throw-away account; undefined when the API refuses it. */
export async function registerThrowaway(
  ctx: Pick<CheckContext, "http" | "redact">,
  registration: Operation,
  login: LoginShape,
  rng: Rng,
): Promise<ThrowawayAccount | undefined> {
  const body = throwawayBody(registration, rng);
  const passwordField = Object.keys(body).find((k) => PASSWORD.test(k));
  const user = body[login.userField];
  const password = passwordField ? body[passwordField] : undefined;
  if (typeof user !== "string" || typeof password !== "string") return undefined;
  ctx.redact(password);
  const x = await postJson(ctx, registration, body);
  return x.status >= 200 && x.status < 300 ? { user, password, registration: x } : undefined;
}

/** One login attempt with these values for the user and the password fields. */
export function attemptLogin(
  ctx: Pick<CheckContext, "http">,
  login: LoginShape,
  user: unknown,
  password: unknown,
): Promise<Exchange> {
  // Other fields of the body get the same values on every attempt: only the user and the password vary.
  const rest = throwawayBody(login.op, createRng(0, "login"));
  return postJson(ctx, login.op, { ...rest, [login.userField]: user, [login.passwordField]: password });
}

/**
 * The login operation and the scan's own freshly registered account, or undefined after telling
 * the runner why not (no login, no registration: skipped; registration refused: inconclusive).
 */
export async function ownAccount(
  ctx: CheckContext,
): Promise<{ login: LoginShape; account: ThrowawayAccount } | undefined> {
  const login = loginOperation(ctx);
  if (!login) return void ctx.skip("no login operation with a JSON user and password field in the spec");
  const registration = registrationFor(ctx, login);
  if (!registration) return void ctx.skip("no registration operation to create the scan's own account");
  const account = await registerThrowaway(ctx, registration, login, ctx.rng);
  if (!account) return void ctx.inconclusive("the API did not accept the throw-away registration");
  return { login, account };
}
