import Foundation
import Testing
@testable import NotesCore

@Suite struct WritePathTests {
    @Test func firstWriteBootstrapsPersonalOwnedByTheCreatingUser() throws {
        let h = try Harness()
        _ = try h.addNote("hello")
        let members = try h.read { try WorkspaceService($0).members(nil) }
        #expect(members.map(\.actor) == ["user:alice"])
        #expect(members.first?.role == .owner)
        let actions = try h.events().compactMap { $0["action"]?.stringValue }
        #expect(actions == ["workspace.create", "member.add", "note.create"])
    }

    @Test func replayReturnsTheIdenticalReceiptAndWritesNothing() throws {
        let h = try Harness()
        let args: JSONObject = ["title": "x"]
        let (_, first) = try h.write(key: "k1", command: "note add", args: args) { try NoteService($0).add(title: "x", body: "", tags: []) }
        let events = try h.count("audit_events")
        do {
            _ = try h.write(key: "k1", command: "note add", args: args) { _ in Issue.record("a replay must not run the operation") }
            Issue.record("expected a replay")
        } catch let r as Replayed {
            var expected = first.json
            var request = expected["request"]!.objectValue!
            request["replayed"] = true
            expected["request"] = .object(request)
            #expect(r.receipt.json == expected)
            #expect(r.receipt.replayed)
        }
        #expect(try h.count("audit_events") == events)
        #expect(try h.count("notes") == 1)
    }

    @Test func sameKeyWithAnotherRequestIsConflictAndWritesNothing() throws {
        let h = try Harness()
        _ = try h.write(key: "k", command: "note add", args: ["title": "a"]) { try NoteService($0).add(title: "a", body: "", tags: []) }
        let events = try h.count("audit_events")
        let e = error { _ = try h.write(key: "k", command: "note add", args: ["title": "b"]) { try NoteService($0).add(title: "b", body: "", tags: []) } }
        #expect(e?.code == .conflict)
        #expect(e?.details["reason"] == "idempotency_key_reused")
        #expect(try h.count("notes") == 1)
        #expect(try h.count("audit_events") == events)
    }

    @Test func keysBelongToTheirActor() throws {
        let h = try Harness()
        _ = try h.write(key: "shared") { try WorkspaceService($0).create(name: "Team", slug: nil) }
        _ = try h.write("user:bob", key: "shared") { try WorkspaceService($0).create(name: "Bob's", slug: nil) }
        #expect(try h.count("workspaces") == 3)
    }

    @Test func fingerprintIgnoresArgumentOrder() {
        let a = WritePath.fingerprint([Operation(command: "note edit", args: ["id": "nt_1", "title": "x"])])
        let b = WritePath.fingerprint([Operation(command: "note edit", args: ["title": "x", "id": "nt_1"])])
        let c = WritePath.fingerprint([Operation(command: "note edit", args: ["title": "y", "id": "nt_1"])])
        #expect(a == b)
        #expect(a != c)
    }

    @Test func failedWriteLeavesNoEventNoKeyAndTheKeyCanBeRetried() throws {
        let h = try Harness()
        _ = try h.addNote("seed")
        let events = try h.count("audit_events"), keys = try h.count("idempotency_keys")
        let e = error { _ = try h.write(key: "retry", command: "note add", args: ["title": "bad\u{0}"]) { try NoteService($0).add(title: "bad\u{0}", body: "", tags: []) } }
        #expect(e?.code == .invalid)
        #expect(try h.count("audit_events") == events)
        #expect(try h.count("idempotency_keys") == keys)
        #expect(try h.count("notes") == 1)
        _ = try h.write(key: "retry", command: "note add", args: ["title": "good"]) { try NoteService($0).add(title: "good", body: "", tags: []) }
        #expect(try h.count("notes") == 2)
    }

    @Test func failureAfterAPartialChangeRollsEverythingBack() throws {
        let h = try Harness()
        let seed = try h.addNote("seed", tags: ["s"])
        let tables = ["notes", "revisions", "note_tags", "audit_events", "idempotency_keys"]
        let before = try tables.map(h.count)
        let e = error {
            _ = try h.write { tx in
                _ = try NoteService(tx).add(title: "first", body: "", tags: ["t"])
                var rename = NoteService.Edit()
                rename.title = "renamed"
                _ = try NoteService(tx).edit(seed.id, rename, ifVersion: nil)  // keeps version 1 as a revision
                _ = try NoteService(tx).edit("nt_00000000000000000000000000", .init(), ifVersion: nil)
            }
        }
        #expect(e?.code == .notFound)
        #expect(try tables.map(h.count) == before)
        #expect(try h.read { try NoteService($0).show(seed.id) }.title == "seed")
    }

    @Test func dryRunValidatesReportsAndWritesNothing() throws {
        let h = try Harness()
        _ = try h.addNote("seed")
        let events = try h.count("audit_events")
        let (note, receipt) = try h.write(key: "dry", dryRun: true) { try NoteService($0).add(title: "would be", body: "", tags: []) }
        #expect(note.title == "would be")
        #expect(receipt.json["request"]?["dry_run"] == true)
        #expect(try h.count("notes") == 1)
        #expect(try h.count("audit_events") == events)
        // No key consumed: the same key now does the real thing.
        _ = try h.write(key: "dry") { try NoteService($0).add(title: "real", body: "", tags: []) }
        #expect(try h.count("notes") == 2)
    }

