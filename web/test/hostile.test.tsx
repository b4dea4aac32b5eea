// @vitest-environment happy-dom
/**
 * Reports carry what scanned targets sent back: markup, odd paths, huge lists. The table renders
 * them as text, keeps links inside the app, and stays quick on a large report.
 */
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { FindingsTable } from "../src/components/FindingsTable";
import { SEVERITIES } from "../src/types";
import { finding } from "./fixtures";

afterEach(cleanup);

describe("findings from hostile or large reports", () => {
  it("shows markup from a target as text, never as elements", () => {
    const evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    render(
      <FindingsTable
        scanId="s1"
        findings={[
          finding({ ruleId: "a-rule", severity: "high", title: evil, path: `/x/${evil}` }),
          finding({ ruleId: "b-rule", severity: "low", message: evil, path: "/y" }),
          finding({ ruleId: "b-rule", severity: "low", message: evil, path: "/z" }),
        ]}
        triage={{}}
      />,
    );
    expect(document.querySelector("img, script")).toBeNull();
    const link = screen.getByRole("link", { name: evil });
    expect(link.getAttribute("href")?.startsWith("#/scans/s1/findings/")).toBe(true);
    expect(link.getAttribute("href")).not.toMatch(/[<>" ]/);
  });

  it("groups a 3,000-finding report into one row per rule", () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      finding({ ruleId: `rule-${i % 40}`, severity: SEVERITIES[i % 5], path: `/items/${i}` }),
    );
    const started = performance.now();
    render(<FindingsTable scanId="s1" findings={many} triage={{}} />);
    const elapsed = performance.now() - started;
    expect(document.querySelectorAll("tbody tr.group-row")).toHaveLength(40);
    expect(screen.getByText("3000 of 3000 findings in 40 rules")).toBeTruthy();
    // Collapsed groups render no instances; generous for a shared 2-core box (it guards against
    // rendering every instance up front, which took over 5 s here).
    expect(document.querySelectorAll(".instances li")).toHaveLength(0);
    expect(elapsed).toBeLessThan(3000);
  });

  it("opens a rule with thousands of instances a page at a time", async () => {
    const many = Array.from({ length: 1050 }, (_, i) =>
      finding({ ruleId: "one-rule", severity: "low", path: `/p/${i}` }),
    );
    render(<FindingsTable scanId="s1" findings={many} triage={{}} />);
    await userEvent.click(screen.getByRole("button", { name: /Show 1050 instances of one-rule/ }));
    expect(document.querySelectorAll(".instances li")).toHaveLength(100);
    await userEvent.click(screen.getByRole("button", { name: "Show 100 more of 950" }));
    expect(document.querySelectorAll(".instances li")).toHaveLength(200);
  });
});
