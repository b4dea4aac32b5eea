/**
 * One finding per cause: findings of one rule that name the same cause become one finding whose
 * `instances` list the operations it was seen on (capped, with the full count). The representative
 * is the most severe instance, then the first by path and method, so the result does not depend on
 * the order checks reported in.
 */
import { type Finding, type Instance, MAX_INSTANCES, severityRank } from "./finding.js";

function instanceOrder(a: Instance, b: Instance): number {
  return a.path.localeCompare(b.path) || a.method.localeCompare(b.method);
}

function representativeOrder(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.operation.path.localeCompare(b.operation.path) ||
    a.operation.method.localeCompare(b.operation.method) ||
    a.message.localeCompare(b.message)
  );
}

/** Merges the findings that share a fingerprint and carry instances; others pass through unchanged. */
export function groupByCause(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  const out: Finding[] = [];
  for (const f of findings) {
    if (!f.instances) {
      out.push(f);
      continue;
    }
    const group = groups.get(f.fingerprint);
    if (group) group.push(f);
    else groups.set(f.fingerprint, [f]);
  }
  for (const group of groups.values()) {
    const [representative] = group.slice().sort(representativeOrder);
    const seen = new Map<string, Instance>();
    for (const f of group)
      for (const i of f.instances ?? []) if (!seen.has(`${i.method} ${i.path}`)) seen.set(`${i.method} ${i.path}`, i);
    const instances = [...seen.values()].sort(instanceOrder);
    const count = instances.length;
    out.push({
      ...representative,
      message:
        count > 1
          ? `${representative.message} The same cause was seen on ${count} operations (see instances).`
          : representative.message,
      instances: instances.slice(0, MAX_INSTANCES),
      instanceCount: count,
    });
  }
  return out;
}
