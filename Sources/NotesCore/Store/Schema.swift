import SQLiteStore

/// The store's schema, documented here because `sqlite3 notes.db` is a supported way to look.
///
/// - `settings`: key/value pairs of the store (`current_workspace/<actor>`: each actor's `workspace use`).
/// - `workspaces`, `members`: workspaces and who may do what in them (membership has its own table).
/// - `notes`: the current version of each note; `tags` is a JSON array of strings, sorted.
///   `note_tags` holds the same tags one per row, for filtering by index, kept by triggers (v11).
/// - `revisions`: the earlier versions of every note (v12); the current one is the `notes` row,
///   with the request that made it (`request_id`, `correlation_id`).
/// - `notes_fts`: FTS5 index over notes' title, body and tags, external content kept by triggers.
/// - `audit_events`: the append-only, hash-chained log of every change (triggers refuse UPDATE and DELETE).
/// - `idempotency_keys`: the receipt of each committed request, per actor and key, until it expires,
///   with the fingerprints of the request as typed and in canonical form (v8: a rowid table with
///   `receipt` last, so key lookups never read a large receipt).
/// - `proposals` (v2): operations proposed for approval, with their digest, the base version of
///   every target, the preview of what they change, and the state of the decision. A pending
///   proposal past `expires_at` reads as `expired`.
/// - `tasks` (v3): the checkboxes of each note's body, re-extracted on every write of it.
/// - `links` (v3): typed links between notes; `mentions` rows come from `[[…]]` in bodies and
///   have no `target_id` while they name no note (`target_text` keeps what was written).
/// - `artifacts` (v4): files attached to notes; stored content lives in `blobs/` beside the
///   store, named by its sha256 (`blobs/ab/cdef…`); references keep a `uri` instead.
/// - `tasks_fts`, `artifacts_fts` (v6): FTS5 indexes over task text and artifact name, media
///   type and uri, external content kept by triggers.
enum NotesSchema {
    /// `PRAGMA application_id`: "NTCL".
    static let applicationId: Int32 = 0x4E54_434C

