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
