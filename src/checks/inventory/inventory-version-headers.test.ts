import { startLabTrio } from "../../../lab/rest/auth.js";
import { testCheck } from "../../../test/check-tester.js";
import check from "./inventory-version-headers.js";

testCheck(check, {
  labs: startLabTrio,
  finds: [
    {
      name: "each version-revealing header once, at low severity",
      url: (labs) => labs.vulnerable.apiUrl,
      finds: [
        { severity: "low", key: "server" },
        { severity: "low", key: "x-powered-by" },
      ],
      only: true,
    },
  ],
  quiet: [
    { name: "the hardened twin", url: (labs) => labs.hardened.apiUrl },
    { name: "a catch-all host", url: (labs) => labs.catchAll.url },
  ],
});
