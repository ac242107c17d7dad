import NotesCore

/// A column of a text table: a header and how to show a resource's value.
public struct Column: Sendable {
    let header: String
    let value: @Sendable (JSONObject) -> String
    let maxWidth: Int?

    public init(_ header: String, maxWidth: Int? = nil, _ value: @escaping @Sendable (JSONObject) -> String) {
        self.header = header
        self.maxWidth = maxWidth
        self.value = value
    }

    /// A column showing one field as text.
    public static func field(_ header: String, _ key: String, maxWidth: Int? = nil) -> Column {
        Column(header, maxWidth: maxWidth) { Output.plain($0[key]) }
    }
}

/// Everything notesctl prints goes through here (CLI.md §5): human text by default, `--json`,
/// `--jsonl`, `--fields`; errors on stderr, as text or as the JSON error object.
public final class Output {
    public enum Format: Sendable { case text, json, jsonl }

    let format: Format
    let fields: [String]?
    let pretty: Bool
    let color: Bool
    let quiet: Bool
    /// Colour for error labels: stderr's own terminal decides, not stdout's.
    let errorColor: Bool
    /// Whether stdout and stderr are terminals: text for them goes through `terminalSafe`.
    let stdoutTerminal: Bool
    let stderrTerminal: Bool
    let stdout: Sink
    let stderr: Sink

    init(format: Format, fields: [String]?, pretty: Bool, color: Bool, quiet: Bool, errorColor: Bool = false,
         stdoutTerminal: Bool = false, stderrTerminal: Bool = false, stdout: Sink = Sink(fd: 1), stderr: Sink = Sink(fd: 2)) {
        self.format = format
        self.fields = fields
        self.pretty = pretty
        self.color = color
        self.quiet = quiet
        self.errorColor = errorColor
        self.stdoutTerminal = stdoutTerminal
        self.stderrTerminal = stderrTerminal
        self.stdout = stdout
        self.stderr = stderr
    }

    var isJSON: Bool { format != .text }

    func narrow(_ object: JSONObject) -> JSONObject { fields.map { object.narrowed(to: $0) } ?? object }

    func json(_ value: JSON, pretty: Bool? = nil) throws {
        // --jsonl is one object per line, terminal or not.
        var w = JSONWriter(pretty: pretty ?? (self.pretty && format == .json))
        w.write(value)
        w.bytes.append(10)
        try stdout.write(bytes: w.bytes)
    }

    /// Prints one resource: JSON (narrowed by `--fields`), or `text` for people.
    func object(_ object: JSONObject, text: (JSONObject) -> String) throws {
        if isJSON { try json(.object(narrow(object))) } else if !quiet { try line(text(forText(object))) }
    }

    /// Prints a list as it is produced: a JSON array, one object per line (`--jsonl`), or a table.
    /// In JSON modes rows go out as they come, so memory stays flat whatever the count.
    func list(_ columns: [Column], empty: String, _ produce: ((JSONObject) throws -> Void) throws -> Void) throws {
        switch format {
        case .jsonl:
            var w = JSONWriter(capacity: 4096)
            try produce { row in
                w.bytes.removeAll(keepingCapacity: true)
                w.write(.object(narrow(row)))
                w.bytes.append(10)
                try stdout.write(bytes: w.bytes)
            }
        case .json:
            // "[" goes out with the first row, so a failure before any row leaves stdout empty.
            var first = true
            var w = JSONWriter(pretty: pretty, capacity: 4096)
            try produce { row in
                w.bytes.removeAll(keepingCapacity: true)
                w.bytes.append(UInt8(ascii: first ? "[" : ","))
                if pretty { w.bytes.append(contentsOf: Array("\n  ".utf8)) }
                first = false
                w.write(.object(narrow(row)), indent: 1)
                try stdout.write(bytes: w.bytes)
            }
            try stdout.write(first ? "[]\n" : (pretty ? "\n]\n" : "]\n"))
        case .text:
            var rows: [[String]] = []
            try produce { row in let row = forText(row); rows.append(columns.map { $0.value(row) }) }
            if rows.isEmpty {
                if !quiet { try note(empty) }
                return
            }
            try table(columns, rows)
        }
    }

    /// Like `list`, but text mode prints each row as it comes with `text` instead of a table.
    func stream(empty: String, text: @escaping (JSONObject) -> String, _ produce: ((JSONObject) throws -> Void) throws -> Void) throws {
        guard format == .text else { return try list([], empty: empty, produce) }
        var any = false
        try produce { row in
            any = true
            if !quiet { try line(text(forText(row))) }
        }
        if !any { try note(empty) }
    }

