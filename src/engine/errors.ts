/** Bad input from whoever configures a scan (a flag, a config file, an API request): one line, never a stack. */
export class UsageError extends Error {
  override name = "UsageError";
}
