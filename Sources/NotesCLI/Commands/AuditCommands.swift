import NotesCore

/// `audit …`: read and check the hash-chained log.
enum AuditCommands {
    static let all: [Command] = [
        Command("audit list", "list audit events, oldest first",
                options: [
                    OptionSpec("actor", .actor, help: "only events by this actor"),
                    OptionSpec("target", .string, valueName: "ID", help: "only events about this resource id"),
                    OptionSpec("correlation-id", .string, valueName: "ID", help: "only events of this workflow"),
                    OptionSpec("action", .string, help: "only this action (note.update) or kind (note)"),
                    OptionSpec("since", .time, help: "at or after this time"),
                    OptionSpec("limit", .int, help: "at most N events"),
                    OptionSpec("after", .id(.event), valueName: "ID", help: "continue after this event"),
                ],
                examples: ["notesctl audit list --correlation-id 4bf92f3577b34da6a3ce929d0e0e4736 --json"],
                action: .read { inv in
                    let a = inv.args
                    var f = AuditService.Filter()
                    f.actor = try a.string("actor").map { try Actor(parsing: $0).description }
                    f.target = a.string("target")
                    f.correlationId = a.string("correlation_id")
                    f.action = a.string("action")
                    f.since = try a.string("since").map { t in
                        guard let n = Clock.normalize(t) else { throw NotesError.invalid("invalid --since '\(t)': use YYYY-MM-DD or RFC 3339") }
                        return n
                    }
                    f.limit = try a.count("limit")
                    f.after = a.string("after")
                    try inv.read { tx in
                        try inv.output.list(Render.eventColumns, empty: "No events.") { emit in try AuditService(tx).list(f, emit) }
                    }
                }),
        Command("audit show", "show one audit event with its changes",
                arguments: [ArgumentSpec("id", .id(.event), help: "event id or a unique prefix")],
                action: .read { inv in
                    let e = try inv.read { try AuditService($0).show(try inv.args.required("id")) }
                    try inv.output.object(e, text: Render.event)
                }),
        Command("audit verify", "walk the hash chain; exit 7 naming the first bad event",
                options: [OptionSpec("head", .string, valueName: "HASH", help: "also require this earlier head hash to be in the chain")],
                action: .read { inv in
                    let r = try inv.read { try AuditService($0).verify(expectedHead: inv.args.string("head")) }
                    try inv.output.object(r) { "ok: \(Output.plain($0["events"])) events, head \(Output.plain($0["head"]))" }
                }),
        Command("audit head", "print the hash of the chain's last event, to keep elsewhere",
                action: .read { inv in
                    let h = try inv.read { try AuditService($0).head() }
                    try inv.output.object(h) { Output.plain($0["hash"]) }
                }),
    ]
}
