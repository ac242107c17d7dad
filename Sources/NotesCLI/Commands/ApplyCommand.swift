import NotesCore

/// `apply --file OPS.json|-`: a batch of operations in canonical form, all or nothing.
enum ApplyCommand {
    static let command = Command("apply", "apply a batch of operations atomically",
        discussion: """
        OPS is {"operations": [{"command": "note edit", "args": {"id": "nt_…", "title": "New", "if_version": 3}}, …]}: \
        each command as typed, its options and positionals by name (long option names with '-' as '_', repeatable \
        options as arrays, switches as true; "workspace" picks the workspace). All operations commit together or \
        not at all; a failing batch exits with the failing operation's code and names it in details.index.
        """,
        options: [OptionSpec("file", .path, help: "the operations file; '-' reads stdin (required)")],
        examples: ["notesctl apply --file ops.json --json"],
        writes: true,
        action: .other(run))

    static func run(_ inv: Invocation) throws {
        guard let path = inv.args.string("file") else { throw NotesError.usage("missing --file OPS.json (or - for stdin)") }
        let text = try inv.readTextFile(path, what: "operations file")
        let operations = try parse(text, table: inv.table)
        let receipt = try Runner.perform(operations, inv, batch: true)
        try inv.output.receipt(receipt, done: inv.globals.propose ? "Proposed" : "Applied")
        if let failure = receipt.failure { throw failure }
    }

    /// Checks a batch against the command table before anything runs. Errors are `invalid`,
    /// naming the operation in `details.index`.
    static func parse(_ text: String, table: CommandTable) throws -> [Operation] {
        let json: JSON
        do { json = try JSONParser.parse(text) } catch let e as JSONParseError {
            throw NotesError.invalid("operations file is not valid JSON: \(e.description)", details: ["offset": .int(Int64(e.offset))])
        }
        guard let ops = json["operations"]?.arrayValue else {
            throw NotesError.invalid("operations file must be an object with an \"operations\" array")
        }
        // As for an operation's keys: a misspelt or unsupported key is refused, not ignored.
        if let extra = json.objectValue?.keys.sorted().first(where: { $0 != "operations" }) {
            throw NotesError.invalid("operations file has an unknown key \"\(extra)\"", hint: "it holds \"operations\" only")
        }
        guard !ops.isEmpty else { throw NotesError.invalid("the batch has no operations") }
        return try ops.enumerated().map { index, op in
            do {
                guard let object = op.objectValue, let name = object["command"]?.stringValue else {
                    throw NotesError.invalid("operation needs a \"command\" string")
                }
                if let extra = object.keys.first(where: { $0 != "command" && $0 != "args" }) {
                    throw NotesError.invalid("operation has an unknown key \"\(extra)\"")
                }
                guard let command = table.command(named: name) else {
                    let hint = Suggest.closest(to: name, in: table.commands.filter(\.isWrite).map(\.name)).map { "did you mean '\($0)'?" }
                    throw NotesError.invalid("unknown command '\(name)'", hint: hint)
                }
                guard command.writeAction != nil else {
                    throw NotesError.invalid("'\(name)' does not change the store and cannot be batched")
                }
                let argsJSON = object["args"] ?? .object([:])
                guard let argsObject = argsJSON.objectValue else { throw NotesError.invalid("\"args\" must be an object") }
                let args = try Parser.args(from: argsObject, for: command)
                return Operation(command: name, args: args.object)
            } catch var e as NotesError {
                e.details["index"] = .int(Int64(index))
                throw e
            }
        }
    }
}
