import SQLiteStore

/// Workspaces, membership and the agent policy. Every method checks the workspace rules
/// through `AccessCache`; writes record audit events on the transaction.
public struct WorkspaceService {
    let tx: Transaction
    let access: AccessCache

    public init(_ tx: Transaction) {
        self.tx = tx
        self.access = AccessCache(tx)
    }

    public static let defaultSlug = "personal"

    // MARK: Resolving

    /// The workspace a selector names: an id (or 8+ character prefix) or a slug. No access check.
    func find(_ selector: String) throws -> Workspace {
        if selector.lowercased().hasPrefix(IDKind.workspace.prefix) {
            return try IDResolver.fetch(selector, kind: .workspace, table: "workspaces", columns: Workspace.columns, in: tx.db, Workspace.init(row:))
        }
        guard let ws = try tx.db.first("SELECT \(Workspace.columns) FROM workspaces WHERE slug = ?", [.text(selector)], Workspace.init(row:)) else {
            throw NotesError.notFound("no such workspace: \(selector)", hint: "list them with: notesctl workspace list")
        }
        return ws
    }

    /// The selector in force: `-w`/`NOTESCTL_WORKSPACE`, else the one chosen by `workspace use`, else `personal`.
    func currentSelector() throws -> String {
        if let s = tx.workspaceSelector { return s }
        return try recordedCurrent() ?? Self.defaultSlug
    }

    /// The workspace in force, checked for `access`.
    func current(_ needed: Access) throws -> Workspace {
        let selector = try currentSelector()
        if needed == .read && selector == Self.defaultSlug,
           try tx.db.scalarInt("SELECT EXISTS (SELECT 1 FROM workspaces)") == 0 {
            // A store with nothing in it yet (or none at all): the personal workspace that the
            // first write will create is empty, so reads of it find nothing rather than fail.
            return Workspace(id: IDKind.workspace.prefix + String(repeating: "0", count: 26), name: "Personal",
                             slug: Self.defaultSlug, now: tx.now)
        }
        return try resolve(selector, needed)
    }

    /// The named workspace, checked for `needed`; writes to an archived workspace are a conflict.
    func resolve(_ selector: String, _ needed: Access) throws -> Workspace {
        let ws = try find(selector)
        try authorize(needed, ws)
        return ws
    }

    func authorize(_ needed: Access, _ ws: Workspace) throws {
        try access.check(needed, workspaceId: ws.id, label: ws.label)
        if needed == .write && ws.archived {
            throw NotesError.conflict("workspace '\(ws.label)' is archived: its notes are read-only",
                                      hint: "unarchive it first: notesctl workspace unarchive \(ws.label)")
        }
    }

    func authorize(_ needed: Access, workspaceId: String) throws {
        guard let ws = try tx.db.first("SELECT \(Workspace.columns) FROM workspaces WHERE id = ?", [.text(workspaceId)], Workspace.init(row:)) else {
            throw NotesError.notFound("no such workspace: \(workspaceId)")
        }
        try authorize(needed, ws)
    }

    // MARK: Reading

    /// The named workspace, else the one in force. Not the stand-in `current` gives reads of a
    /// store with no workspace yet: there is nothing to show, and `personal` is not there yet.
    public func show(_ selector: String?) throws -> Workspace {
        try resolve(selector ?? currentSelector(), .read)
    }

    /// The workspaces the actor may read, by slug.
    public func list() throws -> [Workspace] {
        try tx.db.query("SELECT \(Workspace.columns) FROM workspaces ORDER BY slug", [], Workspace.init(row:))
            .filter { try access.canRead(workspaceId: $0.id) }
    }

    public func members(_ selector: String?) throws -> [Member] {
        let ws = try show(selector)
        return try tx.db.query("SELECT actor, role, added_at FROM members WHERE workspace_id = ? ORDER BY actor", [.text(ws.id)]) {
            Member(workspaceId: ws.id, actor: $0.text(0), role: Role(rawValue: $0.text(1)) ?? .viewer, addedAt: $0.text(2))
        }
    }

