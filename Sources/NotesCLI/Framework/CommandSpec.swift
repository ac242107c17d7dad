import NotesCore

/// The kind of value an option or argument takes: it drives parsing checks, help text and
/// what the completion scripts offer.
public enum ValueKind: Equatable, Sendable {
    case string
    case int
    case path
    /// A date or time (`YYYY-MM-DD` or RFC 3339), checked by the domain (exit 6; empty: exit 2).
    case time
    case choice([String])
    /// A note tag. Tags are a set: the canonical form of a request sorts them and drops repeats.
    case tag
    case workspace
    case actor
    case id(IDKind)
    case command

    var placeholder: String {
        switch self {
        case .string: "TEXT"
        case .int: "N"
        case .path: "PATH"
        case .time: "TIME"
        case .choice(let c): c.joined(separator: "|")
        case .tag: "TAG"
        case .workspace: "WS"
        case .actor: "ACTOR"
        case .id(let kind): kind.rawValue.uppercased() == "NT" ? "NOTE" : kind.prefix.uppercased() + "ID"
        case .command: "COMMAND"
        }
    }
}

/// One option in the command table.
public struct OptionSpec: Sendable {
    public let name: String
    public let short: Character?
    /// nil for a switch.
    public let value: ValueKind?
    public let repeatable: Bool
    public let valueName: String?
    public let help: String
    public let env: String?
    /// Read from the command line only (a file, stdin, the editor): the input step turns it into
    /// canonical arguments, so `apply` and proposals refuse it.
    public let inputOnly: Bool

    public init(_ name: String, short: Character? = nil, _ value: ValueKind? = nil, repeatable: Bool = false,
                valueName: String? = nil, env: String? = nil, inputOnly: Bool = false, help: String) {
        self.inputOnly = inputOnly
        self.name = name
        self.key = String(decoding: name.utf8.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "_") : $0 }, as: UTF8.self)
        self.short = short
        self.value = value
        self.repeatable = repeatable
        self.valueName = valueName
        self.help = help
        self.env = env
    }

    /// The key in the canonical operation: `--if-version` → `if_version`.
    public let key: String
    public var isSwitch: Bool { value == nil }
    var placeholder: String { valueName ?? value?.placeholder ?? "" }
    var usage: String {
        let long = "--\(name)" + (isSwitch ? "" : " \(placeholder)")
        return short.map { "-\($0), \(long)" } ?? long
    }
}

/// One positional argument.
public struct ArgumentSpec: Sendable {
    public let name: String
    public let value: ValueKind
    public let optional: Bool
    /// Takes every remaining word (only ever the last argument).
    public let variadic: Bool
    public let help: String
    /// Read from the command line only (see `OptionSpec.inputOnly`).
    public let inputOnly: Bool

    public init(_ name: String, _ value: ValueKind = .string, optional: Bool = false, variadic: Bool = false,
                inputOnly: Bool = false, help: String) {
        self.inputOnly = inputOnly
        self.name = name
        self.value = value
        self.optional = optional
        self.variadic = variadic
        self.help = help
    }

    var usage: String {
        let base = name.uppercased() + (variadic ? "..." : "")
        return optional ? "[\(base)]" : base
    }
}

/// What running a command does.
public enum CommandAction: Sendable {
    /// Reads only; prints through `Output`.
    case read(@Sendable (Invocation) throws -> Void)
    /// Changes the store through the one write path. `prepare` runs first, outside any
    /// transaction, to turn inputs (files, stdin, `$EDITOR`) into canonical arguments.
    case write(WriteAction)
    /// Neither: help, version, completion, shell.
    case other(@Sendable (Invocation) throws -> Void)
}

public struct WriteAction: Sendable {
    public let prepare: (@Sendable (inout Args, Invocation) throws -> Void)?
    public let perform: @Sendable (Args, Transaction) throws -> OperationResult
    /// The past-tense line printed in text mode, e.g. "Created note".
    public let done: String

    public init(done: String, prepare: (@Sendable (inout Args, Invocation) throws -> Void)? = nil,
                perform: @escaping @Sendable (Args, Transaction) throws -> OperationResult) {
        self.done = done
        self.prepare = prepare
        self.perform = perform
    }
}

/// One command of the table: a group and verb (`note add`) or a top-level verb (`init`).
public struct Command: Sendable {
    public let path: [String]
    public let summary: String
    public let discussion: String?
    public let options: [OptionSpec]
    public let arguments: [ArgumentSpec]
    public let examples: [String]
    public let action: CommandAction
    /// Changes the store: takes the write options (`--idempotency-key`, `--dry-run`).
    public let writes: Bool
    /// Plumbing for scripts (`__complete`): runs, but is left out of help, the man page and completions.
    public let hidden: Bool
    /// Acts in the workspace of `-w` (else the one in force): which one is part of the request.
    /// Other commands name what they act on by id or argument, and `-w` does not change them.
    public let inWorkspace: Bool
    /// A write that `--propose` can record for approval. Not `import` (a whole store, applied
    /// by its owner) nor `workspace use` (the acting actor's own choice: approved, it would be
    /// the approver's).
    public let proposable: Bool

    public init(_ path: String, _ summary: String, discussion: String? = nil, arguments: [ArgumentSpec] = [],
                options: [OptionSpec] = [], examples: [String] = [], writes: Bool? = nil, hidden: Bool = false,
                inWorkspace: Bool = false, proposable: Bool = true, action: CommandAction) {
        self.path = Command.words(path)
        self.proposable = proposable
        self.hidden = hidden
        self.inWorkspace = inWorkspace
        self.summary = summary
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.examples = examples
        self.action = action
        if let writes { self.writes = writes } else if case .write = action { self.writes = true } else { self.writes = false }
    }

    public var name: String { path.joined(separator: " ") }

    /// "note add" → ["note", "add"], over bytes: the generic `split` costs measurably at start-up.
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        var current: [UInt8] = []
        for b in text.utf8 {
            if b == 32 {
                if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)); current.removeAll() }
            } else {
                current.append(b)
            }
        }
        if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)) }
        return out
    }
    public var isWrite: Bool { writes }
    /// The write options this command takes: none for a read, no `--propose` (nor `--reason`,
    /// `--supersedes`) for a write that cannot be proposed.
    var writeOptions: [OptionSpec] {
        guard writes else { return [] }
        return proposable ? GlobalOptions.write : GlobalOptions.write.filter { !GlobalOptions.proposing.contains($0.name) }
    }
    /// The write action of a command that is one operation (what `apply` and proposals can run).
    public var writeAction: WriteAction? { if case .write(let w) = action { return w }; return nil }

    var usage: String {
        var parts = ["notesctl", name]
        parts += arguments.map(\.usage)
        if !options.isEmpty || isWrite { parts.append("[options]") }
        return parts.joined(separator: " ")
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Substring(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
