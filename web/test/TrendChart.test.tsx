// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { TrendChart, trendPoints } from "../src/components/TrendChart";
import type { Scan } from "../src/types";

afterEach(cleanup);

const scan = (id: string, at: string, score: number | null, status: Scan["status"] = "done"): Scan => ({
  id,
  target: "http://127.0.0.1:1",
  status,
  score,
  createdAt: at,
  finishedAt: at,
});

describe("score trend", () => {
  it("keeps finished, scored scans, oldest first", () => {
    const points = trendPoints([
      scan("c", "2026-01-03T00:00:00Z", 90),
      scan("a", "2026-01-01T00:00:00Z", 60),
      scan("x", "2026-01-02T00:00:00Z", null, "failed"),
      scan("b", "2026-01-02T00:00:00Z", 75),
    ]);
    expect(points.map((p) => [p.id, p.score])).toEqual([
      ["a", 60],
      ["b", 75],
      ["c", 90],
    ]);
  });

  it("draws one dot per scan, higher scores higher up, with an accessible name", () => {
    const points = trendPoints([scan("a", "2026-01-01T00:00:00Z", 20), scan("b", "2026-01-02T00:00:00Z", 80)]);
    render(<TrendChart points={points} target="http://127.0.0.1:1" />);
    const chart = screen.getByRole("img", {
      name: /Score trend for http:\/\/127\.0\.0\.1:1: 2 scans, latest score 80/,
    });
    const dots = [...chart.querySelectorAll("circle")];
    expect(dots).toHaveLength(2);
    const [low, high] = dots.map((d) => Number(d.getAttribute("cy")));
    expect(high).toBeLessThan(low);
    expect(chart.querySelector("path.line")).toBeTruthy();
  });

  it("places scans along a time axis: a gap in time is a gap on the chart", () => {
    const points = trendPoints([
      scan("a", "2026-01-01T00:00:00Z", 50),
      scan("b", "2026-01-02T00:00:00Z", 60),
      scan("c", "2026-01-11T00:00:00Z", 70),
    ]);
    render(<TrendChart points={points} target="t" />);
    const [a, b, c] = [...document.querySelectorAll("circle")].map((d) => Number(d.getAttribute("cx")));
    expect((c - b) / (b - a)).toBeCloseTo(9, 5);
  });
});
