import Foundation
import Testing
import TestSupport

@Suite struct WritePathEndToEndTests {
    @Test func replayPrintsTheIdenticalReceiptMarkedReplayed() {
        let cli = Notesctl()
        let first = cli.run("note", "add", "--title", "x", "--idempotency-key", "k1", "--json")
        let again = cli.run("--json", "note", "add", "--idempotency-key", "k1", "--title", "x")
        #expect(first.status == 0 && again.status == 0)
        var expected = first.object
        var request = expected["request"] as? [String: Any] ?? [:]
        request["replayed"] = true
        expected["request"] = request
        #expect(NSDictionary(dictionary: again.object).isEqual(to: expected))
        #expect(cli.run("note", "list", "--json").array.count == 1)
    }

    @Test func keyReusedForAnotherRequestIsExit4WithReason() {
        let cli = Notesctl()
        #expect(cli.run("note", "add", "--title", "a", "--idempotency-key", "k").status == 0)
        let r = cli.run("note", "add", "--title", "b", "--idempotency-key", "k", "--json")
        #expect(r.status == 4)
        #expect(r.error["code"] as? String == "conflict")
        #expect((r.error["details"] as? [String: Any])?["reason"] as? String == "idempotency_key_reused")
        #expect(cli.run("note", "list", "--json").array.map { $0["title"] as? String } == ["a"])
    }

    func noteId(_ r: CLIResult) -> String { (r.object["note"] as? [String: Any])?["id"] as? String ?? "" }
    func replayed(_ r: CLIResult) -> Bool? { (r.object["request"] as? [String: Any])?["replayed"] as? Bool }

    /// The fingerprint is of the canonical request: the note named by its full id, by a prefix
    /// or in upper case, and the workspace by slug or id, are the same request.
    @Test func theSameRequestWrittenAnotherWayReplays() {
        let cli = Notesctl()
        let id = noteId(cli.run("note", "add", "--title", "x", "--json"))
        let first = cli.run("note", "edit", id, "--title", "Y", "--idempotency-key", "k3", "--json")
        #expect(first.status == 0 && replayed(first) == false)
        for spelling in [String(id.prefix(11)), id.uppercased()] {
            let again = cli.run("note", "edit", spelling, "--title", "Y", "--idempotency-key", "k3", "--json")
            #expect(again.status == 0, "\(spelling): \(again.stderr)")
            #expect(replayed(again) == true)
        }
        let ws = (cli.run("workspace", "show", "personal", "--json").object["id"] as? String) ?? ""
        #expect(cli.run("-w", "personal", "note", "add", "--title", "w", "--idempotency-key", "k4").status == 0)
        let byId = cli.run("-w", ws, "note", "add", "--title", "w", "--idempotency-key", "k4", "--json")
        #expect(byId.status == 0 && replayed(byId) == true, "\(byId.stderr)")
        // Another note is another request.
        let other = noteId(cli.run("note", "add", "--title", "z", "--json"))
        let reused = cli.run("note", "edit", other, "--title", "Y", "--idempotency-key", "k3", "--json")
        #expect(reused.status == 4)
        #expect((reused.error["details"] as? [String: Any])?["reason"] as? String == "idempotency_key_reused")
        #expect(cli.run("note", "list", "--json").array.count == 3)
    }

    /// Tags are a set, and the workspace in force is part of the request whether it was named
    /// or not: each of these pairs is one request (CLI.md §6 "normalized parameters").
    @Test func tagOrderRepeatsAndAnImplicitWorkspaceReplay() {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        let ws = cli.run("workspace", "show", "personal", "--json").object["id"] as? String ?? ""
        let pairs: [(first: [String], again: [String], env: [String: String])] = [
            (["--tag", "a", "--tag", "b"], ["--tag", "b", "--tag", "a"], [:]),
            (["--tag", "a", "--tag", "a"], ["--tag", "a"], [:]),
            ([], [], ["NOTESCTL_WORKSPACE": "personal"]),
            ([], ["-w", ws], [:]),
            (["-w", "personal"], [], [:]),
        ]
        for (n, pair) in pairs.enumerated() {
            let first = cli.run(["note", "add", "--title", "t\(n)", "--idempotency-key", "n\(n)", "--json"] + pair.first)
            let again = cli.run(["note", "add", "--title", "t\(n)", "--idempotency-key", "n\(n)", "--json"] + pair.again, env: pair.env)
            #expect(first.status == 0 && again.status == 0, "pair \(n): \(again.stderr)")
            #expect(replayed(again) == true && noteId(again) == noteId(first), "pair \(n)")
        }
        let edit = cli.run("note", "edit", noteId(cli.run("note", "add", "--title", "e", "--json")), "--add-tag", "x", "--add-tag", "y", "--idempotency-key", "e1")
        #expect(edit.status == 0)
        let id = cli.run("note", "list", "--json").array.first { $0["title"] as? String == "e" }?["id"] as? String ?? ""
        let editAgain = cli.run("note", "edit", id, "--add-tag", "y", "--add-tag", "x", "--idempotency-key", "e1", "--json")
        #expect(editAgain.status == 0 && replayed(editAgain) == true, "\(editAgain.stderr)")
        #expect(cli.run("note", "list", "--json").array.count == pairs.count + 1)
        // Other tags are another request.
        let other = cli.run("note", "add", "--title", "t0", "--tag", "a", "--idempotency-key", "n0", "--json")
        #expect(other.status == 4)
    }

