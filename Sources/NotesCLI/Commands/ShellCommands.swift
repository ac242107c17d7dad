import NotesCore

/// `shell`, `completion`, and the hidden `__complete` (called by the completion scripts) and
/// `__manpage` (called by scripts/regenerate-docs.sh).
enum ShellCommands {
    static let all: [Command] = [
        Command("shell", "an interactive session: line editing, history, tab completion",
                discussion: """
                Type commands without the leading 'notesctl'. Quoting follows POSIX shell word splitting \
                ('single', "double" with backslash escapes, backslash, # comments); nothing is expanded. \
                The global options given to 'shell' apply to every command of the session. 'help' shows \
                help, 'exit [N]' or 'quit' leaves. History is kept in shell_history beside the store. When \
                standard input is not a terminal, commands are read one per line and the exit status is \
                that of the last command that failed (0 if none).
                """,
                examples: ["notesctl shell", "printf 'note add --title Hi\\nnote list\\n' | notesctl shell"],
                action: .other(InteractiveShell.run)),
        Command("completion", "print the completion script for bash, zsh or fish",
                discussion: "The same text as completions/notesctl.bash, completions/_notesctl and completions/notesctl.fish.",
                arguments: [ArgumentSpec("shell", .choice(CompletionScript.Shell.allCases.map(\.rawValue)), help: "bash, zsh or fish")],
                examples: ["source <(notesctl completion bash)",
                           "notesctl completion zsh > \"${fpath[1]}/_notesctl\"",
                           "notesctl completion fish > ~/.config/fish/completions/notesctl.fish"],
                action: .other { inv in
                    guard let shell = inv.args.string("shell").flatMap(CompletionScript.Shell.init(rawValue:)) else {
                        throw NotesError.usage("missing argument SHELL (bash, zsh or fish)")
                    }
                    try inv.output.stdout.write(CompletionScript.generate(shell, table: inv.table))
                }),
        Command("__complete", "print completion candidates from the store, one per line (for the completion scripts)",
                discussion: "Each line is the candidate, a tab, and a description. Prints nothing, and creates nothing, when the store is missing or unreadable.",
                arguments: [ArgumentSpec("kind", help: "workspace, actor, note, event, …"),
                            ArgumentSpec("prefix", optional: true, help: "only candidates starting with this")],
                hidden: true,
                action: .other { inv in
                    let found = DynamicCompletions.candidates(inv.args.string("kind") ?? "", prefix: inv.args.string("prefix") ?? "", invocation: inv)
                    for c in found { try inv.output.stdout.write(c.help.isEmpty ? c.word + "\n" : "\(c.word)\t\(c.help)\n") }
                }),
        Command("__manpage", "print the man page (mdoc), as man/notesctl.1 holds it",
                discussion: "For scripts/regenerate-docs.sh; read it with: notesctl __manpage | mandoc -a",
                hidden: true,
                action: .other { inv in try inv.output.stdout.write(ManPage.generate(table: inv.table)) }),
    ]
}
