import { describe, expect, it } from "vitest";
import { findSqlError } from "./sql-errors.js";

describe("findSqlError", () => {
  it("names the engine of a syntax error the input caused", () => {
    expect(findSqlError('SQLITE_ERROR: unrecognized token: "\'%"')).toMatchObject({ engine: "SQLite", syntax: true });
    expect(findSqlError('ERROR: unterminated quoted string at or near "\'" LINE 1')).toMatchObject({
      engine: "PostgreSQL",
      syntax: true,
    });
    expect(findSqlError("You have an error in your SQL syntax; check the manual")).toMatchObject({ syntax: true });
    expect(findSqlError("Unclosed quotation mark after the character string ''.")).toMatchObject({ engine: "MSSQL" });
    expect(findSqlError("ORA-01756: quoted string not properly terminated")).toMatchObject({ engine: "Oracle" });
  });

  it("tells a driver's or ORM's error after a safe query from a broken statement", () => {
    expect(findSqlError('SequelizeDatabaseError: invalid input syntax for type integer: "1\'"')).toMatchObject({
      engine: "Sequelize",
      syntax: false,
    });
    expect(findSqlError("sqlalchemy.exc.DataError: (psycopg2.errors.InvalidTextRepresentation)")?.syntax).toBe(false);
  });

  it("ignores a bare syntax error from a filter language or a calculator", () => {
    expect(findSqlError("filter syntax error: unexpected ' at column 7")).toBeUndefined();
    expect(findSqlError("Syntax error in expression: 6*'")).toBeUndefined();
  });
});