    /// The workspace rules come before idempotency (CLI.md §6 step 1): an actor who may no
    /// longer read the workspace gets exit 5 on a replay, not the stored receipt.
    @Test func aReplayAfterAccessIsRevokedIsForbidden() {
        let cli = Notesctl()
        #expect(cli.run("workspace", "create", "Shared", "--slug", "s").status == 0)
        #expect(cli.run("-w", "s", "workspace", "policy", "--agents", "write").status == 0)
        #expect(cli.run("-w", "s", "workspace", "member", "add", "user:bob", "--role", "editor").status == 0)
        let agent = ["-w", "s", "note", "add", "--title", "secret", "--body", "top secret", "--actor", "agent:a", "--idempotency-key", "k", "--json"]
        let bob = ["-w", "s", "note", "add", "--title", "mine", "--actor", "user:bob", "--idempotency-key", "k", "--json"]
        #expect(cli.run(agent).status == 0 && cli.run(bob).status == 0)
        #expect(replayed(cli.run(agent)) == true && replayed(cli.run(bob)) == true)
        #expect(cli.run("-w", "s", "workspace", "policy", "--agents", "deny").status == 0)
        #expect(cli.run("-w", "s", "workspace", "member", "rm", "user:bob").status == 0)
        for argv in [agent, bob] {
            let r = cli.run(argv)
            #expect(r.status == 5, "\(argv): \(r.stdout)")
            #expect(r.error["code"] as? String == "forbidden")
            #expect(!r.stdout.contains("top secret"))
        }
        #expect(cli.run("-w", "s", "note", "list", "--json").array.count == 2, "nothing written")
    }

    /// A request that took the actor's own access away (deleting the workspace, leaving it)
    /// still replays: its retry is the same request, which committed.
    @Test func aReplayOfTheRequestThatTookTheAccessSucceeds() {
        let cli = Notesctl()
        let bob = ["--actor", "user:bob"]
        #expect(cli.run(bob + ["workspace", "create", "Bobs", "--slug", "bobs"]).status == 0)
        let delete = bob + ["workspace", "delete", "bobs", "--idempotency-key", "kd", "--json"]
        #expect(cli.run(delete).status == 0)
        let again = cli.run(delete)
        #expect(again.status == 0 && replayed(again) == true, "\(again.stderr)")
        #expect(cli.run(bob + ["workspace", "create", "B2", "--slug", "b2"]).status == 0)
        #expect(cli.run(bob + ["-w", "b2", "workspace", "member", "add", "user:carol", "--role", "owner"]).status == 0)
        let leave = ["--actor", "user:carol", "-w", "b2", "workspace", "member", "rm", "user:carol", "--idempotency-key", "km", "--json"]
        #expect(cli.run(leave).status == 0)
        let left = cli.run(leave)
        #expect(left.status == 0 && replayed(left) == true, "\(left.stderr)")
    }

