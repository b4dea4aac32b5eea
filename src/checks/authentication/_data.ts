/** What counts as data in an answer: a 2xx that is not an error body and not empty. */

import { isRefusal, isSuccess } from "../../detect/response-shape.js";
import type { Exchange } from "../../engine/http.js";

export function servesData(x: Exchange): boolean {
  return isSuccess(x) && !isRefusal(x) && x.body.length > 0;
}

/** Request path and query of an exchange (what to send again). */
export function pathAndQueryOf(x: Exchange): string {
  const u = new URL(x.request.url);
  return u.pathname + u.search;
}
