import { type FileSignature, GROUP, PASSWD, SYSTEM_INI, WIN_INI } from "../../detect/injection/files.js";
import { defineCheck } from "../../engine/check.js";
import { type Exchange, textOf } from "../../engine/http.js";
import type { ParamSlot } from "../../engine/params.js";
import {
  excerptAround,
  type InjectionVerdict,
  injectionMaxRequests,
  type ProbeClass,
  runInjection,
} from "./_injection.js";

const FILE_PARAM_NAME =
  /^(file|files|filename|file_?name|filepath|file_?path|path|dir|directory|folder|doc|document|template|tpl|page|include|inc|view|layout|download|attachment|resource|asset|report|log|lang|locale|theme|style|name)$|(file|path|filename)$/i;
const FILE_VALUE = /\.[a-z0-9]{1,5}$|\//i;
const DEPTH = 8;

interface TraversalForm {
  form: string;
  /** The value towards a file: `unix` path without the leading slash, or a Windows one. */
  build(file: string): string;
  raw?: boolean;
  windows?: boolean;
}

const FORMS: readonly TraversalForm[] = [
  { form: "../ sequences", build: (f) => `${"../".repeat(DEPTH)}${f}` },
  { form: "....// (survives one removal of ../)", build: (f) => `${"....//".repeat(DEPTH)}${f}` },
  { form: "absolute path", build: (f) => `/${f}` },
  {
    form: "double-encoded ../",
    build: (f) => `${"..%252f".repeat(DEPTH)}${f.split("/").map(encodeURIComponent).join("%252f")}`,
    raw: true,
  },
  { form: "..\\ sequences (Windows)", build: (f) => `${"..\\".repeat(DEPTH)}${f.replace(/\//g, "\\")}`, windows: true },
];

function takesFile(slot: ParamSlot): boolean {
  return FILE_PARAM_NAME.test(slot.name) || FILE_VALUE.test(slot.value);
}

const target = (sig: FileSignature) => sig.file.replace(/^\//, "");

export const pathTraversal: ProbeClass = {
  tier: "safe",
  requestsPerSlot: FORMS.length + 1,
  applies: (slot) => takesFile(slot),
  async probe(p) {
    const original = await p.original();
    const already = (sig: FileSignature, x: Exchange) => sig.pattern.test(textOf(x));
    for (const form of FORMS) {
      const [first, second] = form.windows ? [WIN_INI, SYSTEM_INI] : [PASSWD, GROUP];
      if (already(first, original)) continue;
      const probe = await p.send(form.build(target(first)), { raw: form.raw });
      if (!already(first, probe)) continue;
      const confirm = await p.send(form.build(target(second)), { raw: form.raw });
      const agrees = already(second, confirm) && !already(second, original);
      const matched = first.pattern.exec(textOf(probe))?.[0] ?? "";
      return {
        message: `Path traversal in ${p.slot.in} parameter ${p.slot.name}: ${form.form} towards ${first.file} return its content${agrees ? `, and ${second.file} too` : ""}. Any file the server can read is exposed.`,
        confidence: agrees ? "confirmed" : "firm",
        probe,
        related: [
          { role: "original value", exchange: original },
          { role: `second file (${second.file})`, exchange: confirm },
        ],
        detail: `form ${form.form}; ${first.file} signature matched`,
        // Only the first line of the file, cut: enough to recognise it, not a copy of it.
        excerpt: excerptAround(probe, matched, 0).slice(0, 40),
      } satisfies InjectionVerdict;
    }
    return undefined;
  },
};

export default defineCheck({
  meta: {
    id: "path-traversal",
    title: "Path traversal",
    category: "input-validation",
    severity: "high",
    confidence: "confirmed",
    owasp: ["API8:2023", "A01:2021"],
    cwe: ["CWE-22"],
    maxRequests: injectionMaxRequests(pathTraversal.requestsPerSlot),
    description:
      "Parameters that name a file (by name or by value) get `../` sequences and their variants (`....//`, absolute, double-encoded, `..\\`) towards harmless well-known files (/etc/passwd, win.ini). The file's content signature in the answer, absent from the original, is the proof; a second file (/etc/group, system.ini) confirms. At most 6 GETs per parameter.",
    remediation:
      "Map user input to files through an id or an allow-list; otherwise resolve the path and refuse anything outside the intended folder after decoding, and never pass raw input to the file system.",
    references: ["https://owasp.org/www-community/attacks/Path_Traversal"],
  },
  run: (ctx) => runInjection(ctx, pathTraversal),
});