    /// In a batch, a `workspace use` changes the workspace in force for the operations after it,
    /// in the fingerprint as when they run: the batch's retry replays.
    @Test func aBatchThatChangesTheWorkspaceInForceReplays() {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        let ops = #"{"operations": [{"command": "workspace create", "args": {"name": "X", "slug": "x"}}, {"command": "workspace use", "args": {"ws": "x"}}, {"command": "workspace policy", "args": {"agents": "write"}}, {"command": "note add", "args": {"title": "in x"}}]}"#
        let first = cli.run(["apply", "--file", "-", "--idempotency-key", "kb", "--json"], stdin: ops)
        #expect(first.status == 0, "\(first.stderr)")
        let again = cli.run(["apply", "--file", "-", "--idempotency-key", "kb", "--json"], stdin: ops)
        #expect(again.status == 0 && replayed(again) == true, "\(again.stderr)")
        #expect(cli.run("-w", "x", "note", "list", "--json").array.count == 1)
        // Back in personal, the same batch with the same key is still the same request.
        #expect(cli.run("workspace", "use", "personal").status == 0)
        let later = cli.run(["apply", "--file", "-", "--idempotency-key", "kb", "--json"], stdin: ops)
        #expect(later.status == 0 && replayed(later) == true, "\(later.stderr)")
    }

    /// The workspace a request acts in is part of it, whether named or in force; what a request
    /// names by id is not changed by the workspace in force.
    @Test func theWorkspaceInForceBetweenAttempts() {
        let cli = Notesctl()
        #expect(cli.run("workspace", "create", "Team", "--slug", "team").status == 0)
        let team = cli.run("workspace", "show", "team", "--json").object["id"] as? String ?? ""
        // A note added with no workspace named, then retried with another one in force: another request.
        #expect(cli.run("note", "add", "--title", "X", "--idempotency-key", "kx").status == 0)
        #expect(cli.run("workspace", "use", "team").status == 0)
        let moved = cli.run("note", "add", "--title", "X", "--idempotency-key", "kx", "--json")
        #expect(moved.status == 4, "\(moved.stdout)")
        #expect(cli.run("-w", "team", "note", "add", "--title", "X", "--idempotency-key", "kx").status == 4)
        #expect(cli.run("-w", "personal", "note", "add", "--title", "X", "--idempotency-key", "kx", "--json").status == 0)
        // workspace use, retried with the id: the same request, though it changed the workspace in force.
        #expect(cli.run("workspace", "use", "personal", "--idempotency-key", "ku").status == 0)
        let use = cli.run("workspace", "use", cli.run("workspace", "show", "personal", "--json").object["id"] as? String ?? "", "--idempotency-key", "ku", "--json")
        #expect(use.status == 0 && replayed(use) == true, "\(use.stderr)")
        // An edit by id, retried with the full id after the workspace in force changed: the same request.
        let id = noteId(cli.run("-w", team, "note", "add", "--title", "C", "--json"))
        #expect(cli.run("note", "edit", String(id.prefix(14)), "--title", "C2", "--idempotency-key", "ke").status == 0)
        #expect(cli.run("workspace", "use", "team").status == 0)
        let edit = cli.run("-w", "personal", "note", "edit", id, "--title", "C2", "--idempotency-key", "ke", "--json")
        #expect(edit.status == 0 && replayed(edit) == true, "\(edit.stderr)")
    }

    /// A retry typed exactly as before replays even when what it named is gone for good.
    @Test func aRetryOfAPurgeReplaysAfterTheNoteIsGone() {
        let cli = Notesctl()
        let id = noteId(cli.run("note", "add", "--title", "doomed", "--json"))
        #expect(cli.run("note", "rm", id).status == 0)
        let prefix = String(id.prefix(12))
        let first = cli.run("note", "purge", prefix, "--idempotency-key", "p1", "--json")
        #expect(first.status == 0, "\(first.stderr)")
        let again = cli.run("note", "purge", prefix, "--idempotency-key", "p1", "--json")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(replayed(again) == true)
    }

    /// `apply` is a batch whatever its size: `results`, and not the same request as the command.
    @Test func applyOfOneOperationIsStillABatch() {
        let cli = Notesctl()
        let ops = #"{"operations": [{"command": "note add", "args": {"title": "solo"}}]}"#
        let r = cli.run(["apply", "--file", "-", "--idempotency-key", "b1", "--json"], stdin: ops)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Set(r.object.keys) == ["results", "request"])
        #expect(((r.object["results"] as? [[String: Any]])?.first?["note"] as? [String: Any])?["title"] as? String == "solo")
        let plain = cli.run("note", "add", "--title", "solo", "--idempotency-key", "b1", "--json")
        #expect(plain.status == 4, "the plain command is another request than the batch")
        let failing = cli.run(["apply", "--file", "-", "--json"], stdin: #"{"operations": [{"command": "note edit", "args": {"id": "nt_00000000000000000000000000", "title": "x"}}]}"#)
        #expect(failing.status == 3)
        #expect((failing.error["details"] as? [String: Any])?["index"] as? Int == 0)
    }

