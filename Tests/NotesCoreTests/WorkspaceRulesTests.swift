import Testing
@testable import NotesCore

/// The workspace rules of issue 4, one behaviour per test.
@Suite struct WorkspaceRulesTests {
    /// alice owns `team`; bob is a viewer there; carol an editor.
    func team() throws -> Harness {
        let h = try Harness()
        try h.write { tx in
            let ws = WorkspaceService(tx)
            _ = try ws.create(name: "Team", slug: "team")
        }
        try h.write(ws: "team") { tx in
            _ = try WorkspaceService(tx).addMember(nil, actor: "user:bob", role: .viewer)
            _ = try WorkspaceService(tx).addMember(nil, actor: "user:carol", role: .editor)
        }
        _ = try h.addNote("team note", ws: "team")
        return h
    }

    @Test func nonMemberUserCannotRead() throws {
        let h = try team()
        let e = error { _ = try h.list(actor: "user:dave", ws: "team") }
        #expect(e?.code == .forbidden)
        #expect(e?.message.contains("not a member") == true)
    }

    @Test func viewerReadsButCannotWrite() throws {
        let h = try team()
        #expect(try h.list(actor: "user:bob", ws: "team").count == 1)
        let e = error { _ = try h.addNote("x", actor: "user:bob", ws: "team") }
        #expect(e?.code == .forbidden)
        #expect(e?.message.contains("viewer") == true)
        #expect(e?.details["required_role"] == "editor")
    }

    @Test func editorWritesButCannotManage() throws {
        let h = try team()
        _ = try h.addNote("by carol", actor: "user:carol", ws: "team")
        let e = error { _ = try h.write("user:carol", ws: "team") { try WorkspaceService($0).setPolicy(nil, .write) } }
        #expect(e?.code == .forbidden)
        #expect(e?.details["required_role"] == "owner")
    }

    @Test func agentUnderProposeReadsButCannotWriteDirectly() throws {
        let h = try team()
        #expect(try h.list(actor: "agent:bot", ws: "team").count == 1)
        let e = error { _ = try h.addNote("x", actor: "agent:bot", ws: "team") }
        #expect(e?.code == .forbidden)
        #expect(e?.hint?.contains("--propose") == true)
    }

    @Test func agentUnderWritePolicyCanWrite() throws {
        let h = try team()
        try h.write(ws: "team") { _ = try WorkspaceService($0).setPolicy(nil, .write) }
        let note = try h.addNote("by bot", actor: "agent:bot", ws: "team")
        #expect(note.createdBy == "agent:bot")
        // …but still cannot manage the workspace.
        #expect(code { _ = try h.write("agent:bot", ws: "team") { try WorkspaceService($0).setPolicy(nil, .deny) } } == .forbidden)
    }

    @Test func agentUnderDenyCannotRead() throws {
        let h = try team()
        try h.write(ws: "team") { _ = try WorkspaceService($0).setPolicy(nil, .deny) }
        #expect(code { _ = try h.list(actor: "agent:bot", ws: "team") } == .forbidden)
        #expect(try h.read("agent:bot") { try WorkspaceService($0).list() }.map(\.slug) == ["personal"])
    }

    @Test func explicitAgentMembershipOverridesThePolicy() throws {
        let h = try team()
        try h.write(ws: "team") { tx in
            _ = try WorkspaceService(tx).setPolicy(nil, .deny)
            _ = try WorkspaceService(tx).addMember(nil, actor: "agent:trusted", role: .editor)
        }
        _ = try h.addNote("trusted", actor: "agent:trusted", ws: "team")
        #expect(code { _ = try h.list(actor: "agent:other", ws: "team") } == .forbidden)
    }

    @Test func lastOwnerCannotBeRemovedOrDemoted() throws {
        let h = try team()
        #expect(code { _ = try h.write(ws: "team") { try WorkspaceService($0).removeMember(nil, actor: "user:alice") } } == .conflict)
        #expect(code { _ = try h.write(ws: "team") { try WorkspaceService($0).addMember(nil, actor: "user:alice", role: .editor) } } == .conflict)
        try h.write(ws: "team") { _ = try WorkspaceService($0).addMember(nil, actor: "user:bob", role: .owner) }
        try h.write(ws: "team") { _ = try WorkspaceService($0).removeMember(nil, actor: "user:alice") }
        #expect(try h.read("user:bob", ws: "team") { try WorkspaceService($0).members(nil) }.map(\.actor) == ["user:bob", "user:carol"])
    }

