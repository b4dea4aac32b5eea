/**
 * Precision and recall of each detector on the labelled corpus (test/corpus/), over several
 * seeds of the template expansion. `npm run bench:detect` (add `--misses` to list wrong cases).
 */
import { scoreDetectors } from "../test/corpus/_corpus.js";

const SEEDS = [1, 2, 3, 4, 5];
const showMisses = process.argv.includes("--misses");

const totals = new Map<string, { cases: number; tp: number; fp: number; fn: number; misses: Set<string> }>();
for (const seed of SEEDS) {
  for (const s of scoreDetectors(seed)) {
    const t = totals.get(s.detector) ?? { cases: 0, tp: 0, fp: 0, fn: 0, misses: new Set<string>() };
    t.cases += s.cases;
    t.tp += s.tp;
    t.fp += s.fp;
    t.fn += s.fn;
    for (const m of s.misses) t.misses.add(`seed ${seed} ${m}`);
    totals.set(s.detector, t);
  }
}

const pct = (n: number) => n.toFixed(3);
console.log(`detector corpus, ${SEEDS.length} seeds of template expansion`);
console.log("detector       cases    tp    fp    fn  precision  recall");
for (const [name, t] of totals) {
  const precision = t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
  const recall = t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
  console.log(
    `${name.padEnd(13)} ${String(t.cases).padStart(6)} ${String(t.tp).padStart(5)} ${String(t.fp).padStart(5)} ${String(t.fn).padStart(5)}  ${pct(precision).padStart(9)}  ${pct(recall).padStart(6)}`,
  );
  if (showMisses) for (const m of t.misses) console.log(`  miss: ${m}`);
}

/**
 * `--sweep DIR...`: runs the detectors over third-party text assumed to hold no live secret
 * (node_modules, /usr/share/doc) and prints every hit. Each hit is a false-positive candidate:
 * an independent check of precision beyond the hand-written corpus.
 */
const sweepAt = process.argv.indexOf("--sweep");
if (sweepAt >= 0) {
  const { readdirSync, readFileSync, statSync } = await import("node:fs");
  const path = await import("node:path");
  const { detectSecrets } = await import("../src/detect/secrets/index.js");
  const { detectPii } = await import("../src/detect/pii/index.js");
  const TEXT_FILE = /\.(?:m?js|cjs|json|md|map|ts|ya?ml|txt|html?|py|rst|cfg|ini|conf|xml)$/;
  let files = 0;
  let bytes = 0;
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (TEXT_FILE.test(name) && st.size < 3_000_000) {
        const text = readFileSync(p, "utf8");
        files++;
        bytes += text.length;
        for (const m of detectSecrets(text)) hits.push(`secret ${m.ruleId} ${p}`);
        for (const m of detectPii(text)) if (m.kind !== "email") hits.push(`pii ${m.kind} ${p}`);
      }
    }
  };
  for (const dir of process.argv.slice(sweepAt + 1).filter((a) => !a.startsWith("--"))) walk(dir);
  console.log(
    `\nsweep: ${files} files, ${(bytes / 1e6).toFixed(1)} MB, ${hits.length} hits (e-mail addresses not counted)`,
  );
  const byKind = new Map<string, number>();
  for (const h of hits)
    byKind.set(h.split(" ").slice(0, 2).join(" "), (byKind.get(h.split(" ").slice(0, 2).join(" ")) ?? 0) + 1);
  for (const [k, n] of byKind) console.log(`  ${k}: ${n}`);
  if (showMisses) for (const h of hits) console.log(`  ${h}`);
}
