/** Exposure pack entries: backups, dumps and directory listings. Order within the file is the probe order. */
import { type ExposurePath, entries } from "./entries.js";
import { all, GZIP, notHtml, page, SQLITE, sqlDump, ZIP } from "./validators.js";

const BACKUP_RATIONALE = "A dump or archive of the application hands over its data and often its credentials.";

export const BACKUPS: readonly ExposurePath[] = [
  ...entries(["/backup.sql", "/dump.sql", "/database.sql", "/db.sql"], {
    group: "backup",
    title: "Database dump is exposed",
    severity: "critical",
    rationale: `${BACKUP_RATIONALE} An SQL dump is the database itself.`,
    validate: sqlDump,
  }),
  ...entries(["/data.sql", "/backup/backup.sql", "/sql/dump.sql", "/db/schema.sql", "/mysql.sql"], {
    group: "backup",
    title: "Database dump is exposed",
    severity: "critical",
    rationale: `${BACKUP_RATIONALE} An SQL dump is the database itself.`,
    validate: sqlDump,
    tier: "deep",
  }),
  ...entries(["/backup.zip", "/site.zip", "/www.zip"], {
    group: "backup",
    title: "Backup archive is exposed",
    severity: "high",
    rationale: BACKUP_RATIONALE,
    validate: ZIP,
    maxBytes: 1024,
  }),
  ...entries(["/backup.tar.gz", "/site.tar.gz"], {
    group: "backup",
    title: "Backup archive is exposed",
    severity: "high",
    rationale: BACKUP_RATIONALE,
    validate: GZIP,
    maxBytes: 1024,
  }),
  ...entries(["/db.sqlite", "/database.sqlite", "/db.sqlite3"], {
    group: "backup",
    title: "SQLite database is exposed",
    severity: "critical",
    rationale: "The application's database file, downloadable as is.",
    validate: SQLITE,
    maxBytes: 1024,
  }),
  ...entries(["/wp-config.php.bak", "/wp-config.php~", "/config.php.bak", "/config.inc.php.bak"], {
    group: "backup",
    title: "Configuration backup is exposed",
    severity: "critical",
    rationale: "Editor and backup copies of PHP config are served as text, database password included.",
    validate: all(/<\?php/, /DB_PASSWORD|password|\$db|define\(/i),
  }),
  ...entries(["/index.php.bak", "/.index.php.swp", "/settings.py.bak", "/web.config.bak"], {
    group: "backup",
    title: "Source or configuration backup is exposed",
    severity: "high",
    rationale: "Backup copies are served as text instead of being executed, disclosing source and settings.",
    validate: (body) => notHtml(body) && /<\?php|import |<configuration>|SECRET_KEY|def |b0VIM/.test(body),
    tier: "deep",
  }),
];

export const DIRECTORY_LISTINGS: readonly ExposurePath[] = [
  ...entries(["/ftp/", "/backup/", "/uploads/", "/support/logs/"], {
    group: "backup",
    title: "Directory listing is enabled",
    severity: "medium",
    rationale:
      "A listing hands out every file name in the folder, backups and uploads included; each file is one click away.",
    validate: page(/<title>\s*(?:Index of \/|listing directory \/|Directory listing for \/)|<h1>\s*Index of \//i),
  }),
  ...entries(["/files/", "/static/", "/logs/", "/tmp/", "/encryptionkeys/"], {
    group: "backup",
    title: "Directory listing is enabled",
    severity: "medium",
    rationale: "A listing hands out every file name in the folder; each file is one click away.",
    validate: page(/<title>\s*(?:Index of \/|listing directory \/|Directory listing for \/)|<h1>\s*Index of \//i),
    tier: "deep",
  }),
];
