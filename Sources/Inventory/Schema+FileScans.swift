import GRDB

extension Schema {
    /// References and warnings stored once per file result (`file_scan`, content-addressed) and linked
    /// to every commit scan that has that file (`commit_file`), instead of once per commit. `reference`
    /// and `scan_warning` become views with the old tables' columns, so every view, report and query
    /// reads on unchanged; `finding.reference_id` now points at `file_reference`.
    ///
    /// Stored data moves over whole: each old (commit scan, path) group becomes its own file scan with
    /// the digest `v3:<commit_scan_id>` (unique, and never a SHA-256, so new scans do not match it),
    /// and references and warnings keep their ids, so findings stay linked.
    static func v4FileScans(_ db: Database) throws {
        try settingViewsAside(db) {
            try db.execute(sql: """
                CREATE TABLE file_scan (
                  id INTEGER PRIMARY KEY,
                  path TEXT NOT NULL,
                  digest TEXT NOT NULL,
                  reference_count INTEGER NOT NULL,
                  warning_count INTEGER NOT NULL,
                  UNIQUE (path, digest)
                );

                CREATE TABLE file_reference (
                  id INTEGER PRIMARY KEY,
                  file_scan_id INTEGER NOT NULL REFERENCES file_scan(id) ON DELETE CASCADE,
                  line INTEGER NOT NULL,
                  kind TEXT NOT NULL,
                  context TEXT,
                  raw TEXT NOT NULL,
                  image TEXT,
                  resolved BOOLEAN NOT NULL,
                  valid BOOLEAN NOT NULL,
                  normalized TEXT,
                  registry TEXT,
                  repository TEXT,
                  tag TEXT,
                  digest TEXT,
                  reason TEXT
                );
                CREATE INDEX file_reference_by_file_scan ON file_reference(file_scan_id, line);
                CREATE INDEX file_reference_by_normalized ON file_reference(normalized);
                CREATE INDEX file_reference_by_image_repository ON file_reference(repository, registry);

                CREATE TABLE file_warning (
                  id INTEGER PRIMARY KEY,
                  file_scan_id INTEGER NOT NULL REFERENCES file_scan(id) ON DELETE CASCADE,
                  line INTEGER,
                  message TEXT NOT NULL
                );
                CREATE INDEX file_warning_by_file_scan ON file_warning(file_scan_id);

                CREATE TABLE commit_file (
                  commit_scan_id INTEGER NOT NULL REFERENCES commit_scan(id) ON DELETE CASCADE,
                  file_scan_id INTEGER NOT NULL REFERENCES file_scan(id),
                  PRIMARY KEY (commit_scan_id, file_scan_id)
                ) WITHOUT ROWID;
                CREATE INDEX commit_file_by_file_scan ON commit_file(file_scan_id);

                INSERT INTO file_scan (path, digest, reference_count, warning_count)
                SELECT path, 'v3:' || commit_scan_id, SUM(is_reference), SUM(1 - is_reference)
                FROM (
                  SELECT commit_scan_id, path, 1 AS is_reference FROM reference
                  UNION ALL
                  SELECT commit_scan_id, path, 0 AS is_reference FROM scan_warning
                )
                GROUP BY commit_scan_id, path
                ORDER BY commit_scan_id, path;

                INSERT INTO file_reference (id, file_scan_id, line, kind, context, raw, image, resolved, valid,
                                            normalized, registry, repository, tag, digest, reason)
                SELECT r.id, fs.id, r.line, r.kind, r.context, r.raw, r.image, r.resolved, r.valid,
                       r.normalized, r.registry, r.repository, r.tag, r.digest, r.reason
                FROM reference r
                JOIN file_scan fs ON fs.path = r.path AND fs.digest = 'v3:' || r.commit_scan_id
                ORDER BY r.id;

                INSERT INTO file_warning (id, file_scan_id, line, message)
                SELECT w.id, fs.id, w.line, w.message
                FROM scan_warning w
                JOIN file_scan fs ON fs.path = w.path AND fs.digest = 'v3:' || w.commit_scan_id
                ORDER BY w.id;

                INSERT INTO commit_file (commit_scan_id, file_scan_id)
                SELECT CAST(substr(digest, 4) AS INTEGER), id FROM file_scan;

                CREATE TABLE finding_v4 (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  run_id INTEGER NOT NULL REFERENCES policy_evaluation(run_id) ON DELETE CASCADE,
                  reference_id INTEGER NOT NULL REFERENCES file_reference(id) ON DELETE CASCADE,
                  rule TEXT NOT NULL,
                  severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'note')),
                  message TEXT NOT NULL,
                  suggestion TEXT,
                  explanation TEXT NOT NULL,
                  policy_hash TEXT NOT NULL,
                  UNIQUE (run_id, reference_id, rule)
                );
                INSERT INTO finding_v4 (id, run_id, reference_id, rule, severity, message, suggestion, explanation,
                                        policy_hash)
                SELECT id, run_id, reference_id, rule, severity, message, suggestion, explanation, policy_hash
                FROM finding
                ORDER BY id;
                DROP TABLE finding;
                ALTER TABLE finding_v4 RENAME TO finding;
                CREATE INDEX finding_by_reference ON finding(reference_id, run_id);

                DROP TABLE reference;
                DROP TABLE scan_warning;

                CREATE VIEW reference AS
                SELECT fr.id,
                       cf.commit_scan_id,
                       fs.path,
                       fr.line,
                       fr.kind,
                       fr.context,
                       fr.raw,
                       fr.image,
                       fr.resolved,
                       fr.valid,
                       fr.normalized,
                       fr.registry,
                       fr.repository,
                       fr.tag,
                       fr.digest,
                       fr.reason
                FROM commit_file cf
                JOIN file_scan fs ON fs.id = cf.file_scan_id
                JOIN file_reference fr ON fr.file_scan_id = cf.file_scan_id;

                CREATE VIEW scan_warning AS
                SELECT fw.id,
                       cf.commit_scan_id,
                       fs.path,
                       fw.line,
                       fw.message
                FROM commit_file cf
                JOIN file_scan fs ON fs.id = cf.file_scan_id
                JOIN file_warning fw ON fw.file_scan_id = cf.file_scan_id;
                """)
        }
    }
}