import type { Scan } from "../types";
import { formatTime } from "./ui";

export interface TrendPoint {
  at: string;
  score: number;
  id: string;
}

/** Finished scans with a score, oldest first. */
export function trendPoints(scans: readonly Scan[]): TrendPoint[] {
  return scans
    .filter((s) => s.status === "done" && typeof s.score === "number")
    .map((s) => ({ at: s.finishedAt ?? s.createdAt, score: s.score as number, id: s.id }))
    .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 40, right: 16, top: 12, bottom: 28 };

/** Plain SVG: score (0-100) against time (scan order when all scans share one instant). */
export function TrendChart({ points, target }: { points: readonly TrendPoint[]; target: string }) {
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const times = points.map((p) => Date.parse(p.at));
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const byTime = points.length > 1 && Number.isFinite(t0) && Number.isFinite(t1) && t1 > t0;
  const x = (i: number) =>
    PAD.left +
    (points.length <= 1
      ? innerW / 2
      : byTime
        ? ((times[i] - t0) * innerW) / (t1 - t0)
        : (i * innerW) / (points.length - 1));
  const y = (score: number) => PAD.top + innerH - (score / 100) * innerH;
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.score).toFixed(1)}`).join(" ");
  const first = points[0];
  const last = points[points.length - 1];
  return (
    <figure className="trend">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Score trend for ${target}: ${points.length} scans${last ? `, latest score ${last.score}` : ""}`}
      >
        {[0, 25, 50, 75, 100].map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} className="grid" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" className="axis">
              {tick}
            </text>
          </g>
        ))}
        {points.length > 1 && <path d={path} className="line" fill="none" />}
        {points.map((p, i) => (
          <circle key={p.id} cx={x(i)} cy={y(p.score)} r={4} className="dot">
            <title>
              {formatTime(p.at)}: {p.score}
            </title>
          </circle>
        ))}
        {first && (
          <text x={PAD.left} y={HEIGHT - 8} className="axis">
            {formatTime(first.at)}
          </text>
        )}
        {last && points.length > 1 && (
          <text x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end" className="axis">
            {formatTime(last.at)}
          </text>
        )}
      </svg>
      <figcaption className="muted">Score (0-100) of each finished scan of {target}, oldest first.</figcaption>
    </figure>
  );
}
