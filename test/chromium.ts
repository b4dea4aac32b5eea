/** Debian's Chromium for the browser tests, and the flags that keep it off the network (it may only reach 127.0.0.1). */
export const CHROMIUM = process.env.RAMPART_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
