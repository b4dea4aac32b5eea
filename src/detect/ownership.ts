/**
 * Who the caller is and who owns a record: the evidence a BOLA verdict stands on. A record of
 * the same shape under another id proves nothing by itself (a public catalogue, the caller's own
 * second order); an owner field that differs from the caller does.
 */

import { type Exchange, jsonOf } from "../engine/http.js";
import { decodeToken } from "./jwt/index.js";
import { passwordHashKind } from "./password-hash.js";

/** What an owner value identifies: compared only with a caller value of the same kind. */
export type OwnerKind = "id" | "email" | "username";

export interface OwnerValue {
  kind: OwnerKind;
  /** Where it was read, e.g. `customerId` or `user.email`. */
  field: string;
  value: string;
}

/** Known values of the caller per kind, with where each came from. */
export interface Caller {
  values: Map<OwnerKind, Set<string>>;
  sources: string[];
}

const CLAIM_KINDS: Record<string, OwnerKind> = {
  sub: "id",
  id: "id",
  uid: "id",
  user_id: "id",
  userid: "id",
  email: "email",
  mail: "email",
  username: "username",
  preferred_username: "username",
  user_name: "username",
  login: "username",
};

/** Owner fields of a record (normalised: lower case, no separators). */
const OWNER_FIELDS: Record<string, OwnerKind> = {
  userid: "id",
  ownerid: "id",
  owner: "id",
  customerid: "id",
  accountid: "id",
  authorid: "id",
  createdby: "id",
  memberid: "id",
  buyerid: "id",
  profileid: "id",
  uid: "id",
  email: "email",
  owneremail: "email",
  useremail: "email",
  customeremail: "email",
  username: "username",
  ownerusername: "username",
};
/** Nested objects that name the owner (`user.id`, `owner.email`). */
const OWNER_OBJECTS = new Set(["user", "owner", "customer", "author", "member", "buyer", "createdby"]);
/** Collections whose records are people: the record's own id is its owner. */
const PEOPLE_COLLECTION = /\/(users|members|customers|profiles|people|persons|employees|students|patients)\/[^/]+\/?$/i;
/** Envelopes around a single record. */
const ENVELOPES = ["data", "result", "item", "record", "user", "order"];
/** A `/me`-like route: the caller's own profile. */
export const PROFILE_PATH = /\/(me|whoami|profile|self|current[-_]?user|userinfo|my[-_]?account)\/?$/i;

function norm(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function scalar(v: unknown): string | undefined {
  return typeof v === "string" || (typeof v === "number" && Number.isFinite(v)) ? String(v).toLowerCase() : undefined;
}

/** The record a body carries: the body itself, its one-record envelope (`{"data": {...}}`), or a listing's first item. */
export function recordOf(body: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(body))
    return recordOf(body.find((item) => item && typeof item === "object" && !Array.isArray(item)));
  if (body === null || typeof body !== "object") return undefined;
  const obj = body as Record<string, unknown>;
  const listing = Object.values(obj).find(Array.isArray);
  if (listing && Object.keys(obj).length <= 3 && listing.length > 0) return recordOf(listing);
  for (const key of ENVELOPES) {
    const inner = obj[key];
    if (inner && typeof inner === "object" && !Array.isArray(inner) && Object.keys(obj).length <= 3)
      return inner as Record<string, unknown>;
  }
  return obj;
}

/** `null`, `{}`, `[]`, or an object whose every value is empty: never "another record". */
export function isEmptyBody(x: Exchange): boolean {
  const body = jsonOf(x);
  if (body === undefined) return x.body.length === 0;
  const empty = (v: unknown): boolean =>
    v === null ||
    v === "" ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every(empty));
  return empty(body);
}

/** Owner fields of the record in a response; a person's record owns itself (`/users/7` → its `id`). */
export function ownersOf(x: Exchange): OwnerValue[] {
  const record = recordOf(jsonOf(x));
  if (!record) return [];
  const out: OwnerValue[] = [];
  for (const [key, v] of Object.entries(record)) {
    const kind = OWNER_FIELDS[norm(key)];
    const value = scalar(v);
    if (kind && value !== undefined && value !== "") out.push({ kind, field: key, value });
    if (OWNER_OBJECTS.has(norm(key)) && v && typeof v === "object" && !Array.isArray(v)) {
      for (const [inner, iv] of Object.entries(v as Record<string, unknown>)) {
        const innerKind = norm(inner) === "id" ? "id" : CLAIM_KINDS[inner.toLowerCase()];
        const innerValue = scalar(iv);
        if (innerKind && innerValue) out.push({ kind: innerKind, field: `${key}.${inner}`, value: innerValue });
      }
    }
  }
  if (PEOPLE_COLLECTION.test(new URL(x.request.url).pathname)) {
    const own = scalar(record.id);
    if (own !== undefined) out.push({ kind: "id", field: "id", value: own });
  }
  return out;
}