    func table(_ columns: [Column], _ rows: [[String]]) throws {
        // -q: nothing on success, tables included (JSON output and data such as export still print).
        guard !quiet else { return }
        // Widths in terminal columns, not characters: 日本 takes four, as two letters take two.
        var widths = columns.map { Output.columns($0.header) }
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], min(Output.columns(cell), columns[i].maxWidth ?? Int.max)) }
        }
        func render(_ cells: [String], bold: Bool) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                var c = cell
                if let m = columns[i].maxWidth, Output.columns(c) > m { c = Output.prefix(c, columns: m - 1) + "…" }
                if i < cells.count - 1 { c += String(repeating: " ", count: max(0, widths[i] - Output.columns(c))) }
                parts.append(c)
            }
            let text = parts.joined(separator: "  ")
            return bold && color ? "\u{1B}[1m\(text)\u{1B}[0m" : text
        }
        try line(render(columns.map(\.header), bold: true))
        for row in rows { try line(render(row, bold: false)) }
    }

    /// Prints a write's receipt: the JSON receipt, or one line for people.
    func receipt(_ receipt: Receipt, done: String) throws {
        if isJSON {
            var json = receipt.json
            for (key, value) in json where key != "request" {
                if case .object(let o) = value { json[key] = .object(narrow(o)) }
                if key == "results", case .array(let items) = value {
                    json[key] = .array(items.map { item in
                        guard case .object(var wrapper) = item else { return item }
                        for (k, v) in wrapper { if case .object(let o) = v { wrapper[k] = .object(narrow(o)) } }
                        return .object(wrapper)
                    })
                }
            }
            try self.json(.object(json))
            return
        }
        guard !quiet else { return }
        let request = receipt.json["request"]?.objectValue ?? [:]
        var suffix = ""
        if request["replayed"]?.boolValue == true { suffix += " (replayed: nothing written)" }
        if request["dry_run"]?.boolValue == true { suffix += " (dry run: nothing written)" }
        for (key, value) in receipt.json where key != "request" {
            if key == "results", let items = value.arrayValue {
                try line("\(done): \(items.count) operations\(suffix)")
            } else if let o = value.objectValue {
                try line(Output.describe(kind: key, forText(o), done: done) + suffix)
            }
        }
    }

    static func describe(kind: String, _ o: JSONObject, done: String) -> String {
        guard o["id"] != nil else {
            // A summary rather than a resource (gc, import): its counts.
            return "\(done): " + o.map { "\($0.key.replacingOccurrences(of: "_", with: " ")) \(plain($0.value))" }.joined(separator: ", ")
        }
        var text = "\(done) \(kind)"
        if let id = o["id"]?.stringValue { text += " \(id)" }
        if let name = (o["title"] ?? o["name"] ?? o["actor"])?.stringValue, !name.isEmpty { text += " \u{201C}\(name)\u{201D}" }
        if let v = o["version"]?.intValue { text += " (version \(v))" }
        return text
    }

    /// What is stored, made safe for a terminal before text is made of it (and styled): every
    /// string of the object through `terminalSafe`, styles included. As is when not a terminal.
    func forText(_ object: JSONObject) -> JSONObject {
        guard stdoutTerminal else { return object }
        func safe(_ o: JSONObject) -> JSONObject {
            var out = o
            for (k, v) in o { out[k] = safe(v) }
            return out
        }
        func safe(_ v: JSON) -> JSON {
            switch v {
            case .string(let s): return .string(Output.terminalSafe(s, keepingStyles: false))
            case .array(let a): return .array(a.map(safe))
            case .object(let o): return .object(safe(o))
            default: return v
            }
        }
        return safe(object)
    }

    /// A line of text: made of values `forText` made safe, and of notesctl's own words and styles.
    func line(_ s: String) throws { try stdout.write(s + "\n") }

    /// A message for people on stderr (never in JSON modes' stdout).
    func note(_ s: String) throws {
        guard !quiet else { return }
        try stderr.write((stderrTerminal ? Output.terminalSafe(s) : s) + "\n")
    }

    /// The terminal columns `s` takes (what wcwidth(3) says, without the C library's locale):
    /// East Asian wide and fullwidth characters and emoji shown as emoji take two, characters
    /// that show nothing (zero-width spaces, joiners) none, the rest one; a combining mark is
    /// part of the character before it.
    static func columns(_ s: String) -> Int {
        s.reduce(0) { $0 + columns(of: $1) }
    }

    /// The longest start of `s` that fits in `columns` terminal columns, cut between characters.
    static func prefix(_ s: String, columns: Int) -> String {
        var used = 0
        var end = s.startIndex
        for c in s[...] {
            let w = Output.columns(of: c)
            guard used + w <= columns else { break }
            used += w
            end = s.index(after: end)
        }
        return String(s[..<end])
    }

    static func columns(of c: Character) -> Int {
        guard let first = c.unicodeScalars.first else { return 0 }
        let v = first.value
        // An emoji asked for with VS16 (U+FE0F), a keycap such as 1️⃣ included, takes two.
        if c.unicodeScalars.count > 1, first.properties.isEmoji, c.unicodeScalars.contains("\u{FE0F}") { return 2 }
        if v < 0x7F { return v < 0x20 ? 0 : 1 }
        switch first.properties.generalCategory {
        case .format, .nonspacingMark, .enclosingMark, .control: return 0
        default: break
        }
        // An emoji shown as one by default.
        if first.properties.isEmojiPresentation { return 2 }
        return wideRanges.contains { $0.contains(v) } ? 2 : 1
    }

    /// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth.txt, W and F, in ranges).
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1B000...0x1B2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// Text as a terminal may show it: what is stored (a note's body, a title from an import)
    /// can hold control characters that a terminal acts on (escape sequences that set the
    /// window title, write the clipboard, move the cursor; a carriage return that overwrites
    /// the line). They are shown as `^[`, `^M`, `^?` (C1 controls as `<U+009B>`), except
    /// newlines, tabs, a carriage return before a newline, and, in text notesctl made itself
    /// (`keepingStyles`), the styles it prints (bold, dim, bold red, reset): stored text goes
    /// through first without them. Only on a terminal: piped text is left as stored.
    static func terminalSafe(_ s: String, keepingStyles: Bool = true) -> String {
        func isControl(_ v: UInt32) -> Bool { (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v) }
        guard s.unicodeScalars.contains(where: { isControl($0.value) }) else { return s }
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        outer: while i < scalars.count {
            let v = scalars[i].value
            if v == 0x0D, i + 1 < scalars.count, scalars[i + 1].value == 0x0A {
                out.append(scalars[i])
                i += 1
                continue
            }
            if v == 0x1B && keepingStyles {
                for style in ownStyles where scalars.count - i >= style.count && Array(scalars[i..<i + style.count]) == style {
                    out.append(contentsOf: style)
                    i += style.count
                    continue outer
                }
            }
            if !isControl(v) {
                out.append(scalars[i])
            } else if v < 0x20 || v == 0x7F {
                out.append(contentsOf: "^\(Character(Unicode.Scalar(UInt8(v == 0x7F ? 0x3F : v + 0x40))))".unicodeScalars)
            } else {
                let hex = String(v, radix: 16, uppercase: true)
                out.append(contentsOf: "<U+\(String(repeating: "0", count: 4 - hex.count))\(hex)>".unicodeScalars)
            }
            i += 1
        }
        return String(out)
    }

    static let ownStyles: [[Unicode.Scalar]] = ["\u{1B}[0m", "\u{1B}[1m", "\u{1B}[2m", "\u{1B}[1;31m"].map { Array($0.unicodeScalars) }

    func error(_ e: NotesError) {
        if isJSON {
            var w = JSONWriter()
            w.write(.object(["error": .object(e.json)]))
            w.bytes.append(10)
            try? stderr.write(bytes: w.bytes)
        } else {
            // The message and hint can hold what was typed or stored: made safe before the label is styled.
            func safe(_ s: String) -> String { stderrTerminal ? Output.terminalSafe(s, keepingStyles: false) : s }
            let label = errorColor ? "\u{1B}[1;31merror:\u{1B}[0m" : "error:"
            var text = "notesctl: \(label) \(safe(e.message))\n"
            if let hint = e.hint { text += "hint: \(safe(hint))\n" }
            try? stderr.write(text)
        }
        try? stderr.flush()
    }

    func flush() {
        try? stdout.flush()
        try? stderr.flush()
    }

    // MARK: Formatting helpers for text output

    static func plain(_ value: JSON?) -> String {
        switch value {
        case .string(let s)?: return s
        case .int(let i)?: return String(i)
        case .bool(let b)?: return b ? "yes" : "no"
        case .array(let a)?: return a.map { plain($0) }.joined(separator: ",")
        case .double(let d)?: return String(d)
        case .object?: return JSONWriter.string(value!)
        case .null?, nil: return "-"
        }
    }

    /// "3m ago", "5h ago", "2d ago"; older than a month: the date.
    static func relative(_ time: String?, now: UInt64 = Clock.nowMilliseconds()) -> String {
        guard let time, let t = Clock.parse(time) else { return "-" }
        let s = (Int64(now) - Int64(t)) / 1000
        switch s {
        case ..<0: return String(time.prefix(10))
        case 0..<60: return "just now"
        case 60..<3600: return "\(s / 60)m ago"
        case 3600..<86_400: return "\(s / 3600)h ago"
        case 86_400..<(30 * 86_400): return "\(s / 86_400)d ago"
        default: return String(time.prefix(10))
        }
    }
}