    /// Each actor's `workspace use` choice is its own: one actor never redirects another's writes.
    var currentKey: String { "current_workspace/\(tx.actor)" }

    /// The selector `workspace use` recorded for this actor, if any.
    public func recordedCurrent() throws -> String? {
        try tx.db.scalarText("SELECT value FROM settings WHERE key = ?", [.text(currentKey)])
    }

    // MARK: Writing

    /// A new store starts with a `personal` workspace owned by the creating user.
    func bootstrapIfNeeded() throws {
        guard try tx.db.scalarInt("SELECT EXISTS (SELECT 1 FROM workspaces)") == 0 else { return }
        let owner = tx.actor.isAgent ? Actor(kind: .user, name: tx.context.loginName) : tx.actor
        let ws = Workspace(id: IDKind.workspace.make(), name: "Personal", slug: Self.defaultSlug, now: tx.now)
        try insert(ws, owner: owner)
    }

    private func insert(_ ws: Workspace, owner: Actor) throws {
        try tx.db.run("INSERT INTO workspaces(\(Workspace.columns)) VALUES (?,?,?,?,?,?,?,?)", [
            .text(ws.id), .text(ws.name), .text(ws.slug), SQLValue(ws.archived), .text(ws.agentPolicy.rawValue),
            .text(ws.createdAt), .text(ws.updatedAt), SQLValue(ws.version),
        ])
        tx.record(action: "workspace.create", target: ("workspace", ws.id), workspaceId: ws.id, changes: Changes.created(ws.json))
        try addMember(ws, actor: owner.description, role: .owner)
    }

    public func create(name: String, slug: String?) throws -> Workspace {
        try tx.requireWrite()
        guard !tx.actor.isAgent else {
            throw NotesError.forbidden("agents may not create workspaces", hint: "ask a person to create it")
        }
        let name = try Validate.name(name, what: "workspace name")
        let slug = try slug.map(Validate.slug) ?? Validate.deriveSlug(from: name)
        try ensureSlugFree(slug)
        let ws = Workspace(id: IDKind.workspace.make(), name: name, slug: slug, now: tx.now)
        try insert(ws, owner: tx.actor)
        return ws
    }

    private func ensureSlugFree(_ slug: String) throws {
        if try tx.db.scalarInt("SELECT 1 FROM workspaces WHERE slug = ?", [.text(slug)]) != nil {
            throw NotesError.conflict("a workspace with slug '\(slug)' already exists", hint: "choose another with --slug",
                                      details: ["slug": .string(slug)])
        }
    }

    /// A change that changes nothing writes nothing: no new version, no audit event.
    private func update(_ before: Workspace, _ after: Workspace, action: String) throws -> Workspace {
        guard (after.name, after.slug, after.archived, after.agentPolicy) != (before.name, before.slug, before.archived, before.agentPolicy) else {
            return before
        }
        var after = after
        after.version = before.version + 1
        after.updatedAt = tx.now
        try tx.db.run("""
            UPDATE workspaces SET name = ?, slug = ?, archived = ?, agent_policy = ?, updated_at = ?, version = ? WHERE id = ?
            """, [.text(after.name), .text(after.slug), SQLValue(after.archived), .text(after.agentPolicy.rawValue),
                  .text(after.updatedAt), SQLValue(after.version), .text(after.id)])
        var changes = Changes()
        for (key, value) in after.json where key != "updated_at" {
            changes.set(key, before: before.json[key] ?? .null, after: value)
        }
        tx.record(action: action, target: ("workspace", after.id), workspaceId: after.id, changes: changes.object)
        return after
    }

    public func rename(_ selector: String, name: String, slug: String?) throws -> Workspace {
        try tx.requireWrite()
        let ws = try resolve(selector, .manage)
        var after = ws
        after.name = try Validate.name(name, what: "workspace name")
        if let slug {
            after.slug = try Validate.slug(slug)
            if after.slug != ws.slug { try ensureSlugFree(after.slug) }
        }
        return try update(ws, after, action: "workspace.update")
    }

