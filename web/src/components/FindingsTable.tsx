import { Fragment, useMemo, useState } from "react";
import {
  type FindingFilter,
  type FindingGroup,
  facets,
  filterFindings,
  groupFindings,
  NO_FILTER,
  type SortKey,
  type SortOrder,
  sortGroups,
} from "../findings";
import { href } from "../router";
import { type Finding, SEVERITIES, type Severity, type TriageMark } from "../types";
import { categoryLabel } from "./CategoryBars";
import { SeverityBadge } from "./ui";

const TRIAGE_LABELS: Record<TriageMark["status"], string> = {
  false_positive: "false positive",
  accepted_risk: "accepted risk",
};

function SortHeader({
  label,
  sortKey,
  order,
  onSort,
  className,
}: {
  label: string;
  sortKey: SortKey;
  order: SortOrder;
  onSort: (key: SortKey) => void;
  className?: string;
}) {
  const active = order.key === sortKey;
  // For severity, "ascending" lists the worst first; the arrow follows what the reader sees.
  const ariaSort = active ? (order.descending ? "descending" : "ascending") : "none";
  return (
    <th scope="col" aria-sort={ariaSort} className={className}>
      <button type="button" className="sort" onClick={() => onSort(sortKey)}>
        {label}
        <span aria-hidden="true">{active ? (order.descending ? " ▼" : " ▲") : ""}</span>
      </button>
    </th>
  );
}

