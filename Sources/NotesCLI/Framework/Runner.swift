import NotesCore
#if canImport(Glibc)
import Glibc
#endif

/// Runs command lines: parse against the table, build the output, dispatch, map errors to exit codes.
public enum Runner {
    /// The process entry point: checks the raw argv bytes, then runs.
    public static func main() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let env = Environment.current()
        if let bad = env.invalidNames.first(where: Environment.isRead) {
            let output = makeOutput(GlobalValues(), env: env, jsonHint: false)
            output.error(.invalid("environment variable \(bad) is not valid UTF-8", details: ["variable": .string(bad)]))
            return NotesError.Code.invalid.exitCode
        }
        let session = Session(env: env)
        var argv: [String] = []
        for i in 1..<Int(CommandLine.argc) {
            // CommandLine.arguments would silently replace invalid bytes: check the raw ones.
            guard let raw = CommandLine.unsafeArgv[i], let s = String(validatingCString: raw) else {
                let output = makeOutput(GlobalValues(), env: env, jsonHint: false)
                output.error(.invalid("argument \(i) is not valid UTF-8", details: ["position": .int(Int64(i))]))
                return NotesError.Code.invalid.exitCode
            }
            argv.append(s)
        }
        return run(argv, session: session)
    }

    /// Runs one command line (without the program name) and returns its exit status.
    public static func run(_ argv: [String], session: Session) -> Int32 {
        let env = session.env
        // Errors before the options are known still honour --json.
        let wantsJSON = argv.contains("--json") || argv.contains("--jsonl") || env["NOTESCTL_FORMAT"] == "json" || env["NOTESCTL_FORMAT"] == "jsonl"
        let line: ParsedLine
        do {
            line = try Parser(table: session.table).parse(argv)
        } catch {
            let output = makeOutput(GlobalValues(), env: env, jsonHint: wantsJSON)
            return fail(error, output)
        }
        let output = makeOutput(line.globals, env: env, jsonHint: false)
        defer { output.flush() }
        guard let command = line.command, !line.globals.help else {
            do {
                try output.stdout.write(Help.text(for: line.path, table: session.table))
                return 0
            } catch {
                return 0
            }
        }
        let invocation = Invocation(command: command, args: line.args, globals: line.globals, output: output, session: session)
        do {
            if line.globals.json && line.globals.jsonl { throw NotesError.usage("choose one of --json and --jsonl") }
            if let format = env["NOTESCTL_FORMAT"], !["json", "jsonl", "text"].contains(format) {
                throw NotesError.usage("NOTESCTL_FORMAT must be json, jsonl or text, not '\(format)'")
            }
            if line.globals.fields != nil && !output.isJSON {
                throw NotesError.usage("--fields applies to JSON output", hint: "add --json or --jsonl")
            }
            switch command.action {
            case .read(let handler), .other(let handler):
                try handler(invocation)
            case .write(let action):
                let receipt = try perform(action, invocation, explicitWorkspace: line.globals.workspace)
                try output.receipt(receipt, done: line.globals.propose ? "Proposed" : action.done)
                if let failure = receipt.failure { throw failure }
            }
            try output.stdout.flush()
            return 0
        } catch is OutputClosed {
            return 0
        } catch let exit as SilentExit {
            return exit.code
        } catch let nothing as NothingToDo {
            try? output.note(nothing.message)
            return 0
        } catch {
            return fail(error, output)
        }
    }

    /// A write: inputs first (outside any transaction), then the one write path.
    static func perform(_ action: WriteAction, _ inv: Invocation, explicitWorkspace: String?) throws -> Receipt {
        // Whatever happens, no staging outlives the command (the write placed what it needed).
        defer { try? inv.removeStagedBlobs() }
        var args = inv.args
        try action.prepare?(&args, inv)
        if let ws = explicitWorkspace ?? inv.env["NOTESCTL_WORKSPACE"], args["workspace"] == nil { args["workspace"] = .string(ws) }
        return try perform([Operation(command: inv.command.name, args: args.object)], inv)
    }

    /// Runs canonical operations through the write path, or records them as a proposal with
    /// `--propose`. `batch` is for `apply`: its receipt lists `results` however many there are.
    static func perform(_ operations: [Operation], _ inv: Invocation, batch: Bool = false) throws -> Receipt {
        let execute = Commands.executor(inv.table)
        let g = inv.globals
        if !g.propose && (g.reason != nil || g.supersedes != nil) {
            throw NotesError.usage("--reason and --supersedes go with --propose")
        }
        if g.propose {
            // A batch too: what cannot be proposed on the command line cannot be inside a proposal.
            if let index = operations.firstIndex(where: { inv.table.command(named: $0.command)?.proposable == false }) {
                throw NotesError.invalid("'\(operations[index].command)' cannot be proposed: it is not a change for someone else to approve",
                                         details: ["index": .int(Int64(index))])
            }
            // One request whose canonical form holds the operations, so retries fingerprint it whole.
            let request = Operation(command: "propose", args: ["operations": .array(operations.map(\.json)),
                                                              "reason": JSON(g.reason), "supersedes": JSON(g.supersedes)])
            return try inv.write([request]) { tx, _, _ in
                let p = try ProposalService(tx).propose(operations, reason: g.reason, supersedes: g.supersedes, execute: execute)
                return OperationResult(kind: "proposal", object: p.json)
            }
        }
        return try inv.write(operations, batch: batch) { tx, op, _ in try execute(tx, op) }
    }

    static func fail(_ error: any Error, _ output: Output) -> Int32 {
        if error is OutputClosed { return 0 }
        let e = NotesError.from(error)
        output.flush()
        output.error(e)
        return e.code.exitCode
    }

    static func makeOutput(_ g: GlobalValues, env: Environment, jsonHint: Bool) -> Output {
        var format: Output.Format = .text
        switch env["NOTESCTL_FORMAT"] {
        case "json": format = .json
        case "jsonl": format = .jsonl
        default: break
        }
        if g.json { format = .json }
        if g.jsonl { format = .jsonl }
        if jsonHint && format == .text { format = .json }
        let colorAllowed = !g.noColor && env["NO_COLOR"] == nil && env["TERM"] != "dumb"
        return Output(format: format, fields: g.fields, pretty: env.stdoutIsTTY, color: env.stdoutIsTTY && colorAllowed, quiet: g.quiet,
                      errorColor: env.stderrIsTTY && colorAllowed, stdoutTerminal: env.stdoutIsTTY, stderrTerminal: env.stderrIsTTY)
    }
}
