import NotesCore

/// How resources look to people: table columns and `show` layouts.
enum Render {
    static let workspaceColumns: [Column] = [
        .field("SLUG", "slug"), .field("NAME", "name", maxWidth: 40), .field("POLICY", "agent_policy"),
        Column("ARCHIVED") { $0["archived"]?.boolValue == true ? "yes" : "" }, .field("ID", "id"),
    ]

    static let memberColumns: [Column] = [.field("ACTOR", "actor"), .field("ROLE", "role"), .field("ADDED", "added_at")]

    static let noteColumns: [Column] = [
        .field("ID", "id"),
        Column("UPDATED") { Output.relative($0["updated_at"]?.stringValue) },
        Column("TITLE", maxWidth: 50) { o in
            let title = o["title"]?.stringValue ?? ""
            return (o["pinned"]?.boolValue == true ? "* " : "") + (title.isEmpty ? "(untitled)" : title)
        },
        Column("TAGS", maxWidth: 30) { ($0["tags"]?.arrayValue ?? []).compactMap(\.stringValue).map { "#" + $0 }.joined(separator: " ") },
    ]

    static let revisionColumns: [Column] = [
        .field("VERSION", "version"), Column("WHEN") { Output.relative($0["time"]?.stringValue) }, .field("ACTOR", "actor"),
        .field("TITLE", "title", maxWidth: 40), .field("REQUEST", "request_id"),
    ]

    static let eventColumns: [Column] = [
        .field("TIME", "time"), .field("ACTOR", "actor"), .field("ACTION", "action"),
        Column("TARGET") { $0["target"]?["id"]?.stringValue ?? "-" }, .field("ID", "id"),
    ]

    static let taskColumns: [Column] = [
        .field("ID", "id"), Column("DONE") { $0["done"]?.boolValue == true ? "[x]" : "[ ]" }, .field("TEXT", "text", maxWidth: 60),
        .field("DUE", "due"), .field("NOTE", "note_id"),
    ]

    static let linkColumns: [Column] = [
        .field("ID", "id"), .field("TYPE", "type"), .field("SOURCE", "source_id"),
        Column("TARGET") { $0["target_id"]?.stringValue ?? "[[\($0["target_text"]?.stringValue ?? "")]]" }, .field("LABEL", "label", maxWidth: 30),
    ]

    static let artifactColumns: [Column] = [
        .field("ID", "id"), .field("NAME", "name", maxWidth: 40), .field("TYPE", "media_type"), .field("SIZE", "size"),
        .field("NOTE", "note_id"),
    ]

    static let proposalColumns: [Column] = [
        .field("ID", "id"), .field("STATE", "state"), .field("PROPOSER", "proposer"),
        Column("OPS") { String($0["operations"]?.arrayValue?.count ?? 0) },
        Column("CREATED") { Output.relative($0["created_at"]?.stringValue) }, .field("REASON", "reason", maxWidth: 40),
    ]

    static func proposal(_ o: JSONObject) -> String {
        var out = "\(Output.plain(o["id"])) · \(Output.plain(o["state"])) · by \(Output.plain(o["proposer"])) · \(Output.relative(o["created_at"]?.stringValue))\n"
        if let reason = o["reason"]?.stringValue { out += "reason: \(reason)\n" }
        out += "digest: \(Output.plain(o["digest"]))\n"
        if let decided = o["decided_by"]?.stringValue { out += "decided by \(decided) at \(Output.plain(o["decided_at"]))\n" }
        if let failure = o["failure"]?.stringValue { out += "failure: \(failure)\n" }
        out += "operations:\n"
        for op in o["operations"]?.arrayValue ?? [] {
            out += "  \(Output.plain(op["command"])) \(JSONWriter.string(op["args"] ?? .null))\n"
        }
        out += "changes it would make:\n"
        for change in o["preview"]?.arrayValue ?? [] {
            out += "  \(Output.plain(change["action"])) \(Output.plain(change["target"]?["id"]))\n"
            for (field, c) in change["changes"]?.objectValue ?? [:] {
                out += "    \(field): \(JSONWriter.string(c["before"] ?? .null)) → \(JSONWriter.string(c["after"] ?? .null))\n"
            }
        }
        for s in o["stale"]?.arrayValue ?? [] {
            out += "stale: \(Output.plain(s["id"])) is at version \(Output.plain(s["version"])), proposed against \(Output.plain(s["base_version"]))\n"
        }
        return String(out.dropLast())
    }

    static func workspace(_ o: JSONObject) -> String {
        """
        \(Output.plain(o["name"])) (\(Output.plain(o["slug"])))
        id:           \(Output.plain(o["id"]))
        agent policy: \(Output.plain(o["agent_policy"]))
        archived:     \(Output.plain(o["archived"]))
        created:      \(Output.plain(o["created_at"]))
        updated:      \(Output.plain(o["updated_at"])) (version \(Output.plain(o["version"])))
        """
    }

    static func note(_ o: JSONObject, color: Bool) -> String {
        let title = o["title"]?.stringValue ?? ""
        var flags: [String] = []
        if o["pinned"]?.boolValue == true { flags.append("pinned") }
        if o["archived"]?.boolValue == true { flags.append("archived") }
        if o["trashed"]?.boolValue == true { flags.append("in trash") }
        let tags = (o["tags"]?.arrayValue ?? []).compactMap(\.stringValue).map { "#" + $0 }.joined(separator: " ")
        let heading = title.isEmpty ? "(untitled)" : title
        var out = color ? "\u{1B}[1m\(heading)\u{1B}[0m\n" : heading + "\n"
        var meta = "\(Output.plain(o["id"])) · version \(Output.plain(o["version"])) · updated \(Output.relative(o["updated_at"]?.stringValue)) by \(Output.plain(o["updated_by"]))"
        if !flags.isEmpty { meta += " · " + flags.joined(separator: ", ") }
        out += (color ? "\u{1B}[2m\(meta)\u{1B}[0m" : meta) + "\n"
        if !tags.isEmpty { out += tags + "\n" }
        let body = o["body"]?.stringValue ?? ""
        if !body.isEmpty { out += "\n" + (body.hasSuffix("\n") ? String(body.dropLast()) : body) }
        return out
    }

    static func event(_ o: JSONObject) -> String {
        var out = "\(Output.plain(o["action"])) by \(Output.plain(o["actor"])) at \(Output.plain(o["time"]))\n"
        out += "id:          \(Output.plain(o["id"]))\n"
        out += "target:      \(Output.plain(o["target"]?["kind"])) \(Output.plain(o["target"]?["id"]))\n"
        for key in ["workspace_id", "request_id", "correlation_id", "causation_id", "idempotency_key", "outcome", "prev_hash", "hash"] {
            out += pad(key + ":", 13) + Output.plain(o[key]) + "\n"
        }
        out += "changes:\n"
        for (field, change) in o["changes"]?.objectValue ?? [:] {
            out += "  \(field): \(JSONWriter.string(change["before"] ?? .null)) → \(JSONWriter.string(change["after"] ?? .null))\n"
        }
        return String(out.dropLast())
    }

    static func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(1, n - s.count)) }
}
