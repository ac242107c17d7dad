import NotesCore

/// `backup`, `export`, `import`: the whole store in and out.
enum StoreCommands {
    /// The largest export `import` reads: 4 GiB.
    static let importLimit = 4 << 30

    static let all: [Command] = [
        Command("backup", "copy the store to PATH, online and consistent (a private 0600 file)",
                discussion: "Uses SQLite's online backup: other processes may keep reading and writing meanwhile. The content of the copy's artifacts goes with it, to blobs/ beside PATH, each checked against its hash (one already there from an earlier backup too); JSON output counts them (blobs) and lists those missing or corrupt in the store (missing_blobs), which the copy lacks too. An existing PATH is exit 4 unless --force. PATH in the store's own folder (the store itself, its -wal or -shm, a file beside it, whose blobs/ would be the store's) or in its blobs/ is exit 2.",
                arguments: [ArgumentSpec("path", .path, help: "where to write the copy")],
                options: [OptionSpec("force", help: "replace PATH if it exists")],
                examples: ["notesctl backup ~/backups/notes-$(date +%F).db"],
                action: .other { inv in
                    let result = try inv.readStore().backup(to: try inv.args.required("path"), replace: inv.args.bool("force"))
                    try inv.output.object(result) { o in
                        let missing = o["missing_blobs"]?.arrayValue?.count ?? 0
                        let blobs = o["blobs"]?.intValue ?? 0
                        return "Backed up to \(Output.plain(o["path"])) (\(Output.plain(o["bytes"])) bytes, \(blobs) blob\(blobs == 1 ? "" : "s"))"
                            + (missing == 0 ? "" : "\nwarning: \(missing) blob\(missing == 1 ? " is" : "s are") missing or corrupt in the store and could not be copied: see notesctl artifact verify")
                    }
                }),
        Command("export", "print every workspace you may read, with members, notes and revisions, as JSON Lines",
                discussion: "The first line is a header ({\"type\": \"notesctl-export\", \"format\": 2, …}); then one record per line with a \"type\" of workspace, member, note (revisions inline), task, link, blob (stored content, base64), artifact, proposal or mention. The audit log is not exported. 'notesctl import' reads it back (formats 1 and 2).",
                examples: ["notesctl export > notes.jsonl", "notesctl export | jq -c 'select(.type == \"note\") | {id, title}'"],
                action: .read { inv in
                    var w = JSONWriter(capacity: 4096)
                    try inv.read { tx in
                        try Transfer(tx).export { record in
                            w.bytes.removeAll(keepingCapacity: true)
                            w.write(.object(record))
                            w.bytes.append(10)
                            try inv.output.stdout.write(bytes: w.bytes)
                        }
                    }
                }),
        Command("import", "read an export back: ids, versions and history kept, all or nothing",
                discussion: "Ids that already exist, or a slug already taken, are exit 4 with nothing imported; a malformed record is exit 6 naming its line. Every imported resource is an audit event. A new store is not given a personal workspace first: the export brings its own. Mentions come from the bodies: a mention record that names none the body makes (from an earlier notesctl, which also read [[…]] in code) is left out, and not counted.",
                arguments: [ArgumentSpec("file", .path, help: "the export; '-' reads stdin")],
                examples: ["notesctl --db new.db import notes.jsonl"],
                writes: true, proposable: false,
                action: .other(runImport)),
    ]

    static func runImport(_ inv: Invocation) throws {
        let path = try inv.args.required("file")
        let bytes = try inv.readFile(path, what: "export", limit: importLimit)
        let text = try inv.decodeText(bytes, what: "export")
        var records: [JSONObject] = []
        // Blank lines (a CRLF file's too) are skipped; bytes, not Characters: exports are large.
        for (index, line) in text.lines.enumerated() where !line.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            do {
                guard let object = try JSONParser.parse(String(line)).objectValue else {
                    throw NotesError.invalid("line \(index + 1) is not a JSON object", details: ["line": .int(Int64(index + 1))])
                }
                records.append(object)
            } catch let e as JSONParseError {
                throw NotesError.invalid("line \(index + 1) is not valid JSON: \(e.description)", details: ["line": .int(Int64(index + 1))])
            }
        }
        var digest = SHA256()
        digest.update(bytes)
        let operation = Operation(command: "import", args: ["sha256": .string(SHA256.hexString(digest.finalize())), "bytes": .int(Int64(bytes.count))])
        let receipt = try inv.write([operation], bootstrap: false) { tx, _, _ in
            OperationResult(kind: "import", object: try Transfer(tx).importRecords(records))
        }
        try inv.output.receipt(receipt, done: "Imported")
    }
}
