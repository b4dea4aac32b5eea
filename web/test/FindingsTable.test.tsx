// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { FindingsTable } from "../src/components/FindingsTable";
import { finding } from "./fixtures";

afterEach(cleanup);

const findings = [
  finding({ ruleId: "cors-wildcard", severity: "low", category: "encryption" }),
  finding({ ruleId: "bola-id-swap", severity: "high", category: "bola", path: "/a/{id}", subRule: "vcs" }),
  finding({ ruleId: "bola-id-swap", severity: "critical", category: "bola", path: "/b/{id}" }),
  finding({ ruleId: "secret-in-body", severity: "medium", category: "data-exposure" }),
];

function ruleOrder(): string[] {
  const table = screen.getByRole("table", { name: /findings/i });
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .filter((row) => !row.hidden)
    .map((row) => row.querySelector(".rule-id code")?.textContent ?? "")
    .filter(Boolean);
}

describe("FindingsTable", () => {
  it("is a real table with a Severity column, worst first, and sorts when a header is pressed", async () => {
    render(<FindingsTable scanId="s1" findings={findings} triage={{}} />);
    const header = screen.getByRole("columnheader", { name: /Severity/ });
    expect(header.getAttribute("aria-sort")).toBe("ascending");
    expect(ruleOrder()).toEqual(["bola-id-swap", "secret-in-body", "cors-wildcard"]);

    await userEvent.click(within(header).getByRole("button"));
    expect(header.getAttribute("aria-sort")).toBe("descending");
    expect(ruleOrder()).toEqual(["cors-wildcard", "secret-in-body", "bola-id-swap"]);

    await userEvent.click(within(screen.getByRole("columnheader", { name: /Rule/ })).getByRole("button"));
    expect(ruleOrder()).toEqual(["bola-id-swap", "cors-wildcard", "secret-in-body"]);
  });

  it("filters by severity, category and rule through labelled selects", async () => {
    render(<FindingsTable scanId="s1" findings={findings} triage={{}} />);
    await userEvent.selectOptions(screen.getByLabelText("Severity"), "medium");
    expect(ruleOrder()).toEqual(["secret-in-body"]);
    await userEvent.selectOptions(screen.getByLabelText("Severity"), "");
    await userEvent.selectOptions(screen.getByLabelText("Category"), "bola");
    expect(ruleOrder()).toEqual(["bola-id-swap"]);
    await userEvent.selectOptions(screen.getByLabelText("Category"), "");
    await userEvent.selectOptions(screen.getByLabelText("Rule"), "cors-wildcard");
    expect(ruleOrder()).toEqual(["cors-wildcard"]);
  });

  it("expands a rule's instances from the keyboard and links each to its finding view", async () => {
    render(<FindingsTable scanId="s 1" findings={findings} triage={{}} />);
    const toggle = screen.getByRole("button", { name: /Show 2 instances of bola-id-swap/ });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    const panel = document.getElementById(toggle.getAttribute("aria-controls") ?? "");
    expect(panel?.hidden).toBe(true);
    toggle.focus();
    await userEvent.keyboard("{Enter}");
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(panel?.hidden).toBe(false);
    const links = within(panel as HTMLElement).getAllByRole("link");
    // Each instance names its sub-rule when it has one (an exposure group here).
    expect([...(panel as HTMLElement).querySelectorAll(".sub-rule")].map((c) => c.textContent?.trim())).toEqual([
      "vcs",
    ]);
    expect(links.map((a) => a.getAttribute("href"))).toEqual([
      "#/scans/s%201/findings/bola-id-swap%3A%2Fa%2F%7Bid%7D",
      "#/scans/s%201/findings/bola-id-swap%3A%2Fb%2F%7Bid%7D",
    ]);
  });

  it("marks triaged findings and can hide them", async () => {
    const triage = { "cors-wildcard:/items": { status: "false_positive" as const, reason: "test host" } };
    render(<FindingsTable scanId="s1" findings={findings} triage={triage} />);
    expect(screen.getByText("false positive")).toBeTruthy();
    await userEvent.click(screen.getByLabelText("Show triaged findings"));
    expect(ruleOrder()).not.toContain("cors-wildcard");
    expect(screen.getByText(/3 of 4 findings in 2 rules/)).toBeTruthy();
  });
});