    static let v1 = """
    CREATE TABLE settings(
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE workspaces(
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        slug         TEXT NOT NULL UNIQUE,
        archived     INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        agent_policy TEXT NOT NULL DEFAULT 'propose' CHECK (agent_policy IN ('deny', 'propose', 'write')),
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        version      INTEGER NOT NULL DEFAULT 1
    );

    CREATE TABLE members(
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        actor        TEXT NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
        added_at     TEXT NOT NULL,
        PRIMARY KEY (workspace_id, actor)
    ) WITHOUT ROWID;

    CREATE TABLE notes(
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        title        TEXT NOT NULL,
        body         TEXT NOT NULL,
        tags         TEXT NOT NULL DEFAULT '[]',
        pinned       INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
        archived     INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        trashed_at   TEXT,
        version      INTEGER NOT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        created_by   TEXT NOT NULL,
        updated_by   TEXT NOT NULL
    );
    CREATE INDEX notes_by_updated ON notes(workspace_id, updated_at, id);
    CREATE INDEX notes_by_created ON notes(workspace_id, created_at, id);
    CREATE INDEX notes_by_title ON notes(workspace_id, title, id);

    CREATE TABLE note_tags(
        note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        tag     TEXT NOT NULL,
        PRIMARY KEY (tag, note_id)
    ) WITHOUT ROWID;
    CREATE INDEX note_tags_by_note ON note_tags(note_id);

    CREATE TABLE revisions(
        seq            INTEGER PRIMARY KEY,
        note_id        TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        version        INTEGER NOT NULL,
        title          TEXT NOT NULL,
        body           TEXT NOT NULL,
        tags           TEXT NOT NULL,
        actor          TEXT NOT NULL,
        time           TEXT NOT NULL,
        request_id     TEXT NOT NULL,
        correlation_id TEXT NOT NULL,
        UNIQUE (note_id, version)
    );

    CREATE VIRTUAL TABLE notes_fts USING fts5(
        title, body, tags,
        content='notes', content_rowid='seq',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );
    -- bm25 weights title, body, tags: a title hit ranks above a body hit.
    INSERT INTO notes_fts(notes_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 4.0)');
    CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
        INSERT INTO notes_fts(rowid, title, body, tags) VALUES (new.seq, new.title, new.body, new.tags);
    END;
    CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
        INSERT INTO notes_fts(notes_fts, rowid, title, body, tags) VALUES ('delete', old.seq, old.title, old.body, old.tags);
    END;
    CREATE TRIGGER notes_fts_update AFTER UPDATE OF title, body, tags ON notes BEGIN
        INSERT INTO notes_fts(notes_fts, rowid, title, body, tags) VALUES ('delete', old.seq, old.title, old.body, old.tags);
        INSERT INTO notes_fts(rowid, title, body, tags) VALUES (new.seq, new.title, new.body, new.tags);
    END;

    CREATE TABLE audit_events(
        seq             INTEGER PRIMARY KEY,
        id              TEXT NOT NULL UNIQUE,
        time            TEXT NOT NULL,
        actor           TEXT NOT NULL,
        action          TEXT NOT NULL,
        target_kind     TEXT NOT NULL,
        target_id       TEXT NOT NULL,
        workspace_id    TEXT,
        request_id      TEXT NOT NULL,
        correlation_id  TEXT NOT NULL,
        causation_id    TEXT,
        idempotency_key TEXT NOT NULL,
        outcome         TEXT NOT NULL,
        changes         TEXT NOT NULL,
        traceparent     TEXT,
        prev_hash       TEXT NOT NULL,
        hash            TEXT NOT NULL
    );
    CREATE INDEX audit_by_target ON audit_events(target_id);
    CREATE INDEX audit_by_correlation ON audit_events(correlation_id);
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN
        SELECT RAISE(ABORT, 'audit events are append-only');
    END;
    CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN
        SELECT RAISE(ABORT, 'audit events are append-only');
    END;

    CREATE TABLE idempotency_keys(
        actor       TEXT NOT NULL,
        key         TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        request_id  TEXT NOT NULL,
        receipt     TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        expires_at  TEXT NOT NULL,
        PRIMARY KEY (actor, key)
    ) WITHOUT ROWID;
    CREATE INDEX idempotency_by_expiry ON idempotency_keys(expires_at);
    """

    /// Proposals: operations an actor asked for, kept exactly as reviewed until applied.
    static let v2 = """
    CREATE TABLE proposals(
        seq            INTEGER PRIMARY KEY,
        id             TEXT NOT NULL UNIQUE,
        workspace_id   TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        state          TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'applied', 'rejected', 'withdrawn', 'superseded', 'failed')),
        proposer       TEXT NOT NULL,
        reason         TEXT,
        operations     TEXT NOT NULL,
        digest         TEXT NOT NULL,
        base_versions  TEXT NOT NULL,
        preview        TEXT NOT NULL,
        correlation_id TEXT NOT NULL,
        last_event_id  TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        expires_at     TEXT NOT NULL,
        decided_by     TEXT,
        decided_at     TEXT,
        decision_reason TEXT,
        applied_at     TEXT,
        supersedes     TEXT,
        superseded_by  TEXT,
        failure        TEXT
    );
    CREATE INDEX proposals_by_workspace ON proposals(workspace_id, seq);
    """

