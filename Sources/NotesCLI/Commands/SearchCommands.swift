import NotesCore

/// `search QUERY` and `gc`.
enum SearchCommands {
    static let all: [Command] = [
        Command("search", "full-text search over titles, bodies and tags, best first",
                discussion: """
                Plain words match whatever punctuation they carry; "quoted phrases" match as phrases; a trailing * \
                matches a prefix. All words must match. --syntax fts passes FTS5 query syntax through (its errors are \
                exit 6). Trashed notes are never found. JSON hits are the note's fields plus score (higher is better) \
                and snippet (plain text unless --mark-start/--mark-end are given; bold on a terminal). \
                --all-workspaces with -w is exit 2 (NOTESCTL_WORKSPACE, a default, is left aside).
                """,
                arguments: [ArgumentSpec("query", help: "what to look for")],
                options: [
                    OptionSpec("syntax", .choice(SearchService.Syntax.allCases.map(\.rawValue)), help: "plain (default) or fts"),
                    OptionSpec("tag", .tag, repeatable: true, help: "only notes with this tag (all of them when repeated)"),
                    OptionSpec("since", .time, help: "updated at or after"),
                    OptionSpec("until", .time, help: "updated before"),
                    OptionSpec("type", .choice(SearchService.Kind.allCases.map(\.rawValue)), help: "note (default), task or artifact"),
                    OptionSpec("all-workspaces", help: "search every workspace you may read"),
                    OptionSpec("limit", .int, help: "at most N hits (default 20)"),
                    OptionSpec("after", .string, valueName: "ID", help: "continue after this hit (the last id of the previous page)"),
                    OptionSpec("mark-start", .string, valueName: "TEXT", help: "put before each highlighted word in snippets (on a terminal, control characters in it are shown, not sent)"),
                    OptionSpec("mark-end", .string, valueName: "TEXT", help: "put after each highlighted word in snippets"),
                ],
                examples: ["notesctl search \"release plan\" --tag work", "notesctl search 'deploy*' --json | jq -r '.[].id'",
                           "notesctl search --syntax fts 'title:standup AND NOT draft'"],
                action: .read(search)),
        Command("gc", "clean up: expired idempotency records, unreferenced blobs, old trash; rebuild indexes",
                discussion: "Blobs younger than an hour are kept (an artifact add may not have committed yet), and so is the content of artifacts this gc purges with the trash, until the next gc. Trash is purged only with --purge-trash, each note as its own note.purge event.",
                options: [OptionSpec("reindex", help: "rebuild the full-text indexes from the notes, tasks and artifacts"),
                          OptionSpec("purge-trash", .string, valueName: "AGE", help: "purge notes in the trash for longer than AGE (30d, 12h, 3600)")],
                examples: ["notesctl gc --purge-trash 30d"],
                action: .write(WriteAction(done: "Cleaned") { a, tx in
                    let age = try a.string("purge_trash").map { text -> Int in
                        guard let seconds = Invocation.duration(text) else { throw NotesError.usage("--purge-trash needs an age like 30d, 12h or 3600, not '\(text)'") }
                        return seconds
                    }
                    return OperationResult(kind: "gc", object: try Maintenance(tx).collectGarbage(reindex: a.bool("reindex"), purgeTrashOlderThan: age))
                })),
    ]

    static func search(_ inv: Invocation) throws {
        let a = inv.args
        var r = SearchService.Request(query: try a.required("query"))
        r.syntax = a.string("syntax").flatMap(SearchService.Syntax.init(rawValue:)) ?? .plain
        r.kind = a.string("type").flatMap(SearchService.Kind.init(rawValue:)) ?? .note
        r.tags = a.strings("tag")
        r.since = a.string("since")
        r.until = a.string("until")
        r.allWorkspaces = a.bool("all_workspaces")
        if r.allWorkspaces, let named = inv.globals.workspace {
            // Both ask where to search; which one the user meant is not for notesctl to guess.
            throw NotesError.usage("--all-workspaces searches every workspace you may read: leave out -w '\(named)'",
                                   hint: "search one workspace with -w, or all of them with --all-workspaces")
        }
        if let limit = try a.count("limit") { r.limit = limit }
        r.after = a.string("after")
        // On a terminal, hits are marked with tokens made for this process (no stored text can
        // hold them), which survive the stored text's trip through Output.terminalSafe and
        // become bold after it. Marks given are used as given, a missing one as nothing.
        let custom = a.has("mark_start") || a.has("mark_end")
        let bold = inv.output.color && !inv.output.isJSON && !custom
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let (startToken, endToken) = ("\u{E000}\(token)\u{E000}", "\u{E001}\(token)\u{E001}")
        r.markStart = custom ? a.string("mark_start") ?? "" : bold ? startToken : ""
        r.markEnd = custom ? a.string("mark_end") ?? "" : bold ? endToken : ""
        try inv.read { tx in
            try inv.output.stream(empty: "No matches.", text: { hit in
                let title = (hit["title"] ?? hit["text"] ?? hit["name"])?.stringValue ?? ""
                var snippet = (hit["snippet"]?.stringValue ?? "").split(whereSeparator: \.isNewline).joined(separator: " ")
                if bold {
                    snippet = snippet.replacingOccurrences(of: startToken, with: "\u{1B}[1m").replacingOccurrences(of: endToken, with: "\u{1B}[0m")
                }
                return "\(Output.plain(hit["id"]))  \(title.isEmpty ? "(untitled)" : title)\n    \(snippet)"
            }) { emit in
                try SearchService(tx).search(r, emit)
            }
        }
    }
}
