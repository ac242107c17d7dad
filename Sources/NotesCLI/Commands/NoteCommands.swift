import NotesCore

/// `note …`: the core workflow.
enum NoteCommands {
    static let note = ArgumentSpec("id", .id(.note), help: "note id, or a unique prefix of 8+ characters after nt_")
    static let ifVersion = OptionSpec("if-version", .int, help: "only if the note is at this version (else exit 4)")
    static let bodyOptions = [
        OptionSpec("body", .string, valueName: "TEXT", help: "the body; '-' reads stdin"),
        OptionSpec("body-file", .path, inputOnly: true, help: "read the body from a file"),
        OptionSpec("edit", inputOnly: true, help: "write the body in $VISUAL or $EDITOR"),
    ]

    static let all: [Command] = [
        Command("note add", "add a note to the current workspace",
                discussion: "Without --title, the title is the body's first Markdown heading, else its first non-empty line (up to 200 characters).",
                options: [OptionSpec("title", .string, help: "the title")] + bodyOptions + [
                    OptionSpec("tag", .tag, repeatable: true, help: "a tag"),
                    OptionSpec("pin", help: "pin it"),
                ],
                examples: ["notesctl note add --title \"Standup\" --body \"- [ ] ship it\" --tag work",
                           "echo hello | notesctl note add --title Hello --body -"],
                inWorkspace: true, action: .write(WriteAction(done: "Created", prepare: { args, inv in try readBody(&args, inv, current: nil) }) { a, tx in
                    result(try NoteService(tx).add(title: a.string("title"), body: a.string("body") ?? "", tags: a.strings("tag"), pinned: a.bool("pin")))
                })),
        Command("note show", "show a note (also one in the trash)", arguments: [note], action: .read { inv in
            let n = try inv.read { try NoteService($0).show(try inv.args.required("id")) }
            try inv.output.object(n.json) { Render.note($0, color: inv.output.color) }
        }),
        Command("note list", "list notes of the current workspace (newest first)",
                discussion: "Hides archived and trashed notes unless --archived or --trashed asks for exactly those. Page with --limit and --after ID (the last id of the previous page). --sort title compares titles ignoring ASCII case ('apple' and 'Apple' before 'Banana'), then exactly, then by id; every order ends with the id, so pages never skip or repeat a note.",
                options: [
                    OptionSpec("tag", .tag, repeatable: true, help: "only notes with this tag (all of them when repeated)"),
                    OptionSpec("since", .time, help: "updated at or after (YYYY-MM-DD or RFC 3339)"),
                    OptionSpec("until", .time, help: "updated before"),
                    OptionSpec("pinned", help: "only pinned notes"),
                    OptionSpec("archived", help: "only archived notes"),
                    OptionSpec("trashed", help: "only notes in the trash"),
                    OptionSpec("sort", .choice(NoteFilter.Sort.allCases.map(\.rawValue)), help: "updated (default), created or title (A→Z ignoring case, then exact)"),
                    OptionSpec("reverse", help: "oldest first (A→Z becomes Z→A for title)"),
                    OptionSpec("limit", .int, help: "at most N notes"),
                    OptionSpec("after", .id(.note), valueName: "ID", help: "continue after this note (keyset pagination)"),
                ],
                examples: ["notesctl note list --tag work --limit 20", "notesctl note list --jsonl | jq -r .title"],
                action: .read(list)),
        Command("note edit", "change a note's title, body or tags",
                arguments: [note],
                options: [OptionSpec("title", .string, help: "the new title")] + bodyOptions + [
                    OptionSpec("tag", .tag, repeatable: true, help: "replace all tags with these"),
                    OptionSpec("add-tag", .tag, repeatable: true, help: "add a tag"),
                    OptionSpec("remove-tag", .tag, repeatable: true, help: "remove a tag"),
                    ifVersion,
                ],
                examples: ["notesctl note edit nt_01jd8x2k --title \"New title\" --if-version 3"],
                action: .write(WriteAction(done: "Updated", prepare: { args, inv in
                    try readBody(&args, inv, current: args.string("id"))
                }) { a, tx in
                    guard ["title", "body", "tag", "add_tag", "remove_tag"].contains(where: a.has) else {
                        throw NotesError.usage("nothing to change: give --title, --body (or --body-file, --edit), --tag, --add-tag or --remove-tag")
                    }
                    var e = NoteService.Edit()
                    e.title = a.string("title")
                    e.body = a.string("body")
                    if a.has("tag") { e.tags = a.strings("tag") }
                    e.addTags = a.strings("add_tag")
                    e.removeTags = a.strings("remove_tag")
                    return result(try NoteService(tx).edit(try a.required("id"), e, ifVersion: try a.version("if_version")))
                })),
        simple("pin", "pin a note", "Pinned") { try $0.setPinned($1, true, ifVersion: $2) },
        simple("unpin", "unpin a note", "Unpinned") { try $0.setPinned($1, false, ifVersion: $2) },
        simple("archive", "archive a note: hidden from the default list", "Archived") { try $0.setArchived($1, true, ifVersion: $2) },
        simple("unarchive", "bring an archived note back", "Unarchived") { try $0.setArchived($1, false, ifVersion: $2) },
        simple("rm", "move a note to the trash", "Trashed") { try $0.trash($1, ifVersion: $2) },
        simple("restore", "bring a note back from the trash", "Restored") { try $0.restore($1, ifVersion: $2) },
        simple("purge", "delete a note in the trash for good, with its history", "Purged",
               discussion: "Typed links from and to it and its artifacts go with it, each deletion its own audit event (link.delete, artifact.delete) before note.purge, all in the note's workspace (of a link from another workspace's note, only its id, ends and type: that workspace's readers see the link go from link list, not an event); mentions of it become dangling. workspace delete --force and gc --purge-trash purge the same way.") {
            try $0.purge($1, ifVersion: $2)
        },
        Command("note move", "move a note to another workspace",
                arguments: [note],
                options: [OptionSpec("to", .workspace, help: "the destination workspace (required)"), ifVersion],
                action: .write(WriteAction(done: "Moved") { a, tx in
                    guard let to = a.string("to") else { throw NotesError.usage("missing --to WS") }
                    return result(try NoteService(tx).move(try a.required("id"), to: to, ifVersion: try a.version("if_version")))
                })),
        Command("note history", "list a note's versions, oldest first", arguments: [note], action: .read { inv in
            let revisions = try inv.read { try NoteService($0).history(try inv.args.required("id")) }
            try inv.output.list(Render.revisionColumns, empty: "No history.") { emit in for r in revisions { try emit(r.json) } }
        }),
        Command("note revert", "make an earlier version's title, body and tags the new version",
                arguments: [note],
                options: [OptionSpec("to", .int, valueName: "N", help: "the version to go back to (required)"), ifVersion],
                action: .write(WriteAction(done: "Reverted") { a, tx in
                    guard let to = try a.version("to") else { throw NotesError.usage("missing --to N") }
                    return result(try NoteService(tx).revert(try a.required("id"), to: to, ifVersion: try a.version("if_version")))
                })),
    ]