    /// Tasks extracted from bodies, and links between notes.
    static let v3 = """
    CREATE TABLE tasks(
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        note_id      TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        workspace_id TEXT NOT NULL,
        text         TEXT NOT NULL,
        done         INTEGER NOT NULL CHECK (done IN (0, 1)),
        due          TEXT,
        tags         TEXT NOT NULL,
        line         INTEGER NOT NULL
    );
    CREATE INDEX tasks_by_note ON tasks(note_id, line);
    CREATE INDEX tasks_by_workspace ON tasks(workspace_id, done, due);

    CREATE TABLE links(
        seq         INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        source_id   TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        target_id   TEXT REFERENCES notes(id) ON DELETE SET NULL,
        type        TEXT NOT NULL CHECK (type IN ('references', 'blocks', 'parent', 'duplicates', 'related', 'mentions')),
        label       TEXT,
        target_text TEXT,
        created_at  TEXT NOT NULL,
        created_by  TEXT NOT NULL
    );
    CREATE INDEX links_by_source ON links(source_id, type);
    CREATE INDEX links_by_target ON links(target_id, type);
    """

    /// Artifacts: blobs (content in blobs/ by sha256) or references (uri) attached to notes.
    static let v4 = """
    CREATE TABLE artifacts(
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        note_id      TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        workspace_id TEXT NOT NULL,
        name         TEXT NOT NULL,
        media_type   TEXT NOT NULL,
        size         INTEGER,
        sha256       TEXT,
        uri          TEXT,
        created_at   TEXT NOT NULL,
        created_by   TEXT NOT NULL,
        CHECK (uri IS NOT NULL OR (sha256 IS NOT NULL AND size IS NOT NULL))
    );
    CREATE INDEX artifacts_by_note ON artifacts(note_id);
    CREATE INDEX artifacts_by_workspace ON artifacts(workspace_id);
    CREATE INDEX artifacts_by_sha256 ON artifacts(sha256);
    """

    /// A committed request that still failed (a stale proposal) replays its failure too.
    static let v5 = """
    ALTER TABLE idempotency_keys ADD COLUMN failure TEXT;
    """

    /// Tasks and artifacts join full-text search: one FTS5 index each, kept by triggers like notes'.
    static let v6 = """
    CREATE VIRTUAL TABLE tasks_fts USING fts5(
        text, content='tasks', content_rowid='seq', tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );
    CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN
        INSERT INTO tasks_fts(rowid, text) VALUES (new.seq, new.text);
    END;
    CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN
        INSERT INTO tasks_fts(tasks_fts, rowid, text) VALUES ('delete', old.seq, old.text);
    END;
    CREATE TRIGGER tasks_fts_update AFTER UPDATE OF text ON tasks BEGIN
        INSERT INTO tasks_fts(tasks_fts, rowid, text) VALUES ('delete', old.seq, old.text);
        INSERT INTO tasks_fts(rowid, text) VALUES (new.seq, new.text);
    END;
    INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild');

    CREATE VIRTUAL TABLE artifacts_fts USING fts5(
        name, media_type, uri, content='artifacts', content_rowid='seq', tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );
    INSERT INTO artifacts_fts(artifacts_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 2.0)');
    CREATE TRIGGER artifacts_fts_insert AFTER INSERT ON artifacts BEGIN
        INSERT INTO artifacts_fts(rowid, name, media_type, uri) VALUES (new.seq, new.name, new.media_type, new.uri);
    END;
    CREATE TRIGGER artifacts_fts_delete AFTER DELETE ON artifacts BEGIN
        INSERT INTO artifacts_fts(artifacts_fts, rowid, name, media_type, uri) VALUES ('delete', old.seq, old.name, old.media_type, old.uri);
    END;
    INSERT INTO artifacts_fts(artifacts_fts) VALUES ('rebuild');
    """

    /// Tasks and mention links of the notes a store already holds when v3 arrives.
    @Sendable static func extractDerived(_ db: Connection) throws {
        let tx = Transaction(db: db, context: RequestContext(actor: Actor(kind: .user, name: "notesctl"), loginName: "notesctl"), isWrite: true)
        let notes = try db.query("SELECT \(Note.columns) FROM notes ORDER BY seq") { Note(row: $0) }
        for note in notes {
            try TaskService.sync(tx, note: note, isNew: true)
            try LinkService.syncMentions(tx, note: note, isNew: true)
        }
    }