export function emptyCaller(): Caller {
  return { values: new Map(), sources: [] };
}

function addValue(caller: Caller, kind: OwnerKind, value: string, source: string): void {
  const set = caller.values.get(kind) ?? new Set<string>();
  set.add(value.toLowerCase());
  caller.values.set(kind, set);
  if (!caller.sources.includes(source)) caller.sources.push(source);
}

/** The caller's JWT claims (`sub`, `id`, `email`, `username`...), read from the bearer token the identity sends. */
export function addTokenClaims(caller: Caller, headers: Record<string, string>): void {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1];
  const jwt = bearer ? decodeToken(bearer) : undefined;
  if (!jwt) return;
  const visit = (claims: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(claims)) {
      const kind = CLAIM_KINDS[k.toLowerCase()];
      const value = scalar(v);
      if (kind && value) addValue(caller, kind, value, `token claim ${prefix}${k}`);
      else if (v && typeof v === "object" && !Array.isArray(v) && !prefix) visit(v as Record<string, unknown>, `${k}.`);
    }
  };
  visit(jwt.payload, "");
}

/** The caller's own profile (`GET /me`): its id, e-mail and username. */
export function addProfile(caller: Caller, profile: Exchange): void {
  const record = recordOf(jsonOf(profile));
  if (!record) return;
  const path = new URL(profile.request.url).pathname;
  for (const [k, v] of Object.entries(record)) {
    const kind = CLAIM_KINDS[k.toLowerCase()];
    const value = scalar(v);
    if (kind && value) addValue(caller, kind, value, `${path} ${k}`);
  }
}

/** A listing of the caller's own records whose owner field holds one value throughout: that value is the caller's. */
export function addListingOwner(caller: Caller, listing: Exchange): void {
  const body = jsonOf(listing);
  const items = Array.isArray(body)
    ? body
    : body && typeof body === "object"
      ? Object.values(body as Record<string, unknown>).find(Array.isArray)
      : undefined;
  if (!items || items.length === 0) return;
  const byField = new Map<string, { kind: OwnerKind; values: Set<string>; count: number }>();
  for (const item of items.slice(0, 50)) {
    if (!item || typeof item !== "object" || Array.isArray(item)) continue;
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      const kind = OWNER_FIELDS[norm(k)];
      const value = scalar(v);
      if (!kind || value === undefined) continue;
      const entry = byField.get(k) ?? { kind, values: new Set(), count: 0 };
      entry.values.add(value);
      entry.count++;
      byField.set(k, entry);
    }
  }
  const path = new URL(listing.request.url).pathname;
  for (const [field, { kind, values, count }] of byField)
    if (values.size === 1 && count === items.length) addValue(caller, kind, [...values][0], `${path} ${field}`);
}

export type OwnerVerdict =
  | { verdict: "caller"; owner: OwnerValue }
  | { verdict: "other"; owner: OwnerValue; callerValue: string }
  | { verdict: "unknown" };

/** Does the record belong to the caller, to someone else, or can nothing be told? */
export function judgeOwner(owners: readonly OwnerValue[], caller: Caller): OwnerVerdict {
  const comparable = owners.filter((o) => caller.values.has(o.kind));
  const mine = comparable.find((o) => caller.values.get(o.kind)!.has(o.value));
  if (mine) return { verdict: "caller", owner: mine };
  const other = comparable[0];
  if (other) return { verdict: "other", owner: other, callerValue: [...caller.values.get(other.kind)!][0] };
  return { verdict: "unknown" };
}

/** Field names in a record that make reading someone else's copy sensitive (hashes, personal data, tokens). */
export function sensitiveFieldsOf(x: Exchange): string[] {
  const record = recordOf(jsonOf(x));
  if (!record) return [];
  const SENSITIVE =
    /pass(word|wd)?|pwd|hash|secret|token|api_?key|ssn|iban|card|email|phone|mobile|address|birth|dob|salary|balance/i;
  return Object.entries(record)
    .filter(([k, v]) => (SENSITIVE.test(k) || (typeof v === "string" && passwordHashKind(v))) && scalar(v))
    .map(([k]) => k)
    .sort();
}
