import type { Check } from "../engine/check.js";
import { UsageError } from "../engine/errors.js";
import { CATEGORIES } from "../engine/finding.js";
import { CHECKS } from "./index.js";

function parseList(list: string | undefined): string[] {
  return (list ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The checks `--only` and `--skip` leave, by id or category; unknown names are a usage error. */
export function selectChecks(
  only: string | undefined,
  skip: string | undefined,
  all: readonly Check[] = CHECKS,
): Check[] {
  const known = new Set<string>([...all.map((c) => c.meta.id), ...CATEGORIES]);
  const onlyList = parseList(only);
  const skipList = parseList(skip);
  for (const name of [...onlyList, ...skipList]) {
    if (!known.has(name))
      throw new UsageError(`unknown check or category ${JSON.stringify(name)} (see \`rampart checks\`)`);
  }
  const hit = (c: Check, names: string[]) => names.includes(c.meta.id) || names.includes(c.meta.category);
  return all.filter((c) => (onlyList.length === 0 || hit(c, onlyList)) && !hit(c, skipList));
}
