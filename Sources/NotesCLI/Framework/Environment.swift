import NotesCore
#if canImport(Glibc)
import Glibc
#endif

/// The process environment as notesctl sees it: variables, terminals, the login name.
/// A value, so tests and the interactive shell can build their own.
public struct Environment: Sendable {
    public var variables: [String: String]
    public var stdinIsTTY: Bool
    public var stdoutIsTTY: Bool
    public var stderrIsTTY: Bool
    public var loginName: String
    /// Variables whose value is not valid UTF-8: kept by name so they are refused, not ignored.
    public var invalidNames: [String] = []

    public init(variables: [String: String], stdinIsTTY: Bool = false, stdoutIsTTY: Bool = false,
                stderrIsTTY: Bool = false, loginName: String = "user") {
        self.variables = variables
        self.stdinIsTTY = stdinIsTTY
        self.stdoutIsTTY = stdoutIsTTY
        self.stderrIsTTY = stderrIsTTY
        self.loginName = loginName
    }

    /// This process's environment.
    public static func current() -> Environment {
        var vars: [String: String] = [:]
        vars.reserveCapacity(128)
        var invalid: [String] = []
        var p = environ
        while let entry = p.pointee {
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self), count: strlen(entry))
            if let eq = bytes.firstIndex(of: UInt8(ascii: "=")),
               let name = String(validating: bytes[..<eq], as: UTF8.self),
               let value = String(validating: bytes[(eq + 1)...], as: UTF8.self) {
                vars[name] = value
            } else {
                // Name up to '=' (names are ASCII in practice); the value has the bad bytes.
                let raw = UnsafeBufferPointer(start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self), count: strlen(entry))
                invalid.append(String(decoding: raw.prefix(while: { $0 != UInt8(ascii: "=") }), as: UTF8.self))
            }
            p += 1
        }
        var env = Environment(variables: vars, stdinIsTTY: isatty(0) == 1, stdoutIsTTY: isatty(1) == 1,
                              stderrIsTTY: isatty(2) == 1, loginName: loginNameOfProcess(vars))
        env.invalidNames = invalid
        return env
    }

    /// The variables notesctl reads: one of these with invalid UTF-8 is refused (exit 6) rather
    /// than silently ignored, which could change who acts or which store is used. Not
    /// `TRACEPARENT`: tracing tools set it, and a malformed one is ignored (W3C Trace Context).
    static func isRead(_ name: String) -> Bool {
        name.hasPrefix("NOTESCTL_") || ["HOME", "XDG_DATA_HOME", "VISUAL", "EDITOR", "TMPDIR", "NO_COLOR", "TERM"].contains(name)
    }

    static func loginNameOfProcess(_ vars: [String: String]) -> String {
        if let pw = getpwuid(geteuid()), let name = String(validatingCString: pw.pointee.pw_name), !name.isEmpty { return name }
        return vars["USER"] ?? vars["LOGNAME"] ?? "user"
    }

    public subscript(name: String) -> String? {
        guard let v = variables[name], !v.isEmpty else { return nil }
        return v
    }

    /// The store file, first match wins: `--db`, `$NOTESCTL_DB`, `$XDG_DATA_HOME/notesctl/notes.db`,
    /// `~/.local/share/notesctl/notes.db` (CLI.md §2).
    public func storePath(flag: String?) throws -> String {
        if let flag {
            guard !flag.isEmpty else { throw NotesError.usage("--db needs a path, not an empty string") }
            return flag
        }
        if let db = self["NOTESCTL_DB"] { return db }
        if let xdg = self["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/notesctl/notes.db" }
        guard let home = self["HOME"] ?? homeFromPasswd() else {
            throw NotesError.unavailable("cannot find the store: set --db, NOTESCTL_DB or HOME")
        }
        return home + "/.local/share/notesctl/notes.db"
    }

    private func homeFromPasswd() -> String? {
        guard let pw = getpwuid(geteuid()) else { return nil }
        return String(validatingCString: pw.pointee.pw_dir)
    }

    /// The interactive shell's history file, beside the store: `<store folder>/shell_history`.
    public func historyPath(store: String) -> String {
        let folder = store.lastIndex(of: "/").map { String(store[..<$0]) } ?? "."
        return folder + "/shell_history"
    }
}