    @Test func notesAreInvisibleAcrossWorkspaces() throws {
        let h = try team()
        _ = try h.addNote("private", ws: "personal")
        #expect(try h.list(ws: "team").map(\.title) == ["team note"])
        #expect(try h.list(ws: "personal").map(\.title) == ["private"])
        // carol cannot read alice's personal note by id either.
        let id = try h.list(ws: "personal")[0].id
        #expect(code { _ = try h.read("user:carol") { try NoteService($0).show(id) } } == .forbidden)
        // and carol's workspace list shows only what she may read.
        #expect(try h.read("user:carol") { try WorkspaceService($0).list() }.map(\.slug) == ["team"])
    }

    @Test func slugsAreUniqueAndDerived() throws {
        let h = try Harness()
        let ws = try h.write { try WorkspaceService($0).create(name: "Ünïcode & Friends!", slug: nil) }.0
        #expect(ws.slug == "n-code-friends")
        #expect(code { _ = try h.write { try WorkspaceService($0).create(name: "Other", slug: "n-code-friends") } } == .conflict)
        #expect(code { _ = try h.write { try WorkspaceService($0).create(name: "Bad", slug: "Bad Slug") } } == .invalid)
    }

    @Test func malformedActorIsInvalid() throws {
        #expect(code { _ = try Actor(parsing: "alice") } == .invalid)
        #expect(code { _ = try Actor(parsing: "robot:x") } == .invalid)
        #expect(code { _ = try Actor(parsing: "user:") } == .invalid)
        #expect(code { _ = try Actor(parsing: "user:has space") } == .invalid)
        #expect(try Actor(parsing: "agent:gpt-4.1").description == "agent:gpt-4.1")
    }

    @Test func deletingAWorkspaceWithNotesNeedsForceAndIsOneAuditedTransaction() throws {
        let h = try team()
        #expect(code { _ = try h.write { try WorkspaceService($0).delete("team", force: false) } } == .conflict)
        let before = try h.count("audit_events")
        let notes = try h.store.db.scalarInt("SELECT count(*) FROM notes n JOIN workspaces w ON w.id = n.workspace_id WHERE w.slug = 'team'") ?? 0
        #expect(notes > 0)
        try h.write { _ = try WorkspaceService($0).delete("team", force: true) }
        // A note.purge event for each note it took, then the workspace's own.
        #expect(try h.count("audit_events") == before + notes + 1)
        #expect(try h.events().suffix(notes + 1).map { $0["action"] } == Array(repeating: "note.purge", count: notes) + ["workspace.delete"])
        #expect(try h.store.db.scalarInt("SELECT count(*) FROM notes n JOIN workspaces w ON w.id = n.workspace_id WHERE w.slug = 'team'") == 0)
        #expect(code { _ = try h.list(ws: "team") } == .notFound)
    }

    @Test func archivedWorkspaceIsReadOnly() throws {
        let h = try team()
        try h.write { _ = try WorkspaceService($0).setArchived("team", true) }
        #expect(try h.list(ws: "team").count == 1)
        #expect(code { _ = try h.addNote("x", ws: "team") } == .conflict)
        try h.write { _ = try WorkspaceService($0).setArchived("team", false) }
        _ = try h.addNote("x", ws: "team")
    }

    @Test func useRecordsTheCurrentWorkspace() throws {
        let h = try team()
        try h.write { _ = try WorkspaceService($0).use("team") }
        #expect(try h.list().map(\.title) == ["team note"])
    }

    @Test func everyWorkspaceWriteIsAnAuditEvent() throws {
        let h = try team()
        let actions = try h.events().compactMap { $0["action"]?.stringValue }
        #expect(actions == ["workspace.create", "member.add", "workspace.create", "member.add", "member.add", "member.add", "note.create"])
        try h.write { tx in _ = try WorkspaceService(tx).rename("team", name: "Team B", slug: nil) }
        let last = try #require(try h.events().last)
        #expect(last["action"] == "workspace.update")
        #expect(last["changes"]?["name"] == .object(["before": "Team", "after": "Team B"]))
    }
}
