// Loaded with --import into a scan process: prints the peak RSS it saw (sampled every 20 ms) when the process exits.
let peak = 0;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
timer.unref();
process.on("exit", () => {
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  process.stderr.write(`rampart-bench peak-rss-mb ${Math.round(peak / 1048576)}\n`);
});