    @Test func receiptCarriesRequestCorrelationKeyAndEvents() throws {
        let h = try Harness()
        var ctx = try h.context("user:alice")
        ctx.correlationId = "wf-42"
        ctx.causationId = "ev_cause"
        let receipt = try WritePath.perform(store: h.store, context: ctx, operations: [Operation(command: "note add", args: [:])]) { tx, _, _ in
            OperationResult(kind: "note", object: try NoteService(tx).add(title: "t", body: "", tags: []).json)
        }
        let request = try #require(receipt.json["request"]?.objectValue)
        #expect(request["id"]?.stringValue == ctx.requestId)
        #expect(request["correlation_id"] == "wf-42")
        #expect(request["idempotency_key"]?.stringValue?.hasPrefix("ik_") == true)
        #expect(request["replayed"] == false)
        let eventIds = request["events"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(eventIds.count == 3)  // bootstrap workspace + owner + the note
        let last = try h.read { try AuditService($0).show(eventIds[2]) }
        #expect(last["correlation_id"] == "wf-42")
        #expect(last["causation_id"] == "ev_cause")
        #expect(last["request_id"]?.stringValue == ctx.requestId)
        #expect(last["action"] == "note.create")
    }

    /// A receipt recorded before the typed form named the workspace in force (its fingerprints
    /// are of the operations as given) still replays for the same request, within its window;
    /// one recorded since does not replay for the same words in another workspace in force.
    @Test func receiptsFromBeforeTheWorkspaceWasInTheTypedFormStillReplay() throws {
        let h = try Harness()
        let op = NotesCore.Operation(command: "note add", args: ["title": "x"])
        let add: WritePath.Executor = { tx, _, _ in
            OperationResult(kind: "note", object: try NoteService(tx).add(title: "x", body: "", tags: []).json)
        }
        // As this notesctl puts it: the workspace in force named in both forms.
        let naming: WritePath.Canonicalizer = { tx, op in
            var typed = op.args
            typed["workspace"] = .string(try tx.currentWorkspaceSelector())
            var canonical = typed
            canonical["workspace"] = .string(tx.canonicalWorkspace(typed["workspace"]!.stringValue!))
            return (NotesCore.Operation(command: op.command, args: typed), NotesCore.Operation(command: op.command, args: canonical))
        }
        // The old record: no canonicalizer, so both fingerprints are of the operation as given.
        let old = try WritePath.perform(store: h.store, context: try h.context("user:alice", key: "old"), operations: [op], execute: add)
        let again = try WritePath.perform(store: h.store, context: try h.context("user:alice", key: "old"), operations: [op], canonicalize: naming, execute: add)
        #expect(again.replayed && again.json["note"] == old.json["note"])
        // A new record names the workspace: in another workspace in force it is another request.
        _ = try WritePath.perform(store: h.store, context: try h.context("user:alice", key: "new"), operations: [op], canonicalize: naming, execute: add)
        _ = try h.write { try WorkspaceService($0).create(name: "Team", slug: "team") }
        _ = try h.write { try WorkspaceService($0).use("team") }
        #expect(throws: NotesError.self) {
            try WritePath.perform(store: h.store, context: try h.context("user:alice", key: "new"), operations: [op], canonicalize: naming, execute: add)
        }
        #expect(try h.count("notes") == 2)
    }

    @Test func expiredKeysAreFreeAgain() throws {
        let h = try Harness()
        var ctx = try h.context("user:alice", key: "old")
        ctx.idempotencyRetentionSeconds = 0
        _ = try WritePath.perform(store: h.store, context: ctx, operations: [Operation(command: "a", args: [:])]) { tx, _, _ in
            OperationResult(kind: "note", object: try NoteService(tx).add(title: "a", body: "", tags: []).json)
        }
        let ctx2 = try h.context("user:alice", key: "old")
        _ = try WritePath.perform(store: h.store, context: ctx2, operations: [Operation(command: "b", args: [:])]) { tx, _, _ in
            OperationResult(kind: "note", object: try NoteService(tx).add(title: "b", body: "", tags: []).json)
        }
        #expect(try h.count("notes") == 2)
    }

    @Test func auditChainVerifiesAndHeadMatchesLastEvent() throws {
        let h = try Harness()
        for i in 0..<5 { _ = try h.addNote("n\(i)") }
        let result = try h.read { try AuditService($0).verify() }
        let head = try h.read { try AuditService($0).head() }
        #expect(result["events"] == 7)
        #expect(result["head"] == head["hash"])
        let events = try h.events()
        #expect(events.first?["prev_hash"]?.stringValue == AuditLog.genesisHash)
        for (a, b) in zip(events, events.dropFirst()) { #expect(b["prev_hash"] == a["hash"]) }
        #expect(try h.read { try AuditService($0).verify(expectedHead: events[3]["hash"]?.stringValue) }["ok"] == true)
        #expect(code { _ = try h.read { try AuditService($0).verify(expectedHead: String(repeating: "a", count: 64)) } } == .unavailable)
    }

    @Test func auditEventsAreAppendOnly() throws {
        let h = try Harness()
        _ = try h.addNote("x")
        #expect(throws: (any Error).self) { try h.store.db.run("UPDATE audit_events SET actor = 'user:mallory'") }
        #expect(throws: (any Error).self) { try h.store.db.run("DELETE FROM audit_events") }
    }

    @Test(arguments: [
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "4bf92f3577b34da6a3ce929d0e0e4736"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", "4bf92f3577b34da6a3ce929d0e0e4736"),
        ("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", "4bf92f3577b34da6a3ce929d0e0e4736"),
    ])
    func validTraceparentGivesTheTraceId(header: String, trace: String) {
        #expect(RequestContext.traceId(fromTraceparent: header) == trace)
    }

    @Test(arguments: [
        "", "garbage", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
    ])
    func malformedTraceparentIsIgnored(header: String) {
        #expect(RequestContext.traceId(fromTraceparent: header) == nil)
    }
}
