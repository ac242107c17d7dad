import Foundation
import TestSupport
@testable import NotesCore

/// A real store in a temp folder, with helpers to run writes through the one write path and
/// reads in a read transaction, as any actor.
final class Harness {
    let dir = TempDir()
    let store: NotesStore

    init() throws {
        store = try NotesStore.openForWriting(path: dir.db)
    }

    func context(_ actor: String, ws: String? = nil, key: String? = nil) throws -> RequestContext {
        var ctx = RequestContext(actor: try Actor(parsing: actor), loginName: "alice")
        ctx.workspaceSelector = ws
        ctx.idempotencyKey = key
        return ctx
    }

    /// One write request with one operation; `body` is what the operation does.
    @discardableResult
    func write<T>(_ actor: String = "user:alice", ws: String? = nil, key: String? = nil, command: String = "test",
                  args: JSONObject = [:], dryRun: Bool = false, _ body: (Transaction) throws -> T) throws -> (T, Receipt) {
        var ctx = try context(actor, ws: ws, key: key)
        ctx.dryRun = dryRun
        var result: T?
        let receipt = try WritePath.perform(store: store, context: ctx, operations: [Operation(command: command, args: args)]) { tx, _, _ in
            result = try body(tx)
            return OperationResult(kind: "result", object: [:])
        }
        guard let result else {
            // A replay runs nothing: hand back the receipt only.
            throw Replayed(receipt: receipt)
        }
        return (result, receipt)
    }

    func read<T>(_ actor: String = "user:alice", ws: String? = nil, _ body: (Transaction) throws -> T) throws -> T {
        try store.read(try context(actor, ws: ws), body)
    }

    func addNote(_ title: String, body: String = "", tags: [String] = [], actor: String = "user:alice", ws: String? = nil) throws -> Note {
        try write(actor, ws: ws) { try NoteService($0).add(title: title, body: body, tags: tags) }.0
    }

    func events(_ filter: AuditService.Filter = .init()) throws -> [JSONObject] {
        var out: [JSONObject] = []
        try read { try AuditService($0).list(filter) { out.append($0) } }
        return out
    }

    func count(_ table: String) throws -> Int {
        try store.db.scalarInt("SELECT count(*) FROM \(table)") ?? -1
    }

    func list(_ filter: NoteFilter = .init(), actor: String = "user:alice", ws: String? = nil) throws -> [Note] {
        var out: [Note] = []
        try read(actor, ws: ws) { try NoteService($0).list(filter) { out.append($0) } }
        return out
    }
}

struct Replayed: Error {
    let receipt: Receipt
}

/// The error code a throwing call failed with, or nil.
func code(of body: () throws -> Void) -> NotesError.Code? {
    do {
        try body()
        return nil
    } catch {
        return NotesError.from(error).code
    }
}

func error(of body: () throws -> Void) -> NotesError? {
    do {
        try body()
        return nil
    } catch {
        return NotesError.from(error)
    }
}