    public func setArchived(_ selector: String, _ archived: Bool) throws -> Workspace {
        try tx.requireWrite()
        let ws = try resolve(selector, .manage)
        guard ws.archived != archived else {
            throw NotesError.conflict("workspace '\(ws.label)' is \(archived ? "already" : "not") archived")
        }
        var after = ws
        after.archived = archived
        return try update(ws, after, action: archived ? "workspace.archive" : "workspace.unarchive")
    }

    public func setPolicy(_ selector: String?, _ policy: AgentPolicy) throws -> Workspace {
        try tx.requireWrite()
        let ws = try selector.map { try resolve($0, .manage) } ?? current(.manage)
        var after = ws
        after.agentPolicy = policy
        return try update(ws, after, action: "workspace.policy")
    }

    /// Records the workspace that commands use when `-w` is not given.
    public func use(_ selector: String) throws -> Workspace {
        try tx.requireWrite()
        let ws = try resolve(selector, .read)
        let before = try recordedCurrent()
        guard before != ws.id else { return ws }
        try tx.db.run("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", [.text(currentKey), .text(ws.id)])
        var changes = Changes()
        changes.set("current_workspace", before: JSON(before), after: .string(ws.id))
        tx.record(action: "workspace.use", target: ("workspace", ws.id), workspaceId: ws.id, changes: changes.object)
        return ws
    }

    /// Deletes a workspace; one that holds notes only with `force`, taking its notes with it.
    public func delete(_ selector: String, force: Bool) throws -> Workspace {
        try tx.requireWrite()
        let ws = try find(selector)
        try access.check(.manage, workspaceId: ws.id, label: ws.label)
        let notes = try tx.db.scalarInt("SELECT count(*) FROM notes WHERE workspace_id = ?", [.text(ws.id)]) ?? 0
        if notes > 0 && !force {
            throw NotesError.conflict("workspace '\(ws.label)' holds \(notes) note\(notes == 1 ? "" : "s")",
                                      hint: "delete it with its notes: notesctl workspace delete \(ws.label) --force",
                                      details: ["notes": .int(Int64(notes))])
        }
        // Each note that goes with it is purged as `note purge` does, and audited as such.
        try NoteService(tx).deleteForGood(try tx.db.query("SELECT \(Note.columns) FROM notes WHERE workspace_id = ? ORDER BY seq",
                                                          [.text(ws.id)]) { Note(row: $0) })
        try tx.db.run("DELETE FROM workspaces WHERE id = ?", [.text(ws.id)])
        try tx.db.run("DELETE FROM settings WHERE key LIKE 'current_workspace/%' AND value = ?", [.text(ws.id)])
        var changes = Changes(deleted: ws.json)
        if notes > 0 { changes.set("notes", before: .int(Int64(notes)), after: .int(0)) }
        tx.record(action: "workspace.delete", target: ("workspace", ws.id), workspaceId: ws.id, changes: changes.object)
        return ws
    }

    /// Inserts a workspace exactly as exported (ids, versions and times kept), audited.
    func insertImported(_ ws: Workspace) throws {
        try tx.db.run("INSERT INTO workspaces(\(Workspace.columns)) VALUES (?,?,?,?,?,?,?,?)", [
            .text(ws.id), .text(ws.name), .text(ws.slug), SQLValue(ws.archived), .text(ws.agentPolicy.rawValue),
            .text(ws.createdAt), .text(ws.updatedAt), SQLValue(ws.version),
        ])
        tx.record(action: "workspace.import", target: ("workspace", ws.id), workspaceId: ws.id, changes: Changes.created(ws.json))
    }

    func insertImportedMember(_ m: Member) throws {
        try tx.db.run("INSERT INTO members(workspace_id, actor, role, added_at) VALUES (?,?,?,?)",
                      [.text(m.workspaceId), .text(m.actor), .text(m.role.rawValue), .text(m.addedAt)])
        tx.record(action: "member.import", target: ("member", "\(m.workspaceId)/\(m.actor)"), workspaceId: m.workspaceId,
                  changes: Changes.created(["actor": .string(m.actor), "role": .string(m.role.rawValue)]))
    }

