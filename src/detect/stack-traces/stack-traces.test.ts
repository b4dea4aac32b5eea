import { describe, expect, it } from "vitest";
import { detectStackTrace } from "./index.js";

const CASES: [string, string][] = [
  [
    "Express/Node.js",
    "<pre>TypeError: Cannot read properties of undefined (reading 'id')<br> &nbsp; &nbsp;at getUser (/srv/app/routes/users.js:14:22)<br> &nbsp; &nbsp;at Layer.handle [as handle_request] (/srv/app/node_modules/express/lib/router/layer.js:95:5)</pre>",
  ],
  [
    "Django",
    "<title>ValueError at /api/orders</title> You're seeing this error because you have <code>DEBUG = True</code> in your Django settings file.",
  ],
  [
    "Flask/Werkzeug",
    "<title>ValueError // Werkzeug Debugger</title> The debugger caught an exception in your WSGI application.",
  ],
  [
    "FastAPI/Starlette",
    'Traceback (most recent call last):\n  File "/usr/lib/python3/site-packages/starlette/routing.py", line 74, in app\nValueError: bad',
  ],
  [
    "Spring Boot",
    '{"timestamp":"2026-01-01T00:00:00Z","status":500,"error":"Internal Server Error","trace":"java.lang.NumberFormatException: For input string: \\"x\\"\\n\\tat java.base/java.lang.Integer.parseInt(Integer.java:652)"}',
  ],
  ["Ruby on Rails", "<h1>Routing Error</h1><p>No route matches [GET] &quot;/x&quot;</p> Rails.root: /app"],
  [
    "ASP.NET",
    "<h1>Server Error in '/' Application.</h1> Version Information: Microsoft .NET Framework Version:4.0.30319",
  ],
  [
    "Laravel",
    "Illuminate\\Database\\QueryException: SQLSTATE[42S22] in /var/www/vendor/laravel/framework/src/Illuminate/Database/Connection.php:712\nStack trace:",
  ],
  [
    "PHP",
    "<b>Fatal error</b>:  Uncaught Error: Call to undefined function in <b>/var/www/html/index.php</b> on line <b>12</b>",
  ],
  [
    "Go",
    "panic: runtime error: index out of range [3] with length 2\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:8 +0x1d",
  ],
  ["Spring Boot", "<h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for /error</p>"],
];

describe("stack-trace detector", () => {
  it.each(CASES)("names %s", (framework, text) => {
    expect(detectStackTrace(text)?.framework).toBe(framework);
  });

  it("finds traces inside JSON fields: stack, Python trace, GraphQL extensions.exception.stacktrace", () => {
    const gql = {
      errors: [
        {
          message: "boom",
          extensions: {
            exception: {
              stacktrace: [
                "Error: boom",
                "    at Object.resolve (/app/src/resolvers.js:12:11)",
                "    at node_modules/graphql/execution/execute.js:1:1",
              ],
            },
          },
        },
      ],
    };
    const python = {
      detail: "server error",
      trace: "Traceback (most recent call last):\n  File \"/app/main.py\", line 10, in handler\nKeyError: 'id'",
    };
    expect(detectStackTrace(JSON.stringify(gql))?.framework).toBe("Express/Node.js");
    expect(detectStackTrace(JSON.stringify(python))?.framework).toBe("Python");
    expect(detectStackTrace(JSON.stringify({ stack: "not a trace", message: "Error: bad id" }))).toBeUndefined();
  });

  it("stays quiet on ordinary error bodies and prose", () => {
    for (const text of [
      '{"error":"not found"}',
      '{"detail":"Not Found"}',
      "<h1>500 Internal Server Error</h1><p>Something went wrong, at our end.</p>",
      "Error: invalid id. Please try again at a later time.",
      '{"message":"Validation failed","errors":[{"field":"id","message":"must be a number"}]}',
    ]) {
      expect(detectStackTrace(text), text).toBeUndefined();
    }
  });
});
