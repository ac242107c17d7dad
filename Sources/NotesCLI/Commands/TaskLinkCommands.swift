import NotesCore

/// `task …` and `link …`: what lives in and between note bodies.
enum TaskCommands {
    static let task = ArgumentSpec("id", .id(.task), help: "task id, or a unique prefix of 8+ characters after tk_")

    static let all: [Command] = [
        Command("task list", "list tasks (the checkboxes of note bodies) of the current workspace",
                discussion: "A task is a '- [ ]' or '- [x]' line outside code blocks. Its due date is the first due:YYYY-MM-DD of its text with no ASCII letter or digit run into it (not overdue:…, nor due:2026-01-0123; **due:…** is one), its tags the #words after a space or '('.",
                options: [OptionSpec("open", help: "only open tasks"), OptionSpec("done", help: "only done tasks"),
                          OptionSpec("due-before", .string, valueName: "YYYY-MM-DD", help: "only tasks due before this day"),
                          OptionSpec("note", .id(.note), valueName: "NOTE", help: "only the tasks of this note")],
                examples: ["notesctl task list --open --due-before 2026-12-01"],
                action: .read { inv in
                    var f = TaskService.Filter()
                    f.open = inv.args.bool("open")
                    f.done = inv.args.bool("done")
                    f.dueBefore = inv.args.string("due_before")
                    f.note = inv.args.string("note")
                    try inv.read { tx in
                        try inv.output.list(Render.taskColumns, empty: "No tasks.") { emit in try TaskService(tx).list(f) { try emit($0.json) } }
                    }
                }),
        Command("task show", "show a task", arguments: [task], action: .read { inv in
            let t = try inv.read { try TaskService($0).show(try inv.args.required("id")) }
            try inv.output.object(t.json) { o in "\(Output.plain(o["id"])) [\(o["done"]?.boolValue == true ? "x" : " ")] \(Output.plain(o["text"]))  (note \(Output.plain(o["note_id"])), line \(Output.plain(o["line"])))" }
        }),
        Command("task done", "tick a task: rewrites its line in the note body", arguments: [task],
                action: .write(WriteAction(done: "Done") { a, tx in result(try TaskService(tx).setDone(try a.required("id"), true)) })),
        Command("task reopen", "untick a task", arguments: [task],
                action: .write(WriteAction(done: "Reopened") { a, tx in result(try TaskService(tx).setDone(try a.required("id"), false)) })),
        Command("task add", "append '- [ ] TEXT' to a note's body",
                arguments: [ArgumentSpec("note", .id(.note), help: "the note"), ArgumentSpec("text", help: "the task, as it should read")],
                examples: ["notesctl task add nt_01jd8x2k 'call the bank due:2026-12-01 #admin'"],
                action: .write(WriteAction(done: "Added") { a, tx in
                    result(try TaskService(tx).add(note: try a.required("note"), text: try a.required("text")))
                })),
        Command("task rm", "remove a task's line from its note's body", arguments: [task],
                action: .write(WriteAction(done: "Removed") { a, tx in result(try TaskService(tx).remove(try a.required("id"))) })),
    ]

    static func result(_ t: NoteTask) -> OperationResult { OperationResult(kind: "task", object: t.json) }
}

enum LinkCommands {
    static let note = ArgumentSpec("note", .id(.note), help: "note id or prefix")

    static let all: [Command] = [
        Command("link add", "link two notes",
                arguments: [ArgumentSpec("source", .id(.note), help: "the note the link starts from"),
                            ArgumentSpec("target", .id(.note), help: "the note it points to")],
                options: [OptionSpec("type", .choice(Link.types), help: "references, blocks, parent, duplicates or related (required)"),
                          OptionSpec("label", .string, help: "a short note on the link")],
                examples: ["notesctl link add nt_01jd8x2k nt_01jd8y7q --type blocks"],
                action: .write(WriteAction(done: "Linked") { a, tx in
                    guard let type = a.string("type") else { throw NotesError.usage("missing --type (\(Link.types.joined(separator: "|")))") }
                    return result(try LinkService(tx).add(source: try a.required("source"), target: try a.required("target"), type: type, label: a.string("label")))
                })),
        Command("link rm", "remove a link (mentions follow the body and cannot be removed)",
                arguments: [ArgumentSpec("id", .id(.link), help: "link id or prefix")],
                action: .write(WriteAction(done: "Removed") { a, tx in result(try LinkService(tx).remove(try a.required("id"))) })),
        Command("link list", "list a note's links",
                arguments: [note],
                options: [OptionSpec("direction", .choice(LinkService.Direction.allCases.map(\.rawValue)), help: "out, in or both (default)"),
                          OptionSpec("type", .choice(Link.types + ["mentions"]), help: "only links of this type")],
                action: .read { inv in
                    let direction = inv.args.string("direction").flatMap(LinkService.Direction.init(rawValue:)) ?? .both
                    try inv.read { tx in
                        try inv.output.list(Render.linkColumns, empty: "No links.") { emit in
                            try LinkService(tx).list(try inv.args.required("note"), direction: direction, type: inv.args.string("type")) { try emit($0.json) }
                        }
                    }
                }),
        Command("link graph", "the notes around a note, following links both ways",
                arguments: [note],
                options: [OptionSpec("depth", .int, help: "how many steps (default 2, at most 10)")],
                action: .read { inv in
                    let g = try inv.read { try LinkService($0).graph(try inv.args.required("note"), depth: inv.args.int("depth") ?? 2) }
                    try inv.output.object(g) { o in
                        var lines = (o["nodes"]?.arrayValue ?? []).map { n in
                            String(repeating: "  ", count: n["depth"]?.intValue ?? 0) + "\(Output.plain(n["id"]))  \(Output.plain(n["title"]))"
                        }
                        lines.append("\((o["edges"]?.arrayValue ?? []).count) links")
                        return lines.joined(separator: "\n")
                    }
                }),
        Command("link dangling", "list [[mentions]] that name no note, in the current workspace",
                discussion: "A [[Title]] matches a note of the same workspace by title, ignoring ASCII case, or [[nt_…]] by id; one in code (a fenced block, a `code span`) is not a mention. A note that names itself by id mentions nothing; by its own title it mentions another note of that title once there is one, and is not listed here meanwhile.",
                action: .read { inv in
            try inv.read { tx in
                try inv.output.list(Render.linkColumns, empty: "No dangling mentions.") { emit in try LinkService(tx).dangling { try emit($0.json) } }
            }
        }),
    ]

    static func result(_ l: Link) -> OperationResult { OperationResult(kind: "link", object: l.json) }
}