    // MARK: Membership

    private func addMember(_ ws: Workspace, actor: String, role: Role) throws {
        try tx.db.run("INSERT INTO members(workspace_id, actor, role, added_at) VALUES (?,?,?,?)",
                      [.text(ws.id), .text(actor), .text(role.rawValue), .text(tx.now)])
        tx.record(action: "member.add", target: ("member", "\(ws.id)/\(actor)"), workspaceId: ws.id,
                  changes: Changes.created(["actor": .string(actor), "role": .string(role.rawValue)]))
    }

    /// Adds a member, or changes the role of an existing one.
    public func addMember(_ selector: String?, actor: String, role: Role) throws -> Member {
        try tx.requireWrite()
        let ws = try selector.map { try resolve($0, .manage) } ?? current(.manage)
        let member = try Actor(parsing: actor).description
        if let existing = try tx.db.scalarText("SELECT role FROM members WHERE workspace_id = ? AND actor = ?", [.text(ws.id), .text(member)]) {
            guard existing != role.rawValue else {
                return Member(workspaceId: ws.id, actor: member, role: role, addedAt: try addedAt(ws.id, member))
            }
            if existing == Role.owner.rawValue { try ensureAnotherOwner(ws, besides: member) }
            try tx.db.run("UPDATE members SET role = ? WHERE workspace_id = ? AND actor = ?", [.text(role.rawValue), .text(ws.id), .text(member)])
            var changes = Changes()
            changes.set("role", before: .string(existing), after: .string(role.rawValue))
            tx.record(action: "member.update", target: ("member", "\(ws.id)/\(member)"), workspaceId: ws.id, changes: changes.object)
        } else {
            try addMember(ws, actor: member, role: role)
        }
        return Member(workspaceId: ws.id, actor: member, role: role, addedAt: try addedAt(ws.id, member))
    }

    private func addedAt(_ ws: String, _ actor: String) throws -> String {
        try tx.db.scalarText("SELECT added_at FROM members WHERE workspace_id = ? AND actor = ?", [.text(ws), .text(actor)]) ?? tx.now
    }

    private func ensureAnotherOwner(_ ws: Workspace, besides actor: String) throws {
        let owners = try tx.db.scalarInt("SELECT count(*) FROM members WHERE workspace_id = ? AND role = 'owner' AND actor <> ?",
                                         [.text(ws.id), .text(actor)]) ?? 0
        if owners == 0 {
            throw NotesError.conflict("\(actor) is the last owner of workspace '\(ws.label)'",
                                      hint: "make someone else an owner first")
        }
    }

    public func removeMember(_ selector: String?, actor: String) throws -> Member {
        try tx.requireWrite()
        let ws = try selector.map { try resolve($0, .manage) } ?? current(.manage)
        let member = try Actor(parsing: actor).description
        guard let role = try tx.db.first("SELECT role, added_at FROM members WHERE workspace_id = ? AND actor = ?", [.text(ws.id), .text(member)], {
            (Role(rawValue: $0.text(0)) ?? .viewer, $0.text(1))
        }) else {
            throw NotesError.notFound("\(member) is not a member of workspace '\(ws.label)'")
        }
        if role.0 == .owner { try ensureAnotherOwner(ws, besides: member) }
        try tx.db.run("DELETE FROM members WHERE workspace_id = ? AND actor = ?", [.text(ws.id), .text(member)])
        var changes = Changes()
        changes.set("role", before: .string(role.0.rawValue), after: .null)
        tx.record(action: "member.remove", target: ("member", "\(ws.id)/\(member)"), workspaceId: ws.id, changes: changes.object)
        return Member(workspaceId: ws.id, actor: member, role: role.0, addedAt: role.1)
    }
}