    /// Mentions are matched case-insensitively: index titles and dangling mention texts that way,
    /// so a note add looks them up instead of scanning every note and every dangling mention.
    static let v7 = """
    CREATE INDEX notes_by_title_nocase ON notes(workspace_id, title COLLATE NOCASE);
    CREATE INDEX links_dangling ON links(target_text COLLATE NOCASE) WHERE target_id IS NULL AND type = 'mentions';
    """

    /// Receipts move out of the key's b-tree. In the WITHOUT ROWID table of v1 each receipt lived
    /// inside the primary-key index, and a lookup landing on a cell with overflow pages read the
    /// whole record (an `apply` batch's receipt is megabytes) just to compare keys. A rowid table
    /// with a unique (actor, key) index reads one small index entry, and with `receipt` the last
    /// column, only the record's first page: its overflow pages are read on replay only.
    /// `fingerprint` is the request as typed; `canonical_fingerprint` the same with id prefixes
    /// and workspace slugs resolved (null for records made before v8), so a retry that names
    /// the same note by its full id or by a prefix replays.
    static let v8 = """
    CREATE TABLE idempotency_keys_v8(
        seq         INTEGER PRIMARY KEY,
        actor       TEXT NOT NULL,
        key         TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        canonical_fingerprint TEXT,
        request_id  TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        expires_at  TEXT NOT NULL,
        failure     TEXT,
        receipt     TEXT NOT NULL
    );
    INSERT INTO idempotency_keys_v8(actor, key, fingerprint, request_id, created_at, expires_at, failure, receipt)
        SELECT actor, key, fingerprint, request_id, created_at, expires_at, failure, receipt
        FROM idempotency_keys ORDER BY created_at;
    DROP TABLE idempotency_keys;
    ALTER TABLE idempotency_keys_v8 RENAME TO idempotency_keys;
    CREATE UNIQUE INDEX idempotency_by_key ON idempotency_keys(actor, key);
    CREATE INDEX idempotency_by_expiry ON idempotency_keys(expires_at);
    """

    /// `note_tags` declares its columns in the order of its primary key. SQLite 3.40.0 to 3.41.0
    /// (Debian 12 ships 3.40.1) make `PRAGMA quick_check` report "NULL value in note_tags.note_id"
    /// for a WITHOUT ROWID table whose primary key lists its columns in another order than the
    /// table does, so `health` called every store with a tag degraded. The rows are the same.
    static let v9 = """
    CREATE TABLE note_tags_v9(
        tag     TEXT NOT NULL,
        note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        PRIMARY KEY (tag, note_id)
    ) WITHOUT ROWID;
    INSERT INTO note_tags_v9(tag, note_id) SELECT tag, note_id FROM note_tags;
    DROP TABLE note_tags;
    ALTER TABLE note_tags_v9 RENAME TO note_tags;
    CREATE INDEX note_tags_by_note ON note_tags(note_id);
    """

    /// `note move` left a moved note's artifacts in the workspace it left (so they were listed,
    /// searched and access-checked there); they now move with it, and this puts back those moved
    /// before.
    static let v10 = """
    UPDATE artifacts SET workspace_id = (SELECT n.workspace_id FROM notes n WHERE n.id = artifacts.note_id)
    WHERE workspace_id <> (SELECT n.workspace_id FROM notes n WHERE n.id = artifacts.note_id);
    """

