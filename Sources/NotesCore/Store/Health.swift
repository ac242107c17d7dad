import SQLiteStore

/// `health`: is the store there, ours, current, in WAL mode and intact (CLI.md §4).
public enum Health {
    public struct Check: Sendable {
        public let name: String
        public let ok: Bool
        public let detail: String
        var json: JSON { .object(["name": .string(name), "ok": .bool(ok), "detail": .string(detail)]) }
    }

    /// The report: `{"status": "ok" | "degraded" | "missing", "schema_version", "path", "checks"}`.
    public static func report(path: String, deep: Bool, settings: NotesStore.Settings = .init()) -> JSONObject {
        guard StoreFile.exists(path) else {
            return make("missing", nil, path, [Check(name: "store", ok: false, detail: "no store at \(path); create one with: notesctl init")])
        }
        var checks = [Check(name: "store", ok: true, detail: path)]
        let store: NotesStore
        do {
            store = try NotesStore.openForReading(path: path, settings: settings)
        } catch {
            checks.append(Check(name: "open", ok: false, detail: NotesError.from(error).message))
            // A store from a newer notesctl still says which schema it has.
            let found: Int? = if case StoreRefusal.newerSchema(let v, _) = error { v } else { nil }
            return make("degraded", found, path, checks)
        }
        let db = store.db
        var version: Int?
        func run(_ name: String, _ body: () throws -> (Bool, String)) {
            do {
                let (ok, detail) = try body()
                checks.append(Check(name: name, ok: ok, detail: detail))
            } catch {
                checks.append(Check(name: name, ok: false, detail: NotesError.from(error).message))
            }
        }
        run("schema") {
            let v = try db.pragmaInt("user_version")
            version = v
            return (v == NotesStore.schemaVersion, "version \(v) (this notesctl: \(NotesStore.schemaVersion))")
        }
        run("wal") {
            let mode = try db.scalarText("PRAGMA journal_mode") ?? "?"
            return (mode == "wal", "journal_mode \(mode)")
        }
        run("audit_append_only") {
            let n = try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN ('audit_events_no_update', 'audit_events_no_delete')") ?? 0
            return (n == 2, n == 2 ? "UPDATE and DELETE are refused" : "the append-only triggers are missing")
        }
        let integrity = deep ? "integrity_check" : "quick_check"
        run(integrity) {
            let rows = try db.query("PRAGMA \(integrity)") { $0.text(0) }
            return (rows == ["ok"], rows.prefix(5).joined(separator: "; "))
        }
        if deep {
            run("fts_integrity") {
                // FTS5's check is spelled as an INSERT; it changes nothing, and is rolled back regardless.
                try db.execute("SAVEPOINT health")
                defer { try? db.execute("ROLLBACK TO health; RELEASE health") }
                for index in ["notes_fts", "tasks_fts", "artifacts_fts"] {
                    try db.run("INSERT INTO \(index)(\(index), rank) VALUES ('integrity-check', 1)")
                }
                return (true, "the note, task and artifact indexes match their tables")
            }
            run("tag_index") {
                // note_tags is kept from notes.tags by triggers (schema v11): the two must agree.
                let pairs = "SELECT j.value, n.id FROM notes n, json_each(n.tags) j"
                let missing = try db.scalarInt("SELECT count(*) FROM (\(pairs) EXCEPT SELECT tag, note_id FROM note_tags)") ?? 0
                let extra = try db.scalarInt("SELECT count(*) FROM (SELECT tag, note_id FROM note_tags EXCEPT \(pairs))") ?? 0
                return (missing + extra == 0, missing + extra == 0 ? "note_tags matches the notes' tags"
                            : "note_tags lacks \(missing) and has \(extra) extra (tag, note) pairs")
            }
            run("blobs") {
                let blobs = BlobStore(storePath: path)
                let hashes = try db.query("SELECT DISTINCT sha256 FROM artifacts WHERE uri IS NULL") { $0.text(0) }
                var bad: [String] = []
                for sha in hashes {
                    do { try blobs.read(sha) { _ in } } catch { bad.append(sha) }
                }
                return (bad.isEmpty, bad.isEmpty ? "\(hashes.count) blobs intact" : "\(bad.count) of \(hashes.count) blobs missing or corrupt: \(bad.prefix(3).joined(separator: ", "))")
            }
            run("audit_chain") {
                let ctx = RequestContext(actor: Actor(kind: .user, name: "health"), loginName: "health")
                let result = try store.read(ctx) { try AuditService($0).verify() }
                return (true, "\(result["events"]?.intValue ?? 0) events, head \(result["head"]?.stringValue ?? "")")
            }
        }
        let ok = checks.allSatisfy(\.ok)
        return make(ok ? "ok" : "degraded", version, path, checks)
    }

    static func make(_ status: String, _ version: Int?, _ path: String, _ checks: [Check]) -> JSONObject {
        ["status": .string(status), "schema_version": JSON(version), "path": .string(path), "checks": .array(checks.map(\.json))]
    }
}
