/**
 * Writes dist/web/rules.json: each check's documentation (from the generated registry), so the
 * dashboard's "rule documentation" link opens on the same origin with nothing fetched elsewhere.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { CHECKS } from "../../src/checks/index.js";

const out = new URL("../../dist/web/rules.json", import.meta.url);
mkdirSync(new URL(".", out), { recursive: true });
const docs = CHECKS.map(({ meta }) => ({
  id: meta.id,
  title: meta.title,
  category: meta.category,
  severity: meta.severity,
  owasp: meta.owasp,
  cwe: meta.cwe,
  description: meta.description,
  remediation: meta.remediation,
  references: meta.references ?? [],
})).sort((a, b) => a.id.localeCompare(b.id));
writeFileSync(out, `${JSON.stringify(docs)}\n`);
console.log(`rules.json: ${docs.length} rules`);
