import Foundation
import Testing
import TestSupport

/// Agent actions (CLI.md §7): propose, decide, apply, audited as one workflow.
@Suite struct ProposalEndToEndTests {
    let agent = ["NOTESCTL_ACTOR": "agent:bot"]

    /// A store with one note (version 1) owned by the login user, and a viewer.
    func setup() -> (Notesctl, String) {
        let cli = Notesctl()
        let id = (cli.run("note", "add", "--title", "Doc", "--body", "v1", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        #expect(cli.run("workspace", "member", "add", "user:val", "--role", "viewer").status == 0)
        #expect(cli.run("workspace", "member", "add", "user:ed", "--role", "editor").status == 0)
        return (cli, id)
    }

    func propose(_ cli: Notesctl, _ args: [String], env: [String: String]? = nil, correlation: String = "wf-1") -> [String: Any] {
        let r = cli.run(args + ["--propose", "--reason", "tidy", "--correlation-id", correlation, "--json"], env: env ?? agent)
        #expect(r.status == 0, "\(r.stderr)")
        return r.object["proposal"] as? [String: Any] ?? [:]
    }

    func state(_ cli: Notesctl, _ id: String) -> String? {
        cli.run("proposal", "show", id, "--json").object["state"] as? String
    }

    /// The versions an applied proposal makes are of its workflow, like its events: one
    /// correlation id for the note's history and the audit log, whatever the applying request's.
    @Test func appliedVersionsCarryTheProposalsCorrelationId() {
        let cli = Notesctl()
        let id = (cli.run("note", "add", "--title", "C", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        let proposal = cli.run("note", "edit", id, "--title", "C2", "--actor", "agent:bot", "--propose", "--correlation-id", "wf", "--json")
        let pr = (proposal.object["proposal"] as? [String: Any])?["id"] as? String ?? ""
        let applied = cli.run("proposal", "approve", pr, "--apply", "--correlation-id", "mine", "--json")
        #expect(applied.status == 0, "\(applied.stderr)")
        let current = cli.run("note", "history", id, "--json").array.last
        #expect(current?["correlation_id"] as? String == "wf")
        let update = cli.run("audit", "list", "--correlation-id", "wf", "--action", "note.update", "--json").array
        #expect(update.count == 1 && update.first?["request_id"] as? String == current?["request_id"] as? String)
    }

    @Test func agentProposesInsteadOfWriting() {
        let (cli, note) = setup()
        let direct = cli.run(["note", "edit", note, "--title", "New"], env: agent)
        #expect(direct.status == 5)
        #expect(direct.stderr.contains("--propose"))
        let p = propose(cli, ["note", "edit", note, "--title", "New"])
        #expect(p["state"] as? String == "pending")
        #expect(p["proposer"] as? String == "agent:bot")
        #expect(p["reason"] as? String == "tidy")
        #expect(p["correlation_id"] as? String == "wf-1")
        #expect((p["digest"] as? String)?.count == 64)
        #expect((p["base_versions"] as? [String: Any])?[note] as? Int == 1)
        for key in ["id", "state", "proposer", "reason", "operations", "digest", "base_versions", "correlation_id", "created_at", "decided_by", "decided_at"] {
            #expect(p.keys.contains(key), "\(key)")
        }
        let ops = p["operations"] as? [[String: Any]] ?? []
        #expect(ops.first?["command"] as? String == "note edit")
        #expect((ops.first?["args"] as? [String: Any])?["title"] as? String == "New")
        // Nothing changed yet.
        #expect((cli.run("note", "show", note, "--json").object["version"] as? Int) == 1)
        let preview = cli.run("proposal", "show", p["id"] as? String ?? "").stdout
        #expect(preview.contains("\"Doc\" → \"New\""))
    }

    @Test func onlyOtherOwnersAndEditorsDecide() {
        let (cli, note) = setup()
        let mine = propose(cli, ["note", "edit", note, "--title", "Mine"], env: [:])
        #expect(cli.run("proposal", "approve", mine["id"] as? String ?? "").status == 5, "nobody approves their own")
        let p = propose(cli, ["note", "edit", note, "--title", "New"])
        let id = p["id"] as? String ?? ""
        #expect(cli.run(["proposal", "approve", id], env: agent).status == 5)
        #expect(cli.run(["proposal", "approve", id], env: ["NOTESCTL_ACTOR": "user:val"]).status == 5, "viewers do not decide")
        #expect(cli.run(["proposal", "approve", id], env: ["NOTESCTL_ACTOR": "user:stranger"]).status == 5)
        #expect(state(cli, id) == "pending")
        #expect(cli.run(["proposal", "approve", id], env: ["NOTESCTL_ACTOR": "user:ed"]).status == 0)
        #expect(state(cli, id) == "approved")
    }

    @Test func approveWithApplyRunsTheOperationsAsOneAuditedWorkflow() {
        let (cli, note) = setup()
        let p = propose(cli, ["note", "edit", note, "--title", "New"], correlation: "wf-apply")
        let id = p["id"] as? String ?? ""
        let r = cli.run("proposal", "approve", id, "--apply", "--digest", p["digest"] as? String ?? "", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        #expect((r.object["proposal"] as? [String: Any])?["state"] as? String == "applied")
        let shown = cli.run("note", "show", note, "--json").object
        #expect(shown["title"] as? String == "New")
        #expect(shown["version"] as? Int == 2)
        let events = cli.run("audit", "list", "--correlation-id", "wf-apply", "--json").array
        #expect(events.compactMap { $0["action"] as? String } == ["proposal.create", "proposal.approve", "note.update", "proposal.apply"])
        // Each step names the one before it.
        #expect(events[1]["causation_id"] as? String == events[0]["id"] as? String)
        #expect(events[2]["causation_id"] as? String == events[1]["id"] as? String)
        #expect(events[3]["causation_id"] as? String == events[1]["id"] as? String)
        #expect(cli.run("audit", "verify").status == 0)
        #expect(cli.run("proposal", "apply", id).status == 4, "applied is final")
    }

    @Test func digestMismatchRefusesApproval() {
        let (cli, note) = setup()
        let id = propose(cli, ["note", "edit", note, "--title", "New"])["id"] as? String ?? ""
        let r = cli.run("proposal", "approve", id, "--digest", String(repeating: "0", count: 64))
        #expect(r.status == 4)
        #expect(state(cli, id) == "pending")
    }

    /// The digest is checked against the operations themselves, not against the stored digest:
    /// operations edited in the file after the proposal was made are neither approved nor applied.
    @Test func operationsChangedAfterProposingAreRefused() {
        let (cli, note) = setup()
        let p = propose(cli, ["note", "edit", note, "--title", "benign"])
        let id = p["id"] as? String ?? "", digest = p["digest"] as? String ?? ""
        #expect(cli.sqlite("UPDATE proposals SET operations = replace(operations, 'benign', 'EVIL') WHERE id = '\(id)'").status == 0)
        let r = cli.run("proposal", "approve", id, "--digest", digest, "--apply", "--json")
        #expect(r.status == 4)
        #expect((r.error["details"] as? [String: Any])?["reason"] as? String == "digest_mismatch")
        #expect(state(cli, id) == "pending")
        // Approved first, tampered after: apply refuses too.
        let q = propose(cli, ["note", "edit", note, "--title", "benign"], correlation: "wf-2")
        let qid = q["id"] as? String ?? ""
        #expect(cli.run("proposal", "approve", qid).status == 0)
        #expect(cli.sqlite("UPDATE proposals SET operations = replace(operations, 'benign', 'EVIL') WHERE id = '\(qid)'").status == 0)
        #expect(cli.run("proposal", "apply", qid).status == 4)
        #expect((cli.run("note", "show", note, "--json").object["title"] as? String) == "Doc")
    }

    @Test func staleProposalFailsAndAppliesNothing() {
        let (cli, note) = setup()
        let id = propose(cli, ["note", "edit", note, "--title", "From agent"])["id"] as? String ?? ""
        #expect(cli.run("note", "edit", note, "--body", "changed by a person").status == 0)
        #expect(cli.run("proposal", "approve", id).status == 0)
        let r = cli.run("proposal", "apply", id, "--json")
        #expect(r.status == 4)
        #expect((r.error["details"] as? [String: Any])?["reason"] as? String == "stale_proposal")
        #expect(state(cli, id) == "failed", "the failure is recorded")
        let shown = cli.run("note", "show", note, "--json").object
        #expect(shown["title"] as? String == "Doc")
        #expect(shown["version"] as? Int == 2)
        #expect(cli.run("proposal", "apply", id).status == 4)
        #expect(cli.run("audit", "list", "--action", "proposal.fail", "--json").array.count == 1)
    }

    /// A proposal that can never apply for a reason its base versions do not show (the link
    /// was added meanwhile) fails, committed, as a stale one does, instead of staying approved
    /// with no way to close it; nothing of it is applied.
    @Test func aProposalWhoseOperationFailsIsFailedNotStuck() {
        let (cli, note) = setup()
        let other = (cli.run("note", "add", "--title", "Other", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        let ops = "{\"operations\": [{\"command\": \"note edit\", \"args\": {\"id\": \"\(other)\", \"title\": \"Renamed\"}}, {\"command\": \"link add\", \"args\": {\"source\": \"\(note)\", \"target\": \"\(other)\", \"type\": \"blocks\"}}]}"
        let proposed = cli.run(["apply", "--file", "-", "--propose", "--json"], env: agent, stdin: ops)
        let id = (proposed.object["proposal"] as? [String: Any])?["id"] as? String ?? ""
        #expect(proposed.status == 0, "\(proposed.stderr)")
        #expect(cli.run("proposal", "approve", id).status == 0)
        #expect(cli.run("link", "add", note, other, "--type", "blocks").status == 0)
        let r = cli.run("proposal", "apply", id, "--json")
        #expect(r.status == 4, "\(r.stderr)")
        let details = r.error["details"] as? [String: Any] ?? [:]
        #expect(details["reason"] as? String == "operation_failed" && details["operation_index"] as? Int == 1, "\(r.stderr)")
        #expect(state(cli, id) == "failed")
        #expect((cli.run("proposal", "show", id, "--json").object["failure"] as? String)?.contains("already blocks") == true)
        #expect((cli.run("note", "show", other, "--json").object["title"] as? String) == "Other", "nothing was applied")
        #expect(cli.run("audit", "list", "--action", "proposal.fail", "--json").array.count == 1)
        #expect(cli.run("audit", "list", "--action", "note.update", "--target", other, "--json").array.isEmpty)
        #expect(cli.run("proposal", "apply", id).status == 4)
        // Not approved in the first place while an operation fails as the store stands: exit 4,
        // nothing recorded, still pending (and the checks of later operations not skipped).
        let second = propose(cli, ["link", "add", note, other, "--type", "related"])["id"] as? String ?? ""
        #expect(cli.run("link", "add", note, other, "--type", "related").status == 0)
        let refused = cli.run("proposal", "approve", second, "--json")
        #expect(refused.status == 4 && (refused.error["details"] as? [String: Any])?["reason"] as? String == "operation_fails", "\(refused.stderr)")
        #expect(state(cli, second) == "pending")
        #expect(cli.run("audit", "verify").status == 0)
    }

    /// In an apply batch of several operations, a proposal that cannot apply fails the batch:
    /// nothing of it is committed, the proposal stays approved, details.index names the batch's
    /// operation.
    @Test func aFailingProposalApplyInABatchLeavesNothing() {
        let (cli, note) = setup()
        let other = (cli.run("note", "add", "--title", "Other", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        let id = propose(cli, ["link", "add", note, other, "--type", "blocks"])["id"] as? String ?? ""
        #expect(cli.run("proposal", "approve", id).status == 0)
        #expect(cli.run("link", "add", note, other, "--type", "blocks").status == 0)
        let batch = "{\"operations\": [{\"command\": \"note edit\", \"args\": {\"id\": \"\(other)\", \"title\": \"Edited\"}}, {\"command\": \"proposal apply\", \"args\": {\"id\": \"\(id)\"}}]}"
        let r = cli.run(["apply", "--file", "-", "--json"], stdin: batch)
        #expect(r.status == 4 && (r.error["details"] as? [String: Any])?["index"] as? Int == 1, "\(r.stderr)")
        #expect(state(cli, id) == "approved")
        #expect((cli.run("note", "show", other, "--json").object["title"] as? String) == "Other")
        // A batch of that one operation commits the failure, as the command would, naming it.
        let one = "{\"operations\": [{\"command\": \"proposal apply\", \"args\": {\"id\": \"\(id)\"}}]}"
        let alone = cli.run(["apply", "--file", "-", "--json"], stdin: one)
        #expect(alone.status == 4 && (alone.error["details"] as? [String: Any])?["index"] as? Int == 0, "\(alone.stderr)")
        #expect(state(cli, id) == "failed")
    }

    /// The digest can be checked without notesctl, as the man page says: jq and sha256sum.
    @Test func theDigestIsTheSHA256OfTheOperationsAsJqPrintsThem() {
        let (cli, note) = setup()
        let r = cli.run(["note", "edit", note, "--title", "Ärger 🎉 \"x\" / \\ q", "--body", "a\nb\ttab", "--tag", "z", "--tag", "a",
                         "--propose", "--json"], env: agent)
        #expect(r.status == 0, "\(r.stderr)")
        let digest = (r.object["proposal"] as? [String: Any])?["digest"] as? String ?? ""
        let id = (r.object["proposal"] as? [String: Any])?["id"] as? String ?? ""
        let sh = runProcess("/bin/sh", ["-c", "\"$0\" proposal show \"$1\" --json | jq -jcS .operations | sha256sum | cut -c1-64", notesctlPath, id], env: cli.env)
        #expect(sh.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == digest, "\(sh.stderr)")
    }

    /// Small refusals: a proposal lifetime of 0, an unknown key at the top of a batch, and
    /// superseding a proposal of another workspace.
    @Test func lifetimeBatchKeysAndSupersedingAcrossWorkspaces() {
        let (cli, note) = setup()
        #expect(cli.run(["note", "edit", note, "--title", "x", "--propose"], env: ["NOTESCTL_ACTOR": "agent:bot", "NOTESCTL_PROPOSAL_LIFETIME": "0"]).status == 2)
        let extra = #"{"operations": [{"command": "note add", "args": {"title": "t"}}], "dry_run": true}"#
        let batch = cli.run(["apply", "--file", "-"], stdin: extra)
        #expect(batch.status == 6 && batch.stderr.contains("unknown key \"dry_run\""), "\(batch.stderr)")
        #expect(cli.run("workspace", "create", "Team", "--slug", "team").status == 0)
        let here = propose(cli, ["note", "edit", note, "--title", "y"])["id"] as? String ?? ""
        let there = cli.run(["-w", "team", "note", "add", "--title", "z", "--propose", "--supersedes", here], env: agent)
        #expect(there.status == 4, "\(there.stderr)")
        #expect(state(cli, here) == "pending")
    }

    @Test func rejectWithdrawSupersedeAndIllegalTransitions() {
        let (cli, note) = setup()
        let a = propose(cli, ["note", "edit", note, "--title", "A"])["id"] as? String ?? ""
        #expect(cli.run("proposal", "reject", a).status == 2, "--reason is required")
        #expect(cli.run("proposal", "reject", a, "--reason", " ").status == 6, "and says something")
        #expect(cli.run("proposal", "reject", a, "--reason", "no").status == 0)
        #expect(state(cli, a) == "rejected")
        #expect(cli.run("proposal", "approve", a).status == 4)
        let b = propose(cli, ["note", "edit", note, "--title", "B"])["id"] as? String ?? ""
        #expect(cli.run("proposal", "withdraw", b).status == 5, "only the proposer withdraws")
        #expect(cli.run(["proposal", "withdraw", b], env: agent).status == 0)
        #expect(state(cli, b) == "withdrawn")
        let c = propose(cli, ["note", "edit", note, "--title", "C"])["id"] as? String ?? ""
        let d = cli.run(["note", "edit", note, "--title", "D", "--propose", "--supersedes", c, "--json"], env: agent)
        #expect(d.status == 0)
        #expect(state(cli, c) == "superseded")
        #expect((d.object["proposal"] as? [String: Any])?["supersedes"] as? String == c)
        #expect(cli.run("proposal", "list", "--state", "pending", "--json").array.count == 1)
    }

    @Test func expiredProposalsCannotBeApproved() {
        let (cli, note) = setup()
        let r = cli.run(["note", "edit", note, "--title", "late", "--propose", "--json"], env: agent.merging(["NOTESCTL_PROPOSAL_LIFETIME": "1h"]) { $1 })
        let id = (r.object["proposal"] as? [String: Any])?["id"] as? String ?? ""
        #expect(state(cli, id) == "pending")
        // An hour later, as the clock would make it.
        #expect(cli.sqlite("UPDATE proposals SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 second') WHERE id = '\(id)';").status == 0)
        #expect(state(cli, id) == "expired")
        #expect(cli.run("proposal", "approve", id).status == 4)
    }

    @Test func batchesCanBeProposedAndApplyAtomically() {
        let (cli, note) = setup()
        let ops = #"{"operations":[{"command":"note add","args":{"title":"from batch"}},{"command":"note pin","args":{"id":"\#(note)"}}]}"#
        let r = cli.run(["apply", "--file", "-", "--propose", "--json"], env: agent, stdin: ops)
        #expect(r.status == 0, "\(r.stderr)")
        let id = (r.object["proposal"] as? [String: Any])?["id"] as? String ?? ""
        #expect(cli.run("note", "list", "--json").array.count == 1)
        #expect(cli.run("proposal", "approve", id, "--apply").status == 0)
        #expect(cli.run("note", "list", "--json").array.count == 2)
        #expect(cli.run("note", "list", "--pinned", "--json").array.count == 1)
    }

    @Test func proposalsCannotBeProposedAndDryRunKeepsNothing() {
        let (cli, note) = setup()
        let id = propose(cli, ["note", "edit", note, "--title", "x"])["id"] as? String ?? ""
        #expect(cli.run("proposal", "approve", id, "--propose").status == 6)
        let dry = cli.run(["note", "edit", note, "--title", "y", "--propose", "--dry-run"], env: agent)
        #expect(dry.status == 0)
        #expect(cli.run("proposal", "list", "--json").array.count == 1)
        #expect(cli.run("note", "add", "--title", "z", "--reason", "no propose").status == 2)
    }

    /// `workspace use` (an approved choice would be the approver's) and `import` (a whole
    /// store) take no --propose: exit 2 on the command line, 6 inside a proposed batch, and
    /// nothing is written. Before, import ignored --propose and imported.
    @Test func workspaceUseAndImportCannotBeProposed() {
        let (cli, _) = setup()
        #expect(cli.run("workspace", "create", "Scratch", "--slug", "scratch").status == 0)
        let export = cli.dir.path + "/export.jsonl"
        #expect(runProcess("/bin/sh", ["-c", "\"$0\" export > \"$1\"", notesctlPath, export], env: cli.env).status == 0)
        let before = cli.sqlite("SELECT count(*) FROM audit_events; SELECT count(*) FROM proposals;").stdout
        let use = cli.run(["workspace", "use", "scratch", "--propose"], env: agent)
        #expect(use.status == 2 && use.stderr.contains("cannot be proposed"), "\(use.stderr)")
        let other = Notesctl()
        for args in [["import", export, "--propose"], ["import", export, "--reason", "x"], ["import", export, "--supersedes", "pr_x"]] {
            let r = other.run(args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: other.db), "a refused import made a store")
        let batch = #"{"operations": [{"command": "note add", "args": {"title": "fine"}}, {"command": "workspace use", "args": {"ws": "scratch"}}]}"#
        let proposed = cli.run(["apply", "--file", "-", "--propose", "--json"], env: agent, stdin: batch)
        #expect(proposed.status == 6 && proposed.error["details"].flatMap { $0 as? [String: Any] }?["index"] as? Int == 1, "\(proposed.stderr)")
        #expect(cli.sqlite("SELECT count(*) FROM audit_events; SELECT count(*) FROM proposals;").stdout == before)
        #expect(!cli.run("help", "import").stdout.contains("--propose"))
        #expect(cli.run("help", "note", "add").stdout.contains("--propose"))
    }
    /// A proposal belongs to the workspace its changes are in, whatever -w the proposer used:
    /// listed and decided there, and hidden from those who may not read it.
    @Test func aProposalBelongsToTheWorkspaceItChanges() {
        let (cli, _) = setup()
        #expect(cli.run("workspace", "create", "Team", "--slug", "team").status == 0)
        let team = cli.run("workspace", "show", "team", "--json").object["id"] as? String ?? ""
        let secret = (cli.run("-w", "team", "note", "add", "--title", "Secret", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        // The agent proposes from personal (the workspace in force) a change to team's note.
        let p = propose(cli, ["note", "edit", secret, "--title", "Hacked"])
        let id = p["id"] as? String ?? ""
        #expect(p["workspace_id"] as? String == team)
        #expect(cli.run("-w", "team", "proposal", "list", "--json").array.count == 1)
        #expect(cli.run("proposal", "list", "--json").array.isEmpty)
        // user:ed edits personal but has no role in team: he may neither see nor decide it.
        let ed = ["NOTESCTL_ACTOR": "user:ed"]
        #expect(cli.run(["proposal", "show", id], env: ed).status == 5)
        #expect(cli.run(["proposal", "approve", id], env: ed).status == 5)
        #expect(state(cli, id) == "pending")
        #expect(cli.run("proposal", "approve", id, "--apply").status == 0)
        #expect((cli.run("note", "show", secret, "--json").object["title"] as? String) == "Hacked")
        // A batch across workspaces stays in the one in force, and is shown only to those who
        // may read every workspace it changes.
        let mine = (cli.run("note", "add", "--title", "Mine", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        let ops = "{\"operations\": [{\"command\": \"note edit\", \"args\": {\"id\": \"\(mine)\", \"title\": \"A\"}}, {\"command\": \"note edit\", \"args\": {\"id\": \"\(secret)\", \"title\": \"B\"}}]}"
        let both = cli.run(["apply", "--file", "-", "--propose", "--json"], env: agent, stdin: ops)
        let bothId = (both.object["proposal"] as? [String: Any])?["id"] as? String ?? ""
        #expect(both.status == 0 && (both.object["proposal"] as? [String: Any])?["workspace_id"] as? String != team, "\(both.stderr)")
        #expect(cli.run(["proposal", "show", bothId], env: ed).status == 5)
        #expect(cli.run(["proposal", "list", "--json"], env: ed).array.isEmpty)
        #expect(cli.run("proposal", "list", "--json").array.count == 1)
    }

    /// Approving vouches for the changes: an editor cannot approve what needs an owner.
    @Test func approvingNeedsTheRightToMakeTheChanges() {
        let (cli, _) = setup()
        let id = propose(cli, ["workspace", "member", "add", "agent:bot", "--role", "owner"])["id"] as? String ?? ""
        let ed = cli.run(["proposal", "approve", id, "--json"], env: ["NOTESCTL_ACTOR": "user:ed"])
        #expect(ed.status == 5 && ed.error["message"].flatMap { $0 as? String }?.contains("needs the right to make its changes yourself") == true, "\(ed.stderr)")
        #expect(state(cli, id) == "pending")
        #expect(cli.run("audit", "list", "--action", "proposal.approve", "--json").array.isEmpty)
        // The owner may, and does.
        #expect(cli.run("proposal", "approve", id, "--apply").status == 0)
        #expect(state(cli, id) == "applied")
        #expect(cli.run("audit", "verify").status == 0)
    }

    /// A purge proposal shows of a link from another workspace's note only its ids and type,
    /// and belongs to the note's workspace; a rejected proposal is exit 4 to approve, before
    /// any trial of its operations.
    @Test func purgeProposalsShowNothingOfOtherWorkspaces() {
        let (cli, note) = setup()
        #expect(cli.run("workspace", "create", "B", "--slug", "b").status == 0)
        let inB = (cli.run("-w", "b", "note", "add", "--title", "In b", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        #expect(cli.run("link", "add", inB, note, "--type", "blocks", "--label", "SECRET-LABEL").status == 0)
        #expect(cli.run("-w", "b", "workspace", "policy", "--agents", "deny").status == 0)
        #expect(cli.run("workspace", "policy", "--agents", "write").status == 0)
        #expect(cli.run(["note", "rm", note], env: agent).status == 0)
        // The agent may not even name b (deny), where it would have filed the proposal.
        #expect(cli.run(["-w", "b", "note", "purge", note, "--propose"], env: agent).status == 5)
        let p = cli.run(["note", "purge", note, "--propose", "--json"], env: agent)
        #expect(p.status == 0, "\(p.stderr)")
        #expect(!p.stdout.contains("SECRET-LABEL"))
        let personal = cli.run("workspace", "show", "personal", "--json").object["id"] as? String
        #expect((p.object["proposal"] as? [String: Any])?["workspace_id"] as? String == personal)
        let id = (p.object["proposal"] as? [String: Any])?["id"] as? String ?? ""
        #expect(cli.run(["proposal", "show", id], env: ["NOTESCTL_ACTOR": "user:ed"]).status == 0)
        #expect(cli.run("proposal", "reject", id, "--reason", "no").status == 0)
        #expect(cli.run("proposal", "approve", id).status == 4)
    }
}
