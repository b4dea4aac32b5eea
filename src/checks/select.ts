import type { Check } from "../engine/check.js";
import { UsageError } from "../engine/errors.js";
import { CATEGORIES } from "../engine/finding.js";
import { CHECKS } from "./index.js";

/** The checks `only` and `skip` leave, by id or category; unknown names are a usage error. */
export function selectChecks(
  only: readonly string[],
  skip: readonly string[],
  all: readonly Check[] = CHECKS,
): Check[] {
  const known = new Set<string>([...all.map((c) => c.meta.id), ...CATEGORIES]);
  for (const name of [...only, ...skip]) {
    if (!known.has(name))
      throw new UsageError(`unknown check or category ${JSON.stringify(name)} (see \`rampart checks\`)`);
  }
  const hit = (c: Check, names: readonly string[]) => names.includes(c.meta.id) || names.includes(c.meta.category);
  return all.filter((c) => (only.length === 0 || hit(c, only)) && !hit(c, skip));
}
