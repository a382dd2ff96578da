import GRDB

/// The SQL of each migration. `docs/schema.md` documents every table, column and view created here.
enum Schema {
    /// Runs, repositories, branches, commit scans with their references and warnings, branch and
    /// repository scans per run, content-addressed caches, and the `current_*`/`branch_history` views.
    static func v1Inventory(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE run (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              started_at DATETIME NOT NULL,
              finished_at DATETIME,
              status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'ok', 'partial', 'interrupted')),
              repositories_total INTEGER,
              repositories_failed INTEGER,
              census_version TEXT
            );

            CREATE TABLE repository (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              name TEXT NOT NULL UNIQUE CHECK (name <> ''),
              url TEXT NOT NULL,
              team TEXT,
              contact TEXT
            );

            CREATE TABLE branch (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              repository_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
              name TEXT NOT NULL CHECK (name <> ''),
              first_seen_run_id INTEGER NOT NULL REFERENCES run(id),
              last_seen_run_id INTEGER NOT NULL REFERENCES run(id),
              UNIQUE (repository_id, name)
            );

            CREATE TABLE commit_scan (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              repository_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
              commit_id TEXT NOT NULL
                CHECK (length(commit_id) IN (40, 64) AND commit_id NOT GLOB '*[^0-9a-f]*'),
              extraction_version TEXT NOT NULL,
              scanned_at DATETIME NOT NULL,
              reference_count INTEGER NOT NULL,
              warning_count INTEGER NOT NULL,
              UNIQUE (repository_id, commit_id, extraction_version)
            );

            CREATE TABLE reference (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              commit_scan_id INTEGER NOT NULL REFERENCES commit_scan(id) ON DELETE CASCADE,
              path TEXT NOT NULL,
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
            CREATE INDEX reference_by_commit_scan ON reference(commit_scan_id, path, line);
            CREATE INDEX reference_by_normalized ON reference(normalized);
            CREATE INDEX reference_by_image_repository ON reference(repository, registry);

            CREATE TABLE scan_warning (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              commit_scan_id INTEGER NOT NULL REFERENCES commit_scan(id) ON DELETE CASCADE,
              path TEXT NOT NULL,
              line INTEGER,
              message TEXT NOT NULL
            );
            CREATE INDEX scan_warning_by_commit_scan ON scan_warning(commit_scan_id);

            CREATE TABLE branch_scan (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
              branch_id INTEGER NOT NULL REFERENCES branch(id) ON DELETE CASCADE,
              commit_id TEXT
                CHECK (commit_id IS NULL
                       OR (length(commit_id) IN (40, 64) AND commit_id NOT GLOB '*[^0-9a-f]*')),
              commit_scan_id INTEGER REFERENCES commit_scan(id),
              status TEXT NOT NULL CHECK (status IN ('ok', 'unchanged', 'failed')),
              error TEXT,
              scanned_at DATETIME NOT NULL,
              UNIQUE (run_id, branch_id),
              CHECK (status = 'failed'
                     OR (commit_id IS NOT NULL AND commit_scan_id IS NOT NULL AND error IS NULL)),
              CHECK (status <> 'failed' OR (error IS NOT NULL AND commit_scan_id IS NULL))
            );
            CREATE INDEX branch_scan_by_branch ON branch_scan(branch_id, run_id);
            CREATE INDEX branch_scan_by_commit_scan ON branch_scan(commit_scan_id);

            CREATE TABLE repository_scan (
              run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
              repository_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
              status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
              error TEXT,
              duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
              PRIMARY KEY (run_id, repository_id),
              CHECK ((status = 'failed') = (error IS NOT NULL))
            );
            CREATE INDEX repository_scan_by_repository ON repository_scan(repository_id, status, run_id);

            CREATE TABLE blob_facts (
              blob_id TEXT NOT NULL,
              file_kind TEXT NOT NULL,
              extractor_version INTEGER NOT NULL,
              facts BLOB NOT NULL,
              PRIMARY KEY (blob_id, file_kind, extractor_version)
            );

            CREATE TABLE tree_candidates (
              tree_id TEXT NOT NULL,
              walker_version INTEGER NOT NULL,
              entries BLOB NOT NULL,
              PRIMARY KEY (tree_id, walker_version)
            );

            CREATE VIEW current_branches AS
            WITH latest_repository_run AS (
              SELECT repository_id, MAX(run_id) AS run_id
              FROM repository_scan
              WHERE status = 'ok'
              GROUP BY repository_id
            ),
            live_branch AS (
              SELECT b.id AS branch_id, b.repository_id, b.name,
                     l.run_id AS latest_run_id, s.status AS latest_status, s.error AS latest_error
              FROM latest_repository_run l
              JOIN branch b ON b.repository_id = l.repository_id
              JOIN branch_scan s ON s.branch_id = b.id AND s.run_id = l.run_id
            )
            SELECT r.id AS repository_id,
                   r.name AS repository,
                   r.team,
                   r.contact,
                   lb.branch_id,
                   lb.name AS branch,
                   lb.latest_run_id,
                   lb.latest_status,
                   lb.latest_error,
                   good.run_id AS run_id,
                   good.commit_id,
                   good.commit_scan_id,
                   (good.run_id IS NOT lb.latest_run_id) AS stale
            FROM live_branch lb
            JOIN repository r ON r.id = lb.repository_id
            LEFT JOIN branch_scan good ON good.id = (
              SELECT s.id
              FROM branch_scan s
              JOIN repository_scan rs
                ON rs.run_id = s.run_id AND rs.repository_id = lb.repository_id AND rs.status = 'ok'
              WHERE s.branch_id = lb.branch_id AND s.status IN ('ok', 'unchanged')
              ORDER BY s.run_id DESC
              LIMIT 1
            );

            CREATE VIEW current_references AS
            SELECT cb.repository,
                   cb.team,
                   cb.branch,
                   cb.commit_id,
                   ref.path,
                   ref.line,
                   ref.kind,
                   ref.context,
                   ref.raw,
                   ref.image,
                   ref.resolved,
                   ref.valid,
                   ref.normalized,
                   ref.registry,
                   ref.repository AS image_repository,
                   ref.tag,
                   ref.digest,
                   ref.reason,
                   cb.run_id,
                   cb.stale,
                   cb.contact,
                   ref.id AS reference_id,
                   ref.commit_scan_id
            FROM current_branches cb
            JOIN reference ref ON ref.commit_scan_id = cb.commit_scan_id;

            CREATE VIEW branch_history AS
            SELECT r.name AS repository,
                   r.team,
                   b.name AS branch,
                   s.run_id,
                   run.started_at AS run_started_at,
                   run.finished_at AS run_finished_at,
                   run.status AS run_status,
                   s.commit_id,
                   s.status,
                   s.error,
                   s.scanned_at,
                   cs.reference_count,
                   cs.warning_count,
                   s.commit_scan_id
            FROM branch_scan s
            JOIN branch b ON b.id = s.branch_id
            JOIN repository r ON r.id = b.repository_id
            JOIN run ON run.id = s.run_id
            LEFT JOIN commit_scan cs ON cs.id = s.commit_scan_id;
            """)
    }
}

extension Schema {
    /// Drops every view, runs `change`, then creates the views again in their original order, from
    /// their stored text or from `replacing[name]` for the views the change redefines. SQLite (3.40)
    /// refuses to rename or drop a table that views name, and views over a dropped table break.
    static func settingViewsAside(_ db: Database, replacing: [String: String] = [:],
                                  _ change: () throws -> Void) throws {
        let views = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY rowid")
        for view in views {
            let name: String = view["name"]
            try db.execute(sql: "DROP VIEW \(name.quotedDatabaseIdentifier)")
        }
        try change()
        for view in views {
            let name: String = view["name"]
            try db.execute(sql: replacing[name] ?? view["sql"])
        }
    }
}