export function FindingsTable({
  scanId,
  findings,
  triage,
}: {
  scanId: string;
  findings: readonly Finding[];
  triage: Readonly<Record<string, TriageMark>>;
}) {
  const [filter, setFilter] = useState<FindingFilter>(NO_FILTER);
  const [order, setOrder] = useState<SortOrder>({ key: "severity", descending: false });
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const { categories, rules } = useMemo(() => facets(findings), [findings]);
  const groups = useMemo(
    () => sortGroups(groupFindings(filterFindings(findings, filter, triage)), order),
    [findings, filter, triage, order],
  );
  const onSort = (key: SortKey) =>
    setOrder((o) => (o.key === key ? { key, descending: !o.descending } : { key, descending: key === "count" }));
  const toggle = (ruleId: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(ruleId)) next.delete(ruleId);
      else next.add(ruleId);
      return next;
    });
  const shown = groups.reduce((n, g) => n + g.instances.length, 0);

  return (
    <div>
      <fieldset className="filters">
        <legend>Filter findings</legend>
        <div className="field">
          <label htmlFor="f-severity">Severity</label>
          <select
            id="f-severity"
            value={filter.severity}
            onChange={(e) => setFilter({ ...filter, severity: e.target.value as Severity | "" })}
          >
            <option value="">all</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-category">Category</label>
          <select
            id="f-category"
            value={filter.category}
            onChange={(e) => setFilter({ ...filter, category: e.target.value })}
          >
            <option value="">all</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {categoryLabel(c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-rule">Rule</label>
          <select id="f-rule" value={filter.rule} onChange={(e) => setFilter({ ...filter, rule: e.target.value })}>
            <option value="">all</option>
            {rules.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field checkbox">
          <input
            id="f-triaged"
            type="checkbox"
            checked={filter.showTriaged}
            onChange={(e) => setFilter({ ...filter, showTriaged: e.target.checked })}
          />
          <label htmlFor="f-triaged">Show triaged findings</label>
        </div>
      </fieldset>
      <p className="muted" aria-live="polite">
        {shown} of {findings.length} findings in {groups.length} rules
      </p>
      <table className="findings">
        <caption>Findings grouped by rule</caption>
        <thead>
          <tr>
            <SortHeader label="Severity" sortKey="severity" order={order} onSort={onSort} />
            <SortHeader label="Rule" sortKey="rule" order={order} onSort={onSort} />
            <SortHeader label="Category" sortKey="category" order={order} onSort={onSort} />
            <SortHeader label="Instances" sortKey="count" order={order} onSort={onSort} className="num" />
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => {
            const expanded = open.has(group.ruleId);
            const single = group.instances.length === 1 ? group.instances[0] : undefined;
            const panelId = `instances-${group.ruleId}`;
            return (
              <Fragment key={group.ruleId}>
                <tr className="group-row">
                  <td>
                    <SeverityBadge severity={group.severity} />
                  </td>
                  <td>
                    {single ? (
                      <a href={href("scans", scanId, "findings", single.fingerprint)}>{group.title}</a>
                    ) : (
                      <span>{group.title}</span>
                    )}
                    <div className="rule-id">
                      <code>{group.ruleId}</code>
                      {single && <OperationText finding={single} triage={triage[single.fingerprint]} />}
                      {!single && <TriagedCount group={group} triage={triage} />}
                    </div>
                  </td>
                  <td>{categoryLabel(group.category)}</td>
                  <td className="num">
                    {single ? (
                      1
                    ) : (
                      <button
                        type="button"
                        aria-expanded={expanded}
                        aria-controls={panelId}
                        onClick={() => toggle(group.ruleId)}
                      >
                        {expanded ? "Hide" : "Show"} {group.instances.length}
                        <span className="visually-hidden"> instances of {group.ruleId}</span>
                      </button>
                    )}
                  </td>
                </tr>
                {!single && (
                  <tr id={panelId} hidden={!expanded} className="instances-row">
                    <td colSpan={4}>
                      {/* Instances are rendered only when opened: a large report stays quick to show. */}
                      {expanded && <InstanceList scanId={scanId} instances={group.instances} triage={triage} />}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {groups.length === 0 && <p className="muted">No findings match.</p>}
    </div>
  );
}

function OperationText({ finding, triage }: { finding: Finding; triage?: TriageMark }) {
  return (
    <>
      {" "}
      <span className="muted">
        {finding.operation.method} {finding.operation.path}
      </span>
      {finding.subRule && <code className="sub-rule"> {finding.subRule}</code>}
      {triage && <TriageTag mark={triage} />}
    </>
  );
}

/** Instances shown a page at a time: a rule with thousands of hits does not flood the page. */
const INSTANCE_PAGE = 100;

function InstanceList({
  scanId,
  instances,
  triage,
}: {
  scanId: string;
  instances: readonly Finding[];
  triage: Readonly<Record<string, TriageMark>>;
}) {
  const [shown, setShown] = useState(INSTANCE_PAGE);
  return (
    <>
      <ul className="instances">
        {instances.slice(0, shown).map((f) => (
          <li key={f.fingerprint}>
            <SeverityBadge severity={f.severity} />{" "}
            <a href={href("scans", scanId, "findings", f.fingerprint)}>
              {f.operation.method} {f.operation.path}
            </a>
            {f.subRule && <code className="sub-rule"> {f.subRule}</code>}
            <span className="muted"> {f.message}</span>
            {triage[f.fingerprint] && <TriageTag mark={triage[f.fingerprint]} />}
          </li>
        ))}
      </ul>
      {shown < instances.length && (
        <button type="button" onClick={() => setShown((n) => n + INSTANCE_PAGE)}>
          Show {Math.min(INSTANCE_PAGE, instances.length - shown)} more of {instances.length - shown}
        </button>
      )}
    </>
  );
}

/** On a collapsed group, how many of its instances are triaged. */
function TriagedCount({ group, triage }: { group: FindingGroup; triage: Readonly<Record<string, TriageMark>> }) {
  const n = group.instances.filter((f) => triage[f.fingerprint]).length;
  return n > 0 ? <span className="tag">{n} triaged</span> : null;
}

export function TriageTag({ mark }: { mark: TriageMark }) {
  return (
    <span className="tag" title={mark.reason}>
      {TRIAGE_LABELS[mark.status]}
    </span>
  );
}
