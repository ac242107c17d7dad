import NotesCore

/// Help at every level, generated from the command table.
enum Help {
    static func text(for path: [String], table: CommandTable) -> String {
        if let command = table.command(path) { return text(for: command) }
        if path.isEmpty { return root(table) }
        return group(path, table)
    }

    static func root(_ table: CommandTable) -> String {
        var out = "notesctl: notes, and the work of AI agents on them, in one local SQLite file.\n\n"
        out += "Usage: notesctl [global options] <group> <verb> [arguments] [options]\n\nGroups:\n"
        let width = (table.groups.map(\.name.count).max() ?? 0) + 2
        for g in table.groups where table.isGroup([g.name]) { out += "  " + pad(g.name, width) + g.summary + "\n" }
        out += "\nCommands:\n"
        for c in table.commands where c.path.count == 1 && !c.hidden { out += "  " + pad(c.name, width) + c.summary + "\n" }
        out += "\nGlobal options:\n" + options(GlobalOptions.all)
        out += "\nRun 'notesctl <group> --help' or 'notesctl help <command>' for more; 'man notesctl' for everything.\n"
        return out
    }

    static func group(_ path: [String], _ table: CommandTable) -> String {
        let name = path.joined(separator: " ")
        var out = "notesctl \(name): \(table.groupSummary(path[0]) ?? "")\n\nUsage: notesctl \(name) <verb> [arguments] [options]\n\nVerbs:\n"
        let commands = table.commands(under: path).filter { !$0.hidden }
        let width = (commands.map { $0.path.dropFirst(path.count).joined(separator: " ").count }.max() ?? 0) + 2
        for c in commands { out += "  " + pad(c.path.dropFirst(path.count).joined(separator: " "), width) + c.summary + "\n" }
        return out + "\nRun 'notesctl \(name) <verb> --help' for a verb's options.\n"
    }

    static func text(for c: Command) -> String {
        var out = "notesctl \(c.name): \(c.summary)\n\nUsage: \(c.usage)\n"
        if let d = c.discussion { out += "\n" + d + "\n" }
        if !c.arguments.isEmpty {
            out += "\nArguments:\n"
            let width = (c.arguments.map(\.usage.count).max() ?? 0) + 2
            for a in c.arguments { out += "  " + pad(a.usage, width) + a.help + "\n" }
        }
        if !c.options.isEmpty { out += "\nOptions:\n" + options(c.options) }
        // An option of the command's own (audit list --actor, a filter; proposal reject
        // --reason) is that, not the global or write option of the same name.
        let own = Set(c.options.map(\.name))
        let writes = c.writeOptions.filter { !own.contains($0.name) }
        if !writes.isEmpty { out += "\nWrite options:\n" + options(writes) }
        if !c.examples.isEmpty { out += "\nExamples:\n" + c.examples.map { "  \($0)\n" }.joined() }
        let globals = GlobalOptions.all.filter { !own.contains($0.name) && $0.name != "help" }
            .map { o in o.short.map { "-\($0)/--\(o.name)" } ?? "--\(o.name)" }
        out += "\nGlobal options: \(globals.joined(separator: ", ")) (see 'notesctl help').\n"
        return out
    }

    static func options(_ specs: [OptionSpec]) -> String {
        let width = min(34, (specs.map(\.usage.count).max() ?? 0) + 2)
        return specs.map { o in
            var help = o.help
            if o.repeatable { help += " (repeatable)" }
            if let env = o.env { help += " [$\(env)]" }
            let u = o.usage
            return u.count >= width ? "  \(u)\n  \(pad("", width))\(help)\n" : "  \(pad(u, width))\(help)\n"
        }.joined()
    }

    static func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(1, width - s.count)) }
}