    /// CLI.md §2 and §6: the store is created on the first write, and a failure leaves nothing
    /// behind, so a first write that fails creates no file and no folder.
    @Test func aFailedFirstWriteCreatesNoStore() {
        let cli = Notesctl()
        let folder = cli.dir.path + "/store"
        let attempts: [(args: [String], env: [String: String], status: Int32)] = [
            (["note", "edit", "nt_01m8srp28cr63ssg9y4fdbc3q6", "--title", "x"], [:], 3),
            (["note", "add", "--title", "x"], ["NOTESCTL_ACTOR": "agent:bot"], 5),
            (["workspace", "create", " "], [:], 6),
            (["import", cli.dir.write("bad.jsonl", "{\"type\": \"note\"}\n")], [:], 6),
            (["artifact", "add", "nt_01m8srp28cr63ssg9y4fdbc3q6", cli.dir.write("f.txt", "content")], [:], 3),
        ]
        for a in attempts {
            let r = cli.run(a.args, env: a.env)
            #expect(r.status == a.status, "\(a.args): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder), "\(a.args) left \((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])")
        }
        #expect(cli.run("note", "add", "--title", "first").status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.db))
        #expect(cli.run("note", "list", "--json").array.count == 1)
    }

    /// Processes that all find the store missing each build it under a name of their own; one
    /// puts its store in place, the others write into that one: every write lands, once.
    @Test func processesCreatingTheStoreAtOnceAllLand() {
        let cli = Notesctl()
        let all = parallelMap(8) { i in cli.run("note", "add", "--title", "first \(i)", "--json") }
        #expect(all.allSatisfy { $0.status == 0 }, "\(all.map(\.stderr))")
        #expect(Set(cli.run("note", "list", "--json").array.compactMap { $0["title"] as? String }) == Set((0..<8).map { "first \($0)" }))
        #expect(cli.run("workspace", "list", "--json").array.count == 1, "one personal workspace")
        #expect(cli.run("audit", "verify").status == 0)
        let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: cli.dir.path + "/store")) ?? []).filter { $0.contains(".new-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func eightProcessesRacingOnOneKeyMakeOneNote() throws {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        let all = parallelMap(8) { _ in cli.run("note", "add", "--title", "raced", "--idempotency-key", "race-1", "--json") }
        #expect(all.count == 8)
        #expect(all.allSatisfy { $0.status == 0 }, "\(all.map(\.stderr))")
        let requestIds = Set(all.compactMap { ($0.object["request"] as? [String: Any])?["id"] as? String })
        #expect(requestIds.count == 1, "every process prints the one committed receipt")
        #expect(all.filter { (($0.object["request"] as? [String: Any])?["replayed"] as? Bool) == false }.count == 1)
        #expect(cli.run("note", "list", "--json").array.count == 1)
        #expect(cli.run("audit", "list", "--action", "note.create", "--json").array.count == 1)
    }

    @Test func failedCommandRecordsNoKeySoACorrectedRetryWorks() {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        let events = cli.run("audit", "list", "--json").array.count
        let bad = cli.run("note", "add", "--body-file", cli.dir.file("missing.md"), "--idempotency-key", "fix-me")
        #expect(bad.status == 6)
        #expect(cli.run("audit", "list", "--json").array.count == events)
        let good = cli.run("note", "add", "--title", "fixed", "--idempotency-key", "fix-me", "--json")
        #expect(good.status == 0)
        #expect((good.object["request"] as? [String: Any])?["replayed"] as? Bool == false)
    }

    @Test func dryRunWritesNothingAndConsumesNoKey() {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        let dry = cli.run("note", "add", "--title", "maybe", "--dry-run", "--idempotency-key", "d", "--json")
        #expect(dry.status == 0)
        #expect((dry.object["request"] as? [String: Any])?["dry_run"] as? Bool == true)
        #expect((dry.object["note"] as? [String: Any])?["title"] as? String == "maybe")
        #expect(cli.run("note", "list", "--json").array.isEmpty)
        #expect(cli.run("note", "add", "--title", "maybe", "--idempotency-key", "d").status == 0)
        #expect(cli.run("note", "list", "--json").array.count == 1)
    }

    @Test func correlationComesFromFlagEnvOrTraceparent() {
        let cli = Notesctl()
        let flag = cli.run("note", "add", "--title", "a", "--correlation-id", "wf-1", "--json")
        #expect((flag.object["request"] as? [String: Any])?["correlation_id"] as? String == "wf-1")
        let env = cli.run(["note", "add", "--title", "b", "--json"], env: ["NOTESCTL_CORRELATION_ID": "wf-2"])
        #expect((env.object["request"] as? [String: Any])?["correlation_id"] as? String == "wf-2")
        let tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let trace = cli.run(["note", "add", "--title", "c", "--json"], env: ["TRACEPARENT": tp, "NOTESCTL_CAUSATION_ID": "ev_prev"])
        #expect((trace.object["request"] as? [String: Any])?["correlation_id"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        let events = cli.run("audit", "list", "--correlation-id", "4bf92f3577b34da6a3ce929d0e0e4736", "--json").array
        #expect(events.count == 1)
        #expect(events.first?["traceparent"] as? String == tp)
        #expect(events.first?["causation_id"] as? String == "ev_prev")
        // A malformed TRACEPARENT is ignored: the request id becomes the correlation id.
        let bad = cli.run(["note", "add", "--title", "d", "--json"], env: ["TRACEPARENT": "garbage"])
        #expect(bad.status == 0)
        let request = bad.object["request"] as? [String: Any]
        #expect(request?["correlation_id"] as? String == request?["id"] as? String)

        // Not even UTF-8 is malformed too (tracing tools set it, not the user): still ignored.
        let bytes = runProcess("/bin/sh", ["-c", "TRACEPARENT=\"$(printf '00-\\377')\" exec \"$0\" note add --title e --json", notesctlPath], env: cli.env)
        #expect(bytes.status == 0, "\(bytes.stderr)")
        let byteRequest = bytes.object["request"] as? [String: Any]
        #expect(byteRequest?["correlation_id"] as? String == byteRequest?["id"] as? String)
    }

    /// Tampering needs the append-only triggers out of the way, as an attacker with the file would.
    func tampered(_ sql: String) -> CLIResult {
        let cli = Notesctl()
        for i in 0..<4 { #expect(cli.run("note", "add", "--title", "n\(i)").status == 0) }
        #expect(cli.run("audit", "verify").status == 0)
        let r = cli.sqlite("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete; \(sql)")
        #expect(r.status == 0, "\(r.stderr)")
        return cli.run("audit", "verify", "--json")
    }

    @Test func verifyCatchesAnEditedEvent() {
        let r = tampered("UPDATE audit_events SET actor = 'user:mallory' WHERE seq = 3;")
        #expect(r.status == 7)
        #expect((r.error["details"] as? [String: Any])?["position"] as? Int == 3)
        #expect((r.error["details"] as? [String: Any])?["reason"] as? String == "hash_mismatch")
    }

    @Test func verifyCatchesADeletedEvent() {
        let r = tampered("DELETE FROM audit_events WHERE seq = 2;")
        #expect(r.status == 7)
        #expect((r.error["details"] as? [String: Any])?["reason"] as? String == "prev_hash_mismatch")
        #expect((r.error["message"] as? String)?.contains("position 2") == true)
    }

    @Test func verifyCatchesReorderedEvents() {
        let r = tampered("UPDATE audit_events SET seq = 100 WHERE seq = 3; UPDATE audit_events SET seq = 3 WHERE seq = 4; UPDATE audit_events SET seq = 4 WHERE seq = 100;")
        #expect(r.status == 7)
        #expect((r.error["details"] as? [String: Any])?["position"] as? Int == 3)
    }

    @Test func verifyWithAKeptHeadCatchesTruncation() {
        let cli = Notesctl()
        for i in 0..<3 { #expect(cli.run("note", "add", "--title", "n\(i)").status == 0) }
        let head = cli.run("audit", "head", "--json").object["hash"] as? String ?? ""
        #expect(head.count == 64)
        #expect(cli.run("audit", "verify", "--head", head).status == 0)
        _ = cli.sqlite("DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events);")
        #expect(cli.run("audit", "verify").status == 0, "a cut tail still chains")
        #expect(cli.run("audit", "verify", "--head", head).status == 7, "but the kept head is gone")
    }

    /// NOTESCTL_TRACE_SQL=1 shows on stderr each statement a command runs, once, parameters
    /// filled in; what triggers and FTS5 run inside them comes as "-- " lines.
    @Test func theSQLTraceShowsEachStatementOnce() {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        let r = cli.run(["note", "add", "--title", "traced", "--tag", "a", "--tag", "b", "--json"], env: ["NOTESCTL_TRACE_SQL": "1"])
        #expect(r.status == 0)
        #expect((r.object["note"] as? [String: Any])?["title"] as? String == "traced", "stdout is the receipt as ever")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0 == "BEGIN IMMEDIATE;" }.count == 1)
        #expect(lines.filter { $0.hasPrefix("INSERT INTO notes(") && $0.contains("'traced'") }.count == 1)
        #expect(lines.filter { $0.hasPrefix("INSERT INTO audit_events(") }.count == 1, "the statement, not each trigger it fires")
        #expect(!lines.contains { $0.hasPrefix("INSERT INTO note_tags(") }, "a trigger's statements are not the command's")
        #expect(lines.contains { $0.hasPrefix("-- ") && $0.contains("notes_fts") }, "FTS5's own statements are marked")
        #expect(lines.last == "COMMIT;")
        #expect(cli.run("note", "list", "-q").stderr.isEmpty, "no trace without the variable")
    }

    @Test func verifyHeadMustLookLikeAHash() {
        let cli = Notesctl()
        #expect(cli.run("note", "add", "--title", "a").status == 0)
        let head = cli.run("audit", "head", "--json").object["hash"] as? String ?? ""
        #expect(cli.run("audit", "verify", "--head", head).status == 0)
        let r = cli.run("audit", "verify", "--head", "nothex", "--json")
        #expect(r.status == 2)
        #expect(r.error["code"] as? String == "usage")
    }

    @Test func auditTriggersRefuseChanges() {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        let r = cli.sqlite("UPDATE audit_events SET actor = 'x';")
        #expect(r.status != 0)
        #expect(r.stderr.contains("append-only"))
    }

    @Test func agentWorkflowIsAttributableAndScoped() {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        let denied = cli.run(["note", "add", "--title", "x"], env: ["NOTESCTL_ACTOR": "agent:bot"])
        #expect(denied.status == 5)
        #expect(denied.stderr.contains("hint:") && denied.stderr.contains("--propose"))
        #expect(cli.run("workspace", "policy", "--agents", "write").status == 0)
        let ok = cli.run(["note", "add", "--title", "by bot", "--json"], env: ["NOTESCTL_ACTOR": "agent:bot"])
        #expect(ok.status == 0)
        #expect((ok.object["note"] as? [String: Any])?["created_by"] as? String == "agent:bot")
        #expect(cli.run("audit", "list", "--actor", "agent:bot", "--json").array.count == 1)
        #expect(cli.run(["note", "list"], env: ["NOTESCTL_ACTOR": "robot"]).status == 2)
    }

    /// A malformed actor on the command line or in NOTESCTL_ACTOR is a malformed argument (exit 2,
    /// naming where it came from); in an apply file it is bad data (exit 6). Nothing is written.
    @Test func malformedActorsAreUsageErrorsOnTheCommandLine() {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        let before = cli.sqlite("SELECT count(*) FROM audit_events; SELECT count(*) FROM members;").stdout
        let flag = cli.run(["--actor", "bob", "note", "add", "--title", "x", "--json"])
        #expect(flag.status == 2, "\(flag.stderr)")
        let error = flag.error
        #expect(error["code"] as? String == "usage")
        #expect((error["details"] as? [String: Any])?["token"] as? String == "bob")
        #expect(error["hint"] as? String == "NAME is 1-64 letters, digits or . _ - @ +")
        let variable = cli.run(["note", "add", "--title", "x"], env: ["NOTESCTL_ACTOR": "user:has space"])
        #expect(variable.status == 2 && variable.stderr.contains("(from NOTESCTL_ACTOR)"), "\(variable.stderr)")
        let member = cli.run("workspace", "member", "add", "robot:x", "--role", "editor")
        #expect(member.status == 2 && member.stderr.contains("malformed actor 'robot:x'"), "\(member.stderr)")
        #expect(cli.run("audit", "list", "--actor", "user:").status == 2)
        let ops = #"{"operations": [{"command": "workspace member add", "args": {"actor": "robot:x", "role": "editor"}}]}"#
        let batch = cli.run(["apply", "--file", "-", "--json"], stdin: ops)
        #expect(batch.status == 6, "\(batch.stderr)")
        #expect(cli.sqlite("SELECT count(*) FROM audit_events; SELECT count(*) FROM members;").stdout == before)
    }
}
