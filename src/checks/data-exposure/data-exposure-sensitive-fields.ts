import { passwordHashKind } from "../../detect/password-hash.js";
import { maskSecret } from "../../detect/redact.js";
import { detectSecrets } from "../../detect/secrets/index.js";
import { defineCheck } from "../../engine/check.js";
import type { Severity } from "../../engine/finding.js";
import { jsonOf } from "../../engine/http.js";
import { FILE_CHECK_IDS, pathOf, redactable } from "./_common.js";

interface FieldClass {
  name: string;
  severity: Severity;
  /** Key, lower-cased with separators removed (`password_hash` -> `passwordhash`). */
  matches(key: string): boolean;
}

const set = (...keys: string[]) => {
  const s = new Set(keys);
  return (k: string) => s.has(k);
};

/** Ordered: the first class that matches a key wins (a password hash is not a plaintext password). */
const FIELD_CLASSES: readonly FieldClass[] = [
  {
    name: "password hash or salt",
    severity: "medium",
    matches: (k) =>
      /^(?:password|passwd|pwd|pass)(?:hash|digest|salt)$|^(?:hashed|encrypted)(?:password|pwd)$|^(?:salt|passhash|pwdhash)$/.test(
        k,
      ),
  },
  {
    name: "plaintext password",
    severity: "high",
    matches: (k) => /^(?:user|plain|db|current|new|old)?(?:password|passwd|pwd|pass)$/.test(k),
  },
  {
    name: "secret or private key",
    severity: "high",
    matches: (k) =>
      /(?:secret|secretkey|privatekey|apikey|accesskey|signingkey|encryptionkey|webhooksecret|clientsecret)$/.test(k),
  },
  {
    name: "government id or card security code",
    severity: "high",
    matches: set("ssn", "socialsecuritynumber", "taxid", "nationalid", "passportnumber", "cvv", "cvc", "cvv2", "pin"),
  },
  {
    name: "token or one-time secret",
    severity: "medium",
    matches: set(
      "token",
      "accesstoken",
      "refreshtoken",
      "authtoken",
      "sessiontoken",
      "apitoken",
      "resettoken",
      "passwordresettoken",
      "verificationtoken",
      "totpsecret",
      "mfasecret",
      "otpsecret",
      "recoverycodes",
    ),
  },
];

/** Endpoints whose job is to hand a token to the caller. */
const TOKEN_ISSUER_PATH = /token|login|signin|sign-in|auth|oauth|session|register|signup/i;
/** Values that are already masked or empty: nothing leaks. */
const MASKED = /^(?:\*+|•+|x+|-+|null|none|redacted|\[redacted\]|hidden|\*{3}.*)$/i;
/** Shell and environment variables named like passwords that hold directories or search paths (`PWD`, `OLDPWD`, `PATH`). */
const DIRECTORY_VARIABLE = /^(?:[A-Z]+_)?(?:OLD)?PWD$|PATH$/;
const PATH_LIKE = /^(?:[/~.]|[A-Za-z]:[\\/])[^\s]*$/;
const PASSWORD_HASH_CLASS = FIELD_CLASSES[0];

/** The class of a key and value: a hash value is a password hash whatever its key; a directory in `PWD` is no password. */
function classify(key: string, value: string): FieldClass | undefined {
  if (passwordHashKind(value)) return PASSWORD_HASH_CLASS;
  const normalised = key.toLowerCase().replace(/[^a-z0-9]/g, "");
  const cls = FIELD_CLASSES.find((c) => c.matches(normalised));
  if (cls?.name === "plaintext password" && (DIRECTORY_VARIABLE.test(key) || PATH_LIKE.test(value))) return undefined;
  return cls;
}

interface FieldHit {
  path: string;
  cls: FieldClass;
  value: string;
}

function collect(value: unknown, path: string, out: FieldHit[]): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) collect(v, `${path}[${i}]`, out);
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, v] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    const scalar = typeof v === "string" || typeof v === "number";
    const cls = scalar ? classify(key, String(v)) : undefined;
    if (cls && String(v).length > 0 && !MASKED.test(String(v))) {
      out.push({ path: here, cls, value: String(v) });
    } else collect(v, here, out);
  }
}

export default defineCheck({
  meta: {
    id: "data-exposure-sensitive-fields",
    title: "JSON response includes sensitive fields",
    category: "data-exposure",
    severity: "high",
    confidence: "firm",
    owasp: ["API3:2023"],
    cwe: ["CWE-213", "CWE-200"],
    phase: "passive",
    maxRequests: 0,
    description:
      "A JSON response carries fields that should never leave the server: passwords, password hashes and salts, secrets and private keys, tokens of other records, SSNs or card security codes. Typical of serializing the database model as is.",
    remediation:
      "Serialize responses through an explicit allow-list of fields (a DTO or response schema) instead of the storage model, and drop credential fields before they reach any response.",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/",
      "https://cwe.mitre.org/data/definitions/213.html",
    ],
  },
  async run(ctx) {
    const reported = new Set<string>();
    for (const x of ctx.exchanges()) {
      if (FILE_CHECK_IDS.has(x.checkId)) continue;
      const body = jsonOf(x);
      if (body === undefined || typeof body !== "object") continue;
      const endpoint = pathOf(x.request.url);
      const hits: FieldHit[] = [];
      collect(body, "", hits);
      const issuer = TOKEN_ISSUER_PATH.test(endpoint);
      for (const cls of FIELD_CLASSES) {
        // Provider keys are reported with their provider by the secrets check; do not double count.
        const ofClass = hits.filter(
          (h) => h.cls === cls && !(issuer && cls.name.startsWith("token")) && detectSecrets(h.value).length === 0,
        );
        const key = `${x.request.method} ${endpoint} ${cls.name}`;
        if (ofClass.length === 0 || reported.has(key)) continue;
        reported.add(key);
        const fields = [...new Set(ofClass.map((h) => h.path.replace(/\[\d+\]/g, "[]")))];
        const hashKinds = [...new Set(ofClass.flatMap((h) => passwordHashKind(h.value) ?? []))];
        ctx.report({
          title: `JSON response includes a ${cls.name}`,
          severity: cls.severity,
          message: `${x.request.method} ${endpoint} returns ${cls.name} field(s) ${fields.join(", ")} in ${ofClass.length} place(s)${hashKinds.length > 0 ? ` (${hashKinds.join(", ")} hashes)` : ""}.`,
          exchange: x,
          key: cls.name,
          evidence: {
            excerpt: `${ofClass[0].path} = ${maskSecret(ofClass[0].value)}`,
            detail: `fields: ${fields.join(", ")}`,
          },
          secrets: redactable(ofClass.map((h) => h.value)),
        });
      }
    }
  },
});
