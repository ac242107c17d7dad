import Foundation
import Testing
import TestSupport

/// The committed completion scripts, run by the real shells against a real store: verbs,
/// options, choice values and, through `notesctl __complete`, workspace slugs and note ids.
@Suite struct CompletionEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let bash = which("bash")
    static let zsh = which("zsh")
    static let fish = which("fish")

    /// A store with a `team` workspace and a note in `personal`; `notesctl` first on PATH.
    func storeWithTeam() throws -> (Notesctl, String) {
        var cli = Notesctl()
        let bin = URL(fileURLWithPath: notesctlPath).deletingLastPathComponent().path
        cli.env["PATH"] = bin + ":" + (cli.env["PATH"] ?? "/usr/bin:/bin")
        #expect(cli.run("workspace", "create", "Team Notes", "--slug", "team").status == 0)
        let r = cli.run("note", "add", "--title", "Completed", "--json")
        let note = try #require(r.object["note"] as? [String: Any], "\(r.stderr)")
        return (cli, try #require(note["id"] as? String))
    }

    /// Runs `_notesctl` in bash for each word list (COMP_WORDS, cursor on the last word).
    func bashComplete(_ cli: Notesctl, _ queries: [[String]]) throws -> [[String]] {
        var program = "source '\(Self.root)/completions/notesctl.bash'\n"
        for q in queries {
            let words = q.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            program += "COMP_WORDS=(\(words)); COMP_CWORD=\(q.count - 1); COMPREPLY=(); _notesctl; echo \"@@ ${COMPREPLY[*]}\"\n"
        }
        let r = runProcess(try #require(Self.bash), ["--norc", "--noprofile", "-c", program], env: cli.env)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        return r.stdout.split(separator: "\n").filter { $0.hasPrefix("@@") }.map {
            $0.dropFirst(2).split(separator: " ").map(String.init)
        }
    }

    @Test func completionCommandPrintsTheCommittedScripts() throws {
        let cli = Notesctl()
        for (shell, file) in [("bash", "notesctl.bash"), ("zsh", "_notesctl"), ("fish", "notesctl.fish")] {
            let r = cli.run("completion", shell)
            #expect(r.status == 0)
            let committed = try String(contentsOfFile: Self.root + "/completions/" + file, encoding: .utf8)
            #expect(r.stdout == committed, "completions/\(file) differs from `notesctl completion \(shell)`: run scripts/regenerate-docs.sh")
        }
        let bad = cli.run("completion", "tcsh")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bash, zsh, fish"))
    }

    @Test(.enabled(if: bash != nil, "bash is not installed (scripts/install-deps.sh --test installs it)"))
    func bashCompletesVerbsOptionsValuesAndSlugsFromTheStore() throws {
        let (cli, id) = try storeWithTeam()
        let got = try bashComplete(cli, [
            ["notesctl", "no"],
            ["notesctl", "note", "li"],
            ["notesctl", "note", "list", "--so"],
            ["notesctl", "note", "list", "--sort", ""],
            ["notesctl", "workspace", "member", "add", "agent:x", "--role", "ed"],
            ["notesctl", "-w", ""],
            ["notesctl", "note", "move", id, "--to", "t"],
            ["notesctl", "--workspace", "=", "te"],
            ["notesctl", "note", "show", ""],
            ["notesctl", "-w", "team", "note", "show", ""],
            ["notesctl", "workspace", "member", "rm", "user", ":", ""],
        ])
        #expect(got.count == 11)
        guard got.count == 11 else { return }
        #expect(got[0] == ["note"])
        #expect(got[1] == ["list"])
        #expect(got[2] == ["--sort"])
        #expect(got[3] == ["updated", "created", "title"])
        #expect(got[4] == ["editor"])
        #expect(got[5] == ["personal", "team"])
        #expect(got[6] == ["team"])
        #expect(got[7] == ["team"], "--workspace=te, which bash splits at =")
        #expect(got[8] == [id])
        #expect(got[9] == [], "team holds no notes: -w on the line is passed on")
        #expect(got[10].count == 1 && got[10][0] == NSUserName(), "the member after user:, relative to what bash split at ':'")
    }

    @Test(.enabled(if: bash != nil, "bash is not installed (scripts/install-deps.sh --test installs it)"))
    func bashCompletionReadsTheStoreNamedOnTheLine() throws {
        let (cli, _) = try storeWithTeam()
        var other = cli
        other.env["NOTESCTL_DB"] = cli.dir.path + "/elsewhere.db"
        let got = try bashComplete(other, [["notesctl", "--db", cli.db, "-w", ""], ["notesctl", "-w", ""]])
        #expect(got == [["personal", "team"], []])
        #expect(!FileManager.default.fileExists(atPath: cli.dir.path + "/elsewhere.db"), "completing on a missing store creates nothing")
    }

    @Test func dynamicCandidatesComeOnePerLineWithADescription() throws {
        let (cli, id) = try storeWithTeam()
        let ws = cli.run("__complete", "workspace")
        #expect(ws.status == 0)
        #expect(ws.stdout == "personal\tPersonal\nteam\tTeam Notes\n")
        #expect(cli.run("__complete", "workspace", "--", "t").stdout == "team\tTeam Notes\n")
        #expect(cli.run("__complete", "workspace", "ws_").stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("ws_") })
        #expect(cli.run("__complete", "note").stdout == "\(id)\tCompleted\n")
        #expect(cli.run("-w", "team", "__complete", "note").stdout == "")
        #expect(cli.run("__complete", "actor").stdout.hasPrefix("user:"))
        #expect(cli.run("__complete", "event").stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("ev_") })
        #expect(cli.run("__complete", "no-such-kind").stdout == "")
    }

    @Test func tasksArtifactsAndProposalsAreOfferedToo() throws {
        let cli = Notesctl()
        let r = cli.run("note", "add", "--title", "Plan", "--body", "- [ ] ship it", "--json")
        let id = try #require((r.object["note"] as? [String: Any])?["id"] as? String, "\(r.stderr)")
        #expect(cli.run("artifact", "add", id, "--uri", "https://example.com/spec", "--name", "spec").status == 0)
        #expect(cli.run("--actor", "agent:bot", "note", "add", "--title", "Proposed", "--propose", "--reason", "please").status == 0)
        #expect(cli.run("__complete", "task").stdout.hasSuffix("\t[ ] ship it\n"))
        #expect(cli.run("__complete", "artifact").stdout.hasSuffix("\tspec\n"))
        let proposal = cli.run("__complete", "proposal").stdout
        #expect(proposal.hasPrefix("pr_") && proposal.hasSuffix("\tpending by agent:bot: please\n"))
    }

    @Test func dynamicCompletionOnAMissingStorePrintsNothingAndCreatesNothing() {
        let cli = Notesctl()
        for kind in ["workspace", "note", "actor", "event", "task", "artifact", "proposal", "link"] {
            let r = cli.run("__complete", kind)
            #expect(r.status == 0)
            #expect(r.stdout.isEmpty && r.stderr.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: cli.dir.path + "/store"))
    }

    @Test func hiddenCommandsStayOutOfHelp() {
        let cli = Notesctl()
        let help = cli.run("help").stdout
        #expect(help.contains("completion"))
        #expect(!help.contains("__complete"))
        #expect(!help.contains("__manpage"))
    }

    @Test(.enabled(if: zsh != nil, "zsh is not installed (scripts/install-deps.sh --test installs it)"))
    func zshScriptLoadsSourcedAndFromFpath() throws {
        let cli = Notesctl()
        let dir = cli.dir.path
        let sourced = runProcess(try #require(Self.zsh), ["-f", "-c",
            "autoload -U compinit && compinit -u -d \(dir)/zdump1 && source \(Self.root)/completions/_notesctl && print -r -- $_comps[notesctl]"],
            env: cli.env)
        #expect(sourced.status == 0)
        #expect(sourced.stderr.isEmpty, "\(sourced.stderr)")
        #expect(sourced.stdout == "_notesctl\n")
        let autoloaded = runProcess(try #require(Self.zsh), ["-f", "-c",
            "fpath=(\(Self.root)/completions $fpath); autoload -U compinit && compinit -u -d \(dir)/zdump2 && print -r -- $_comps[notesctl]"],
            env: cli.env)
        #expect(autoloaded.status == 0)
        #expect(autoloaded.stderr.isEmpty, "\(autoloaded.stderr)")
        #expect(autoloaded.stdout == "_notesctl\n")
    }

    @Test(.enabled(if: fish != nil, "fish is not installed (scripts/install-deps.sh --test installs it)"))
    func fishScriptLoadsAndCompletesSlugsAndIdsFromTheStore() throws {
        let (cli, id) = try storeWithTeam()
        let program = #"source $argv[1]; for q in $argv[2..-1]; echo "@@ $q"; complete -C "$q"; end"#
        let queries = ["notesctl note li", "notesctl -w ", "notesctl note show ", "notesctl note list --sort=t", "notesctl note add --body-file /et"]
        let r = runProcess(try #require(Self.fish), ["--no-config", "-c", program, Self.root + "/completions/notesctl.fish"] + queries, env: cli.env)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        var got: [String: [String]] = [:]
        var current = ""
        for line in r.stdout.split(separator: "\n").map(String.init) {
            if line.hasPrefix("@@ ") { current = String(line.dropFirst(3)); got[current] = [] } else { got[current, default: []].append(line) }
        }
        #expect(got["notesctl note li"]?.map { $0.split(separator: "\t").first.map(String.init) ?? "" } == ["list"])
        #expect(got["notesctl -w "] == ["personal\tPersonal", "team\tTeam Notes"])
        #expect(got["notesctl note show "] == ["\(id)\tCompleted"])
        #expect(got["notesctl note list --sort=t"]?.first?.hasPrefix("--sort=title") == true)
        #expect(got["notesctl note add --body-file /et"]?.contains("/etc/") == true)
    }
}
