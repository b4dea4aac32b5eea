/** Exposure pack entries: version control metadata. Order within the file is the probe order. */
import { type ExposurePath, entries } from "./entries.js";
import { all, magic, notHtml, SQLITE } from "./validators.js";

export const VCS: readonly ExposurePath[] = [
  ...entries(["/.git/config"], {
    group: "vcs",
    title: "Git repository metadata is exposed",
    severity: "high",
    rationale:
      "An exposed .git directory lets anyone rebuild the source code, its history and any secret ever committed.",
    validate: all(/\[core\]/, /repositoryformatversion|filemode|bare\s*=/),
  }),
  ...entries(["/.git/HEAD"], {
    group: "vcs",
    title: "Git repository metadata is exposed",
    severity: "high",
    rationale: "HEAD names the checked-out branch: with the config it confirms a cloneable repository.",
    validate: (body) => /^(?:ref: refs\/\S+|[0-9a-f]{40})\s*$/.test(body),
    after: "/.git/config",
  }),
  ...entries(["/.git/logs/HEAD", "/.git/packed-refs", "/.git/ORIG_HEAD", "/.git/FETCH_HEAD"], {
    group: "vcs",
    title: "Git repository metadata is exposed",
    severity: "high",
    rationale: "Commit logs and refs confirm the repository can be cloned from the web root.",
    validate: (body) => notHtml(body) && (/^[0-9a-f]{40}\b/m.test(body) || /^# pack-refs/.test(body)),
    after: "/.git/config",
  }),
  ...entries(["/.git/index"], {
    group: "vcs",
    title: "Git repository metadata is exposed",
    severity: "high",
    rationale: "The index lists every tracked file, the map for downloading the source.",
    validate: magic(0x44, 0x49, 0x52, 0x43),
    after: "/.git/config",
  }),
  ...entries(["/.svn/wc.db"], {
    group: "vcs",
    title: "Subversion working copy is exposed",
    severity: "high",
    rationale: "The wc.db database lists every file and lets the source be fetched.",
    validate: SQLITE,
  }),
  ...entries(["/.svn/entries"], {
    group: "vcs",
    title: "Subversion working copy is exposed",
    severity: "high",
    rationale: "Legacy Subversion metadata lists the repository URL and files.",
    validate: all(/^(?:\d+\s*$|dir\s*$)/m, /svn|dir/),
    tier: "deep",
  }),
  ...entries(["/.hg/hgrc"], {
    group: "vcs",
    title: "Mercurial repository metadata is exposed",
    severity: "high",
    rationale: "Repository configuration, often with the remote URL and credentials.",
    validate: all(/^\[(?:paths|ui|extensions)\]/m),
  }),
  ...entries(["/.bzr/branch-format"], {
    group: "vcs",
    title: "Bazaar repository metadata is exposed",
    severity: "high",
    rationale: "The branch can be reconstructed from the web root.",
    validate: all(/Bazaar/),
    tier: "deep",
  }),
];