    static func simple(_ verb: String, _ summary: String, _ done: String, discussion: String? = nil,
                       _ body: @escaping @Sendable (NoteService, String, Int?) throws -> Note) -> Command {
        Command("note \(verb)", summary, discussion: discussion, arguments: [note], options: [ifVersion],
                action: .write(WriteAction(done: done) { a, tx in
                    result(try body(NoteService(tx), try a.required("id"), try a.version("if_version")))
                }))
    }

    static func result(_ n: Note) -> OperationResult { OperationResult(kind: "note", object: n.json) }

    static func list(_ inv: Invocation) throws {
        let a = inv.args
        var f = NoteFilter()
        f.tags = a.strings("tag")
        f.since = a.string("since")
        f.until = a.string("until")
        let states = [("pinned", NoteFilter.State.pinned), ("archived", .archived), ("trashed", .trashed)].filter { a.bool($0.0) }
        guard states.count <= 1 else { throw NotesError.usage("choose one of --pinned, --archived and --trashed") }
        f.state = states.first?.1 ?? .active
        f.sort = a.string("sort").flatMap(NoteFilter.Sort.init(rawValue:)) ?? .updated
        f.reverse = a.bool("reverse")
        f.limit = try a.count("limit")
        f.after = a.string("after")
        try inv.read { tx in
            try inv.output.list(Render.noteColumns, empty: "No notes.") { emit in
                try NoteService(tx).list(f) { try emit($0.json) }
            }
        }
    }

    /// Turns `--body -`, `--body-file` and `--edit` into the canonical `body` argument.
    static func readBody(_ args: inout Args, _ inv: Invocation, current id: String?) throws {
        let sources = ["body", "body_file", "edit"].filter { args.has($0) }
        guard sources.count <= 1 else {
            throw NotesError.usage("give only one of --body, --body-file and --edit")
        }
        if args.string("body") == "-" {
            args["body"] = .string(try inv.readTextFile("-", what: "standard input"))
        } else if let path = args.string("body_file") {
            args["body"] = .string(try inv.readTextFile(path, what: "body file"))
            args["body_file"] = nil
        } else if args.bool("edit") {
            args["edit"] = nil
            let before = try id.map { id in try inv.read { try NoteService($0).show(id).body } } ?? ""
            let after = try Editor.edit(before, env: inv.env)
            if id != nil && after == before { throw NothingToDo(message: "No changes: nothing written.") }
            args["body"] = .string(after)
        }
    }
}
