import { describe } from "vitest";
import { injectionSuite } from "../../../test/injection-kit.js";
import check from "./header-injection-crlf.js";

describe("header-injection-crlf", () => {
  injectionSuite(check, { fires: ["/api/preferences"], severity: "medium" });
});
