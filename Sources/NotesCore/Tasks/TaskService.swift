import SQLiteStore

/// A task: one checkbox line of a note's body, persisted on every write of the body.
public struct NoteTask: Sendable, Equatable {
    public let id: String
    public let noteId: String
    public let workspaceId: String
    public let text: String
    public let done: Bool
    public let due: String?
    public let tags: [String]
    public let line: Int

    static let columns = "id, note_id, workspace_id, text, done, due, tags, line"

    init(row: Row) {
        id = row.text(0)
        noteId = row.text(1)
        workspaceId = row.text(2)
        text = row.text(3)
        done = row.bool(4)
        due = row.optionalText(5)
        tags = Note.decodeTags(row.text(6))
        line = row.int(7)
    }

    public var json: JSONObject {
        ["id": .string(id), "note_id": .string(noteId), "workspace_id": .string(workspaceId), "text": .string(text),
         "done": .bool(done), "due": JSON(due), "tags": JSON(tags), "line": .int(Int64(line))]
    }
}

/// Tasks (CLI.md §4 task). The body stays the single source of truth: tasks are extracted
/// from it on every write, and changing a task rewrites its line in the body through
/// `NoteService`, so the note gets a new version, a revision and its audit event.
public struct TaskService {
    let tx: Transaction
    public init(_ tx: Transaction) { self.tx = tx }

    public struct Filter: Sendable {
        public var open = false
        public var done = false
        public var dueBefore: String?
        public var note: String?
        public init() {}
    }

    /// Re-extracts a note's tasks. Ids stay stable across edits: an unchanged line keeps its
    /// id wherever it moved; the edited lines then take the remaining ids in order.
    static func sync(_ tx: Transaction, note: Note, isNew: Bool = false) throws {
        let found = TaskParser.parse(note.body)
        // A new note has no tasks to match or replace: most notes have none at all.
        if isNew && found.isEmpty { return }
        let old = isNew ? [] : try tx.db.query("SELECT id, text, done, line FROM tasks WHERE note_id = ? ORDER BY line", [.text(note.id)]) {
            (id: $0.text(0), text: $0.text(1), done: $0.int(2) != 0, line: $0.int(3))
        }
        // A task keeps its id across edits: the old task of the same text and state, else of the
        // same text (it was ticked), the nearest to its line among equal ones; what is left is
        // matched in order (its text was edited).
        var ids = [String?](repeating: nil, count: found.count)
        var used = Set<Int>()
        for sameState in [true, false] {
            for (i, task) in found.enumerated() where ids[i] == nil {
                let candidates = old.indices.filter { !used.contains($0) && old[$0].text == task.text && (!sameState || old[$0].done == task.done) }
                if let j = candidates.min(by: { abs(old[$0].line - task.line) < abs(old[$1].line - task.line) }) {
                    ids[i] = old[j].id
                    used.insert(j)
                }
            }
        }
        var remaining = old.indices.filter { !used.contains($0) }.makeIterator()
        for i in found.indices where ids[i] == nil {
            guard let j = remaining.next() else { break }
            ids[i] = old[j].id
        }
        if !old.isEmpty { try tx.db.run("DELETE FROM tasks WHERE note_id = ?", [.text(note.id)]) }
        for (i, task) in found.enumerated() {
            try tx.db.run("INSERT INTO tasks(\(NoteTask.columns)) VALUES (?,?,?,?,?,?,?,?)", [
                .text(ids[i] ?? IDKind.task.make()), .text(note.id), .text(note.workspaceId), .text(task.text),
                SQLValue(task.done), SQLValue(task.due), .text(Note.encodeTags(task.tags)), SQLValue(task.line),
            ])
        }
    }

    func load(_ selector: String) throws -> NoteTask {
        try IDResolver.fetch(selector, kind: .task, table: "tasks", columns: NoteTask.columns, in: tx.db, NoteTask.init(row:))
    }

    public func show(_ selector: String) throws -> NoteTask {
        let task = try load(selector)
        try WorkspaceService(tx).authorize(.read, workspaceId: task.workspaceId)
        return task
    }

