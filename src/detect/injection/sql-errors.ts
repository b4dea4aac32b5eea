/**
 * Database error signatures: text a SQL engine, its driver or the ORM around it puts in an error
 * that reaches the client. Each names the engine, so a finding can say which one answered. A bare
 * "syntax error" is not here on purpose: filter languages, calculators and parsers say it too.
 */
export interface SqlErrorSignature {
  engine: string;
  pattern: RegExp;
}

export const SQL_ERROR_SIGNATURES: readonly SqlErrorSignature[] = [
  {
    engine: "SQLite",
    pattern: /SQLITE_ERROR|SQLite3?::|sqlite3?\.OperationalError|near "[^"\n]{0,80}": syntax error/i,
  },
  { engine: "SQLite", pattern: /unrecognized token: "[^"\n]{0,80}"|incomplete input|no such column: \w+/i },
  {
    engine: "PostgreSQL",
    pattern:
      /unterminated quoted string at or near|syntax error at or near "|PG::\w*Error|psycopg2?\.\w*Error|org\.postgresql\.util\.PSQLException|invalid input syntax for (type )?\w+/i,
  },
  {
    engine: "MySQL/MariaDB",
    pattern:
      /You have an error in your SQL syntax|check the manual that corresponds to your (MySQL|MariaDB) server version|ER_PARSE_ERROR|com\.mysql\.jdbc|MySqlException|mysqli?_\w+\(\)/i,
  },
  {
    engine: "MSSQL",
    pattern:
      /Unclosed quotation mark after the character string|Incorrect syntax near '|Microsoft OLE DB Provider for SQL Server|SqlException \(0x|System\.Data\.SqlClient\.|\[SQL Server\]/i,
  },
  {
    engine: "Oracle",
    pattern: /ORA-0(0933|0921|1756|1740|0936)|quoted string not properly terminated|oracle\.jdbc\.driver/i,
  },
  { engine: "Sequelize", pattern: /Sequelize(Database|Validation)?Error|SequelizeDatabaseError/ },
  { engine: "Knex", pattern: /\bknex\b[^\n]{0,120}(syntax|SQLITE_|ER_|error)/i },
  {
    engine: "Prisma",
    pattern: /PrismaClient(Known|Unknown)RequestError|Invalid `prisma\.\w+\.\w+\(\)` invocation|\$queryRawUnsafe/,
  },
  { engine: "SQLAlchemy", pattern: /sqlalchemy\.exc\.\w+|\(Background on this error at: https?:\/\/sqlalche\.me/ },
  {
    engine: "Hibernate",
    pattern: /org\.hibernate\.(exception\.)?\w*(SQLGrammar|QuerySyntax)Exception|could not extract ResultSet/,
  },
  { engine: "JDBC", pattern: /java\.sql\.SQL(Syntax\w*)?Exception/ },
  { engine: "SQL", pattern: /SQLSTATE\[\w+\]|\bODBC\b[^\n]{0,60}(Driver|SQL)/ },
];

export interface SqlErrorMatch {
  engine: string;
  /** The matched text, short. */
  text: string;
}

/** The first database error in the text, or undefined. */
export function findSqlError(text: string): SqlErrorMatch | undefined {
  for (const s of SQL_ERROR_SIGNATURES) {
    const m = s.pattern.exec(text);
    if (m) return { engine: s.engine, text: m[0].slice(0, 120) };
  }
  return undefined;
}
