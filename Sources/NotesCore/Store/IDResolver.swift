import SQLiteStore

/// Turns what a user typed into a full id (CLI.md §4): the full id, or a unique prefix of at
/// least 8 characters after the underscore. Shorter is `invalid`, none `not_found`, several
/// `conflict` listing them.
enum IDResolver {
    static let minimumPrefix = 8

    /// The row a selector names, made into a value: resolve, then select by id.
    static func fetch<T>(_ selector: String, kind: IDKind, table: String, columns: String, in db: Connection,
                         _ make: (Row) throws -> T) throws -> T {
        // A full id needs no resolving: one lookup finds the row or nothing.
        let id = isFull(selector, kind) ? selector.lowercased() : try resolve(selector, kind: kind, in: db, table: table)
        guard let value = try db.first("SELECT \(columns) FROM \(table) WHERE id = ?", [.text(id)], make) else {
            throw NotesError.notFound("no such \(kind.noun): \(selector.lowercased())")
        }
        return value
    }

    /// Whether `typed` has the shape of a whole id of `kind`: its prefix and 26 characters.
    static func isFull(_ typed: String, _ kind: IDKind) -> Bool {
        typed.utf8.count == kind.prefix.utf8.count + 26 && typed.lowercased().hasPrefix(kind.prefix)
    }

    static func resolve(_ typed: String, kind: IDKind, in db: Connection, table: String, column: String = "id") throws -> String {
        let noun = kind.noun
        // Ids are lower case; NT_01J… finds nt_01j….
        let selector = typed.lowercased()
        guard selector.hasPrefix(kind.prefix) else {
            throw NotesError.notFound("no such \(noun): \(selector)", hint: "\(noun) ids look like \(kind.prefix)01j…")
        }
        let body = selector.dropFirst(kind.prefix.count).lowercased()
        guard body.utf8.count >= minimumPrefix else {
            throw NotesError.invalid("id prefix '\(selector)' is too short: give at least \(minimumPrefix) characters after '\(kind.prefix)'")
        }
        let prefix = kind.prefix + body
        if body.utf8.count >= 26 {
            guard try db.scalarInt("SELECT 1 FROM \(table) WHERE \(column) = ?", [.text(prefix)]) != nil else {
                throw NotesError.notFound("no such \(noun): \(selector)")
            }
            return prefix
        }
        // A range scan on the index: ids are lower-case ASCII, so '~' sorts after every id character.
        let matches = try db.query("SELECT \(column) FROM \(table) WHERE \(column) >= ? AND \(column) < ? ORDER BY \(column) LIMIT 11",
                                   [.text(prefix), .text(prefix + "~")]) { $0.text(0) }
        switch matches.count {
        case 0: throw NotesError.notFound("no such \(noun): \(selector)")
        case 1: return matches[0]
        default:
            // Ten are listed; how many there are is said too.
            let total = matches.count <= 10 ? matches.count
                : try db.scalarInt("SELECT count(*) FROM \(table) WHERE \(column) >= ? AND \(column) < ?", [.text(prefix), .text(prefix + "~")]) ?? matches.count
            let more = total > 10 ? " (10 of \(total))" : ""
            throw NotesError.conflict("id prefix '\(selector)' matches \(total) \(noun)s",
                                      hint: "give more characters: " + matches.prefix(10).joined(separator: ", ") + more,
                                      details: ["candidates": .array(matches.prefix(10).map { .string($0) }), "total": .int(Int64(total))])
        }
    }
}

extension Transaction {
    /// The full id a selector names (a full id, or a unique prefix in any case), for the
    /// canonical form of a request: no access check. A selector that names nothing is kept as
    /// typed; running the operation reports it.
    public func canonicalID(_ typed: String, kind: IDKind) -> String {
        let selector = typed.lowercased()
        guard let table = kind.table, selector.hasPrefix(kind.prefix) else { return typed }
        if IDResolver.isFull(selector, kind) { return selector }
        return (try? IDResolver.resolve(selector, kind: kind, in: db, table: table)) ?? typed
    }

    /// The id of the workspace a selector (id, prefix or slug) names, or the selector as typed.
    public func canonicalWorkspace(_ selector: String) -> String {
        (try? WorkspaceService(self).find(selector).id) ?? selector
    }

    /// The workspace in force when a request names none, as recorded: the id chosen by
    /// `workspace use`, else `personal`.
    public func currentWorkspaceSelector() throws -> String {
        try WorkspaceService(self).currentSelector()
    }
}

extension IDKind {
    /// The table that holds resources of this kind; nil for request ids, which name no row.
    var table: String? {
        switch self {
        case .workspace: "workspaces"
        case .note: "notes"
        case .link: "links"
        case .task: "tasks"
        case .artifact: "artifacts"
        case .proposal: "proposals"
        case .event: "audit_events"
        case .request: nil
        }
    }

    var noun: String {
        switch self {
        case .workspace: "workspace"
        case .note: "note"
        case .link: "link"
        case .task: "task"
        case .artifact: "artifact"
        case .proposal: "proposal"
        case .event: "audit event"
        case .request: "request"
        }
    }
}