    /// Fewer b-trees for a write to touch: a note add wrote 21 of them, now 18.
    /// - `note_tags` is kept from `notes.tags` by triggers, like `notes_fts`: a note's tags are
    ///   found through the JSON array its row already holds, so the second index (by note) and
    ///   the foreign key (whose cascade needed that index) go. Rebuilt from `notes.tags`.
    /// - One title index, `(workspace_id, title COLLATE NOCASE, title, id)`, serves both the
    ///   case-insensitive `[[Title]]` lookup and `note list --sort title`, which now orders
    ///   titles ignoring ASCII case (ties: the exact title, then the id).
    /// - `idempotency_by_expiry` goes: only `gc` looks for expired records, and it can scan.
    /// - The FTS and tag triggers run only when what they index changed: every note UPDATE
    ///   sets all columns, so `note pin` re-indexed the note's text each time.
    static let v11 = """
    CREATE TABLE note_tags_v11(
        tag     TEXT NOT NULL,
        note_id TEXT NOT NULL,
        PRIMARY KEY (tag, note_id)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO note_tags_v11(tag, note_id) SELECT j.value, n.id FROM notes n, json_each(n.tags) j;
    DROP TABLE note_tags;
    ALTER TABLE note_tags_v11 RENAME TO note_tags;
    CREATE TRIGGER note_tags_insert AFTER INSERT ON notes BEGIN
        INSERT INTO note_tags(tag, note_id) SELECT value, new.id FROM json_each(new.tags);
    END;
    CREATE TRIGGER note_tags_delete AFTER DELETE ON notes BEGIN
        DELETE FROM note_tags WHERE note_id = old.id AND tag IN (SELECT value FROM json_each(old.tags));
    END;
    CREATE TRIGGER note_tags_update AFTER UPDATE OF tags ON notes WHEN old.tags IS NOT new.tags BEGIN
        DELETE FROM note_tags WHERE note_id = old.id AND tag IN (SELECT value FROM json_each(old.tags));
        INSERT INTO note_tags(tag, note_id) SELECT value, new.id FROM json_each(new.tags);
    END;

    DROP TRIGGER notes_fts_update;
    CREATE TRIGGER notes_fts_update AFTER UPDATE OF title, body, tags ON notes
    WHEN old.title IS NOT new.title OR old.body IS NOT new.body OR old.tags IS NOT new.tags BEGIN
        INSERT INTO notes_fts(notes_fts, rowid, title, body, tags) VALUES ('delete', old.seq, old.title, old.body, old.tags);
        INSERT INTO notes_fts(rowid, title, body, tags) VALUES (new.seq, new.title, new.body, new.tags);
    END;

    DROP INDEX notes_by_title_nocase;
    DROP INDEX notes_by_title;
    CREATE INDEX notes_by_title ON notes(workspace_id, title COLLATE NOCASE, title, id);
    DROP INDEX idempotency_by_expiry;
    """

    /// `revisions` keeps the versions a note had before its current one; the current version is
    /// the note row itself, which now also names the request that made it (`request_id`,
    /// `correlation_id`; its actor and time are `updated_by` and `updated_at`). Every note was
    /// stored twice, and a note add wrote two more b-trees. A change copies the row it replaces
    /// into `revisions` first. A current revision that does not match its note exactly (none
    /// should) stays, and `note history` then shows it rather than the row.
    static let v12 = """
    ALTER TABLE notes ADD COLUMN request_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE notes ADD COLUMN correlation_id TEXT NOT NULL DEFAULT '';
    UPDATE notes SET request_id = r.request_id, correlation_id = r.correlation_id
        FROM revisions r WHERE r.note_id = notes.id AND r.version = notes.version;
    DELETE FROM revisions WHERE seq IN (
        SELECT r.seq FROM revisions r JOIN notes n ON n.id = r.note_id AND n.version = r.version
        WHERE r.actor = n.updated_by AND r.time = n.updated_at AND r.title = n.title AND r.body = n.body AND r.tags = n.tags);
    """

    static let schema = Schema(applicationId: applicationId, migrations: [
        Migration(version: 1, sql: v1),
        Migration(version: 2, sql: v2),
        Migration(version: 3, sql: v3, backfill: extractDerived),
        Migration(version: 4, sql: v4),
        Migration(version: 5, sql: v5),
        Migration(version: 6, sql: v6),
        Migration(version: 7, sql: v7),
        Migration(version: 8, sql: v8),
        Migration(version: 9, sql: v9),
        Migration(version: 10, sql: v10),
        Migration(version: 11, sql: v11),
        Migration(version: 12, sql: v12),
    ])
}
