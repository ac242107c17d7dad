import NotesCore

/// `version`, `help`, `init`, `health`.
enum GeneralCommands {
    static let version = "0.1.0"

    static let all: [Command] = [
        Command("init", "create the store (idempotent: an existing store is left as it is)",
                discussion: "Creates the store's folder (0700) and file (0600) with the personal workspace. On an existing store it changes nothing and exits 0; JSON output is {\"store\": {\"path\", \"schema_version\", \"created\"}, \"request\": receipt request or null}.",
                action: .other(runInit)),
        Command("health", "check the store: reachable, schema, WAL, integrity",
                discussion: "Exit 0 only when every check passes; 7 when the store is missing or degraded.",
                options: [OptionSpec("deep", help: "also run integrity_check, the FTS and tag index checks, the blob check and the audit chain walk")],
                action: .read(runHealth)),
        Command("version", "print the version of notesctl, its schema and SQLite", action: .other(runVersion)),
        Command("help", "show help for a group or command",
                arguments: [ArgumentSpec("command", .command, optional: true, variadic: true, help: "the group or command")],
                action: .other(runHelp)),
    ]

    static func runVersion(_ inv: Invocation) throws {
        let info: JSONObject = ["version": .string(version), "schema_version": .int(Int64(NotesStore.schemaVersion)),
                                "sqlite_version": .string(NotesStore.sqliteVersion)]
        try inv.output.object(info) { o in
            "notesctl \(version) (schema \(Output.plain(o["schema_version"])), SQLite \(Output.plain(o["sqlite_version"])))"
        }
    }

    static func runHelp(_ inv: Invocation) throws {
        let words = inv.args.strings("command")
        var path: [String] = []
        for w in words {
            guard inv.table.children(of: path).contains(w) else {
                let hint = Suggest.closest(to: w, in: inv.table.children(of: path)).map { "did you mean '\((path + [$0]).joined(separator: " "))'?" }
                throw NotesError.usage("no help for unknown command '\((path + [w]).joined(separator: " "))'", hint: hint)
            }
            path.append(w)
        }
        try inv.output.stdout.write(Help.text(for: path, table: inv.table))
    }

    static func runHealth(_ inv: Invocation) throws {
        let report = Health.report(path: try inv.storePath(), deep: inv.args.bool("deep"), settings: inv.storeSettings)
        try inv.output.object(report) { o in
            var lines = ["status: \(Output.plain(o["status"]))"]
            for c in o["checks"]?.arrayValue ?? [] {
                lines.append("  \(c["ok"]?.boolValue == true ? "ok  " : "FAIL") \(Output.plain(c["name"])): \(Output.plain(c["detail"]))")
            }
            return lines.joined(separator: "\n")
        }
        if report["status"]?.stringValue != "ok" {
            try inv.output.stdout.flush()
            throw SilentExit(code: NotesError.Code.unavailable.exitCode)
        }
    }

    static func runInit(_ inv: Invocation) throws {
        let path = try inv.storePath()
        let existing = try inv.readStore()
        if !existing.isMissing, try existing.isInitialized() {
            let info: JSONObject = ["store": .object(["path": .string(path), "schema_version": .int(Int64(NotesStore.schemaVersion)), "created": false]),
                                    "request": .null]
            try inv.output.object(info) { _ in "Store already initialized at \(path)" }
            return
        }
        let ctx = try inv.context()
        let receipt = try WritePath.perform(store: try inv.writeStore(), context: ctx, operations: [Operation(command: "init", args: [:])]) { _, _, _ in
            OperationResult(kind: "store", object: ["path": .string(path), "schema_version": .int(Int64(NotesStore.schemaVersion)), "created": true])
        }
        try inv.output.object(receipt.json) { _ in "Initialized store at \(path)" }
    }
}

/// Ends a command with an exit status after it printed its own report (health).
struct SilentExit: Error {
    let code: Int32
}
