/**
 * Database error signatures: text a SQL engine, its driver or the ORM around it puts in an error
 * that reaches the client. Each names the engine, so a finding can say which one answered.
 * `syntax` marks the errors only a statement broken by the input itself produces (an unterminated
 * quote): a parameterised query cannot raise them. The others (a driver's or ORM's error class, a
 * type error such as PostgreSQL's "invalid input syntax for type integer") also follow bad input
 * to a safe query, so alone they prove nothing. A bare "syntax error" is not here on purpose:
 * filter languages, calculators and parsers say it too.
 */
export interface SqlErrorSignature {
  engine: string;
  pattern: RegExp;
  syntax: boolean;
}

export const SQL_ERROR_SIGNATURES: readonly SqlErrorSignature[] = [
  { engine: "SQLite", syntax: true, pattern: /unrecognized token: "[^"\n]{0,80}"|near "[^"\n]{0,80}": syntax error/i },
  { engine: "PostgreSQL", syntax: true, pattern: /unterminated quoted string at or near|syntax error at or near "/i },
  {
    engine: "MySQL/MariaDB",
    syntax: true,
    pattern:
      /You have an error in your SQL syntax|check the manual that corresponds to your (MySQL|MariaDB) server version/i,
  },
  {
    engine: "MSSQL",
    syntax: true,
    pattern: /Unclosed quotation mark after the character string|Incorrect syntax near '/i,
  },
  { engine: "Oracle", syntax: true, pattern: /ORA-01756|ORA-00933|quoted string not properly terminated/i },
  { engine: "SQLite", syntax: false, pattern: /SQLITE_ERROR|SQLite3?::|sqlite3?\.OperationalError/i },
  {
    engine: "PostgreSQL",
    syntax: false,
    pattern: /PG::\w*Error|psycopg2?\.\w*Error|org\.postgresql\.util\.PSQLException/,
  },
  { engine: "MySQL/MariaDB", syntax: false, pattern: /ER_PARSE_ERROR|com\.mysql\.jdbc|MySqlException/ },
  { engine: "MSSQL", syntax: false, pattern: /Microsoft OLE DB Provider for SQL Server|System\.Data\.SqlClient\./ },
  { engine: "Oracle", syntax: false, pattern: /ORA-\d{5}|oracle\.jdbc\.driver/ },
  { engine: "Sequelize", syntax: false, pattern: /Sequelize(Database)?Error/ },
  { engine: "Knex", syntax: false, pattern: /\bknex\b[^\n]{0,120}(SQLITE_|ER_|syntax)/i },
  {
    engine: "Prisma",
    syntax: false,
    pattern: /PrismaClient(Known|Unknown)RequestError|Invalid `prisma\.\w+\.\w+\(\)` invocation/,
  },
  {
    engine: "SQLAlchemy",
    syntax: false,
    pattern: /sqlalchemy\.exc\.\w+|\(Background on this error at: https?:\/\/sqlalche\.me/,
  },
  {
    engine: "Hibernate",
    syntax: false,
    pattern: /org\.hibernate\.(exception\.)?\w*(SQLGrammar|QuerySyntax)Exception|could not extract ResultSet/,
  },
  { engine: "JDBC", syntax: false, pattern: /java\.sql\.SQL(Syntax\w*)?Exception/ },
  { engine: "SQL", syntax: false, pattern: /SQLSTATE\[\w+\]/ },
];

export interface SqlErrorMatch {
  engine: string;
  /** True when the error shows the input broke the statement's syntax. */
  syntax: boolean;
  /** The matched text, short. */
  text: string;
}

/** The database error in the text (a syntax error first, then any other), or undefined. */
export function findSqlError(text: string): SqlErrorMatch | undefined {
  let other: SqlErrorMatch | undefined;
  for (const s of SQL_ERROR_SIGNATURES) {
    const m = s.pattern.exec(text);
    if (!m) continue;
    const match = { engine: s.engine, syntax: s.syntax, text: m[0].slice(0, 120) };
    if (s.syntax) return match;
    other ??= match;
  }
  return other;
}
