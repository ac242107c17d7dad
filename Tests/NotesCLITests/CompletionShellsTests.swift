import Foundation
import Testing
import TestSupport
@testable import NotesCLI
@testable import NotesCore

/// Where the real shells are; a test that needs a missing one is skipped, saying which (CI
/// installs them all: scripts/install-deps.sh --test).
enum Shells {
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let bash = find("bash")
    static let zsh = find("zsh")
    static let fish = find("fish")

    /// Writes `text` to a temp file and returns its path (kept alive by `dir`).
    static func file(_ text: String, named name: String, in dir: TempDir) -> String { dir.write(name, text) }

    /// A zsh script that loads completions from the folder `$1` through compinit, then, in an
    /// interactive zsh on a pseudo-terminal (zpty), types each further argument followed by Tab
    /// and prints what completion offered: `@@ LINE`, then one candidate per line.
    /// It replaces `compadd` to see the candidates, as zsh-capture-completion does.
    static let zshCapture = #"""
    zmodload zsh/zpty
    local dir=$1; shift
    local setup=$dir/capture-setup.zsh
    cat > $setup <<SETUP
    PROMPT=
    LISTMAX=100000
    fpath=($dir \$fpath)
    autoload -U compinit; compinit -u -d $dir/zcompdump
    notesctl-complete() { zle complete-word; echo -E - "@@END@@" }
    zle -N notesctl-complete
    bindkey '^I' notesctl-complete
    bindkey '^M' undefined
    bindkey '^J' undefined
    zstyle ':completion:*' list-grouped false
    zstyle ':completion:*' insert-tab false
    compadd() {
      if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "\$@"; return \$?; fi
      typeset -a __hits
      builtin compadd -A __hits "\$@"
      local h
      for h in \$__hits; do echo -E - "HIT:\$h"; done
    }
    echo @@READY@@
    SETUP
    zpty z zsh -f -i
    zpty -w z "source $setup"
    local line
    repeat 50; do zpty -r z line; [[ $line == *@@READY@@* ]] && break; done
    for query in "$@"; do
      print -r -- "@@ $query"
      zpty -w -n z "$query"$'\t'
      while zpty -r z line; do
        [[ $line == *@@END@@* ]] && break
        [[ $line == *HIT:* ]] && print -r -- ${${line#*HIT:}//[$'\r\n']/}
      done
      zpty -w -n z $'\C-u'
    done
    zpty -d z
    """#

    /// Runs the capture for `queries` with `completionFile` as `_notesctl`; returns each query's candidates.
    static func zshComplete(_ completionFile: String, _ queries: [String], env: [String: String]) -> [String: Set<String>] {
        let dir = TempDir("zsh-capture")
        _ = dir.write("_notesctl", (try? String(contentsOfFile: completionFile, encoding: .utf8)) ?? "")
        let capture = dir.write("capture.zsh", zshCapture)
        guard let zsh else { return [:] }
        // A bound on the run, so a completion that never finishes fails the test instead of hanging it.
        let timeout = find("timeout")
        let r = timeout.map { runProcess($0, ["-k", "5", "60", zsh, "-f", capture, dir.path] + queries, env: env) }
            ?? runProcess(zsh, ["-f", capture, dir.path] + queries, env: env)
        return parseBlocks(r.stdout)
    }

    /// `@@ QUERY` lines, each followed by its candidates.
    static func parseBlocks(_ text: String) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("@@ ") {
                current = String(line.dropFirst(3))
                out[current ?? ""] = []
            } else if let c = current, !line.isEmpty {
                out[c, default: []].insert(String(line.split(separator: "\t").first ?? ""))
            }
        }
        return out
    }
}

/// The generated scripts, run by the real shells, offer exactly what the table holds: every
/// group's words and every command's options. (The end-to-end tests add store candidates.)
@Suite(.serialized) struct CompletionShellsTests {
    let facts = TableFacts()
    let dir = TempDir("completion-shells")

    func env() -> [String: String] { baseEnvironment(home: dir.path, db: dir.db) }

    /// Command lines to complete, with what each must offer.
    var expectations: [(line: [String], expected: Set<String>)] {
        var out: [([String], Set<String>)] = []
        for path in facts.model.groupPaths { out.append((path, Set(facts.model.children(of: path)))) }
        for c in facts.leaves { out.append((c.path + ["--"], facts.optionNames(c))) }
        return out
    }

    @Test(.enabled(if: Shells.bash != nil, "bash is not installed (scripts/install-deps.sh --test installs it)"))
    func bashOffersEveryGroupsWordsAndEveryCommandsOptions() throws {
        let script = Shells.file(CompletionScript.generate(.bash, table: Commands.table), named: "notesctl.bash", in: dir)
        var program = "source \(CompletionScript.quoted(script))\n"
        program += #"q() { COMP_WORDS=(notesctl "$@"); COMP_CWORD=$#; COMPREPLY=(); _notesctl; echo "@@ $*"; printf '%s\n' "${COMPREPLY[@]}"; }"# + "\n"
        for e in expectations {
            let words = e.line.last == "--" ? e.line : e.line + [""]
            program += "q " + words.map(CompletionScript.quoted).joined(separator: " ") + "\n"
        }
        let r = runProcess(try #require(Shells.bash), ["--norc", "--noprofile", "-c", program], env: env())
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        let got = Shells.parseBlocks(r.stdout)
        for e in expectations {
            let key = (e.line.last == "--" ? e.line : e.line + [""]).joined(separator: " ")
            #expect(got[key] == e.expected, "bash: notesctl \(key)")
        }
    }

    @Test(.enabled(if: Shells.fish != nil, "fish is not installed (scripts/install-deps.sh --test installs it)"))
    func fishOffersEveryGroupsWordsAndEveryCommandsOptions() throws {
        let script = Shells.file(CompletionScript.generate(.fish, table: Commands.table), named: "notesctl.fish", in: dir)
        let queries = expectations.map { "notesctl " + $0.line.joined(separator: " ") + ($0.line.last == "--" ? "" : " ") }
        let program = #"source $argv[1]; for q in $argv[2..-1]; echo "@@ $q"; complete -C "$q"; end"#
        let r = runProcess(try #require(Shells.fish), ["--no-config", "-c", program, script] + queries, env: env())
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        let got = Shells.parseBlocks(r.stdout)
        for (q, e) in zip(queries, expectations) {
            #expect(got[q] == e.expected, "fish: \(q)")
        }
    }

    @Test(.enabled(if: Shells.zsh != nil, "zsh is not installed (scripts/install-deps.sh --test installs it)"))
    func zshOffersEveryGroupsWordsAndEveryCommandsOptions() throws {
        let script = Shells.file(CompletionScript.generate(.zsh, table: Commands.table), named: "_notesctl", in: dir)
        let queries = expectations.map { "notesctl " + $0.line.joined(separator: " ") + ($0.line.last == "--" ? "" : " ") }
        let got = Shells.zshComplete(script, queries, env: env())
        for (q, e) in zip(queries, expectations) {
            // zsh offers the short spelling too when an option has one (-w, -q, -h); compare long names.
            #expect(got[q].map { $0.filter { !$0.hasPrefix("-") || $0.hasPrefix("--") } } == e.expected, "zsh: \(q)")
        }
    }

    @Test(.enabled(if: Shells.zsh != nil, "zsh is not installed (scripts/install-deps.sh --test installs it)"))
    func zshCompletesSlugsAndIdsFromARealStore() throws {
        var cli = Notesctl()
        cli.env["PATH"] = URL(fileURLWithPath: notesctlPath).deletingLastPathComponent().path + ":" + (cli.env["PATH"] ?? "")
        #expect(cli.run("workspace", "create", "Team Notes", "--slug", "team").status == 0)
        let note = try #require(cli.run("note", "add", "--title", "Zsh", "--json").object["note"] as? [String: Any])
        let id = try #require(note["id"] as? String)
        let script = Shells.file(CompletionScript.generate(.zsh, table: Commands.table), named: "_notesctl", in: dir)
        let got = Shells.zshComplete(script, ["notesctl -w ", "notesctl --workspace=t", "notesctl note show ",
                                              "notesctl -w team note show ", "notesctl note move \(id) --to "], env: cli.env)
        #expect(got["notesctl -w "] == ["personal", "team"])
        #expect(got["notesctl --workspace=t"] == ["team"])
        #expect(got["notesctl note show "] == [id])
        #expect(got["notesctl -w team note show "] == [], "-w on the line is passed on")
        #expect(got["notesctl note move \(id) --to "] == ["personal", "team"])
    }

    @Test(.enabled(if: Shells.bash != nil, "bash is not installed (scripts/install-deps.sh --test installs it)"))
    func bashOffersChoiceValuesInBothSpellings() throws {
        let script = Shells.file(CompletionScript.generate(.bash, table: Commands.table), named: "notesctl.bash", in: dir)
        let program = """
        source \(script)
        COMP_WORDS=(notesctl note list --sort ''); COMP_CWORD=4; _notesctl; echo "${COMPREPLY[*]}"
        COMP_WORDS=(notesctl note list --sort = ti); COMP_CWORD=5; COMPREPLY=(); _notesctl; echo "${COMPREPLY[*]}"
        COMP_WORDS=(notesctl workspace policy --agents w); COMP_CWORD=4; COMPREPLY=(); _notesctl; echo "${COMPREPLY[*]}"
        """
        let r = runProcess(try #require(Shells.bash), ["--norc", "-c", program], env: env())
        #expect(r.stdout == "updated created title\ntitle\nwrite\n", "\(r.stderr)")
    }
}
