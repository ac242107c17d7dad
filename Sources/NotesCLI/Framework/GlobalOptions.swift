import NotesCore

/// Options every command accepts (CLI.md §3), and those every write accepts.
enum GlobalOptions {
    static let all: [OptionSpec] = [
        OptionSpec("db", .path, env: "NOTESCTL_DB", help: "the store file"),
        OptionSpec("workspace", short: "w", .workspace, env: "NOTESCTL_WORKSPACE",
                   help: "workspace id or slug; default: the one chosen by 'workspace use', else personal"),
        OptionSpec("actor", .actor, env: "NOTESCTL_ACTOR", help: "user:NAME or agent:NAME; default user:<login name>"),
        OptionSpec("json", help: "print JSON (NOTESCTL_FORMAT=json)"),
        OptionSpec("jsonl", help: "print lists as one JSON object per line (NOTESCTL_FORMAT=jsonl)"),
        OptionSpec("fields", .string, valueName: "A,B", help: "keep only these top-level fields of JSON objects"),
        OptionSpec("correlation-id", .string, valueName: "ID", env: "NOTESCTL_CORRELATION_ID",
                   help: "the workflow this request belongs to; default: TRACEPARENT's trace-id, else the request id"),
        OptionSpec("causation-id", .string, valueName: "ID", env: "NOTESCTL_CAUSATION_ID",
                   help: "the event or request this write responds to"),
        OptionSpec("quiet", short: "q", help: "print no text on success (JSON output and export data still print)"),
        OptionSpec("no-color", env: "NO_COLOR", help: "never colour the output"),
        OptionSpec("help", short: "h", help: "show help"),
    ]

    /// Accepted by commands that change the store.
    static let write: [OptionSpec] = [
        OptionSpec("idempotency-key", .string, valueName: "KEY",
                   help: "retry-safe key: the same key and request replays the first receipt (a flag only)"),
        OptionSpec("dry-run", help: "validate and show the receipt that would result; write nothing"),
        OptionSpec("propose", help: "record a proposal for a person to approve instead of changing anything"),
        OptionSpec("reason", .string, valueName: "TEXT", help: "with --propose: why"),
        OptionSpec("supersedes", .id(.proposal), valueName: "PR", help: "with --propose: this proposal replaces an earlier pending one of yours"),
    ]

    /// The write options that only a proposable command takes.
    static let proposing: Set<String> = ["propose", "reason", "supersedes"]

    static func named(_ name: String) -> OptionSpec? { (all + write).first { $0.name == name } }
    static func short(_ c: Character) -> OptionSpec? { (all + write).first { $0.short == c } }
}

/// The global options' values after parsing, before the environment fills the gaps.
struct GlobalValues {
    var db: String?
    var workspace: String?
    var actor: String?
    var json = false
    var jsonl = false
    var fields: [String]?
    var correlationId: String?
    var causationId: String?
    var quiet = false
    var noColor = false
    var help = false
    var idempotencyKey: String?
    var dryRun = false
    var propose = false
    var reason: String?
    var supersedes: String?

    mutating func set(_ spec: OptionSpec, _ value: String?) {
        switch spec.name {
        case "db": db = value
        case "workspace": workspace = value
        case "actor": actor = value
        case "json": json = true
        case "jsonl": jsonl = true
        case "fields": fields = value?.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        case "correlation-id": correlationId = value
        case "causation-id": causationId = value
        case "quiet": quiet = true
        case "no-color": noColor = true
        case "help": help = true
        case "idempotency-key": idempotencyKey = value
        case "dry-run": dryRun = true
        case "propose": propose = true
        case "reason": reason = value
        case "supersedes": supersedes = value
        default: break
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