    /// Tasks of the current workspace (or of one note), by note then line.
    public func list(_ filter: Filter, _ emit: (NoteTask) throws -> Void) throws {
        var sql = "SELECT \(NoteTask.columns.split(separator: ",").map { "t." + $0.trimmingCharacters() }.joined(separator: ", ")) FROM tasks t"
        var args: [SQLValue] = []
        if let note = filter.note {
            let n = try NoteService(tx).show(note)
            sql += " WHERE t.note_id = ?"
            args.append(.text(n.id))
        } else {
            // Tasks of archived and trashed notes stay out of the list, as their notes do.
            sql += " JOIN notes n ON n.id = t.note_id WHERE t.workspace_id = ? AND n.archived = 0 AND n.trashed_at IS NULL"
            args.append(.text(try WorkspaceService(tx).current(.read).id))
        }
        if filter.open && filter.done { throw NotesError.usage("choose one of --open and --done") }
        if filter.open { sql += " AND t.done = 0" }
        if filter.done { sql += " AND t.done = 1" }
        if let before = filter.dueBefore {
            guard before.count == 10, Clock.parse(before) != nil else {
                throw NotesError.invalid("invalid --due-before '\(before)': use YYYY-MM-DD")
            }
            sql += " AND t.due IS NOT NULL AND t.due < ?"
            args.append(.text(before))
        }
        sql += " ORDER BY t.note_id, t.line"
        try tx.db.forEach(sql, args) { try emit(NoteTask(row: $0)) }
    }

    /// Ticks or unticks a task by rewriting its line in the body.
    public func setDone(_ selector: String, _ done: Bool) throws -> NoteTask {
        let task = try show(selector)
        try WorkspaceService(tx).authorize(.write, workspaceId: task.workspaceId)
        guard task.done != done else { return task }
        try rewrite(task, action: done ? "task.done" : "task.reopen") { lines, index in
            guard let changed = TaskParser.setting(lines[index], done: done) else {
                throw NotesError(.internalError, "task \(task.id) is not at line \(task.line) of its note")
            }
            lines[index] = Substring(changed)
        }
        return try load(task.id)
    }

    /// Removes a task's line from the body.
    public func remove(_ selector: String) throws -> NoteTask {
        let task = try show(selector)
        try rewrite(task, action: "task.remove") { lines, index in
            lines.remove(at: index)
            // The last line goes with the line break before it: all of it, "\r" included.
            if index == lines.count, let last = lines.last, last.hasSuffix("\r") { lines[index - 1] = last.dropLast() }
        }
        return task
    }

    /// Appends `- [ ] TEXT` to a note's body.
    public func add(note selector: String, text: String) throws -> NoteTask {
        try Validate.text(text, what: "task text", multiline: false)
        guard !text.allSatisfy(\.isWhitespace) else { throw NotesError.invalid("task text is empty") }
        let notes = NoteService(tx)
        let note = try notes.show(selector)
        var body = note.body
        if TaskParser.scan(body, { _, _ in }) {
            throw NotesError.conflict("note \(note.id) ends inside a fenced code block: a task added there would be code",
                                      hint: "close the code block first: notesctl note edit \(note.id)")
        }
        let newline = body.lineBreak
        if !body.isEmpty && body.utf8.last != UInt8(ascii: "\n") { body += newline }
        body += "- [ ] \(text)" + newline
        var edit = NoteService.Edit()
        edit.body = body
        let after = try notes.edit(note.id, edit, ifVersion: nil)
        let line = body.lines.count - 1
        guard let task = try tx.db.first("SELECT \(NoteTask.columns) FROM tasks WHERE note_id = ? AND line = ?", [.text(after.id), SQLValue(line)], NoteTask.init(row:)) else {
            throw NotesError(.internalError, "the new task was not extracted")
        }
        tx.record(action: "task.add", target: ("task", task.id), workspaceId: task.workspaceId, changes: Changes.created(task.json))
        return task
    }

    private func rewrite(_ task: NoteTask, action: String, _ change: (inout [Substring], Int) throws -> Void) throws {
        let notes = NoteService(tx)
        let note = try notes.show(task.noteId)
        var lines = note.body.lines
        let index = task.line - 1
        guard lines.indices.contains(index) else { throw NotesError(.internalError, "task \(task.id) points past its note's body") }
        try change(&lines, index)
        var edit = NoteService.Edit()
        edit.body = lines.joined(separator: "\n")
        _ = try notes.edit(note.id, edit, ifVersion: nil)
        var c = Changes()
        c.set("line", before: .int(Int64(task.line)), after: action == "task.remove" ? .null : .int(Int64(task.line)))
        if action != "task.remove" { c.set("done", before: .bool(task.done), after: .bool(!task.done)) }
        tx.record(action: action, target: ("task", task.id), workspaceId: task.workspaceId, changes: c.object)
    }
}
