/**
 * Whether a scan tested enough to be graded as a whole. A scan cut short (deadline, budget,
 * interrupt), one where most checks reached no verdict, and one against a host that answered
 * nothing but server errors are all partial: the report says so, with the untested share, and
 * the CLI gate fails on it unless told otherwise.
 */
import type { CoverageEntry, ScanReport } from "./finding.js";

export type Partial = NonNullable<ScanReport["partial"]>;

/** Requests that must all be 5xx before a host counts as answering nothing but server errors. */
const SERVER_ERROR_HOST_MIN_REQUESTS = 3;

/** Checks that could run but reached no verdict (skipped ones chose not to run, or did not apply). */
export function untestedShare(coverage: readonly CoverageEntry[]): { untested: number; checks: number } {
  const considered = coverage.filter((c) => c.verdict !== "skipped");
  return {
    untested: considered.filter((c) => c.verdict === "inconclusive" || c.verdict === "error").length,
    checks: considered.length,
  };
}

export function completenessOf(
  coverage: readonly CoverageEntry[],
  cutShort: string | undefined,
  exchanges: readonly { status: number }[],
): Partial | undefined {
  const share = untestedShare(coverage);
  const serverErrorsOnly =
    exchanges.length >= SERVER_ERROR_HOST_MIN_REQUESTS && exchanges.every((x) => x.status >= 500 && x.status < 600);
  if (serverErrorsOnly)
    return {
      reason: `the target answered all ${exchanges.length} requests with a server error (5xx)`,
      ...share,
      unscannable: true,
    };
  if (cutShort) return { reason: cutShort, ...share };
  if (share.checks > 0 && share.untested * 2 > share.checks)
    return { reason: `${share.untested} of ${share.checks} checks reached no verdict`, ...share };
  return undefined;
}

/** "47 of 86 checks untested" for the line beside the grade, or "" when every check ran to a verdict. */
export function untestedLabel(partial: ScanReport["partial"]): string {
  if (!partial?.checks || !partial.untested) return "";
  return `${partial.untested} of ${partial.checks} checks untested`;
}
