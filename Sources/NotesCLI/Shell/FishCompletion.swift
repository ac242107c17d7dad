import NotesCore

/// `completions/notesctl.fish`: `complete` lines guarded by `__notesctl_at PATH [N]`, which reads
/// the command line as the parser does (options and their values anywhere, then the command words).
struct FishCompletion {
    let model: CompletionModel

    var script: String {
        var out = #"""
        # fish completion for notesctl. Generated from the command table by `notesctl completion fish`:
        # do not edit by hand. Install: copy to ~/.config/fish/completions/notesctl.fish
        # (or run: notesctl completion fish | source).

        # __notesctl_state: the command path typed so far (first line), then its arguments, one per line.
        function __notesctl_state
            set -l line (commandline -pc)
            if test "$line" = "$__notesctl_cached_line"
                printf '%s\n' $__notesctl_cached_state
                return
            end
            set -l tokens (commandline -opc)
            set -e tokens[1]
            set -l cmd_path ''
            set -l opath ''
            set -l args
            set -l pending 0
            set -l ddash 0
            set -l leaf 0
            for t in $tokens
                if test $pending = 1
                    set pending 0
                    continue
                end
                if test $ddash = 0
                    switch $t
                        case '--'
                            set ddash 1
                            continue
                        case '--*=*'
                            continue
                        case '--*'
                            if __notesctl_option_value "$opath" $t | string length -q
                                set pending 1
                            end
                            continue
                        case '-?*'
                            set -l chars (string split '' -- (string sub -s 2 -- $t))
                            for i in (seq (count $chars))
                                if __notesctl_option_value "$opath" -$chars[$i] | string length -q
                                    test $i -eq (count $chars); and set pending 1
                                    break
                                end
                            end
                            continue
                    end
                end
                if test $ddash = 0 -a $leaf = 0
                    if contains -- $t (__notesctl_children "$cmd_path")
                        set cmd_path (string trim -- "$cmd_path $t")
                        if not __notesctl_children "$cmd_path" | string length -q
                            set leaf 1
                            set opath $cmd_path
                        end
                        continue
                    end
                end
                set -a args $t
            end
            set -g __notesctl_cached_line $line
            set -g __notesctl_cached_state $cmd_path $args
            printf '%s\n' $cmd_path $args
        end

        # __notesctl_at PATH [N|N+]: the command path is PATH (and N, or at least N, arguments are typed).
        function __notesctl_at
            set -l state (__notesctl_state)
            test "$state[1]" = "$argv[1]"; or return 1
            test (count $argv) -lt 2; and return 0
            set -l typed (math (count $state) - 1)
            if string match -q -- '*+' $argv[2]
                test $typed -ge (string trim -c + -- $argv[2])
            else
                test $typed -eq $argv[2]
            end
        end

        # __notesctl_store KIND: candidates from the store, through `notesctl __complete`.
        function __notesctl_store
            set -l tokens (commandline -opc)
            set -l prog $tokens[1]
            command -q $prog; or set prog notesctl
            set -l context
            set -l n (count $tokens)
            for i in (seq 2 $n)
                switch $tokens[$i]
                    case --db --workspace -w --actor
                        test $i -lt $n; and set -a context $tokens[$i] $tokens[(math $i + 1)]
                    case '--db=*' '--workspace=*' '--actor=*'
                        set -a context $tokens[$i]
                end
            end
            env NOTESCTL_BUSY_TIMEOUT_MS=200 $prog $context __complete $argv[1] -- (commandline -ct | string replace -r '^--[^=]*=' '') 2>/dev/null
        end

        # __notesctl_help_commands: the arguments of help are a command path.
        function __notesctl_help_commands
            set -l state (__notesctl_state)
            set -e state[1]
            __notesctl_children (string join ' ' -- (string match -v -- help $state))
        end

        # __notesctl_children PATH: the words that may follow a command path.
        function __notesctl_children
            switch "$argv[1]"

        """#
        for path in model.groupPaths {
            out += "        case \(CompletionScript.quoted(path.joined(separator: " ")))\n"
            out += "            printf '%s\\n' \(model.children(of: path).joined(separator: " "))\n"
        }
        out += """
            end
        end

        # __notesctl_option_value PATH OPTION: what the option's value is (path, choice:…, store:…,
        # value), or nothing for a switch. PATH is empty before the command is known.
        function __notesctl_option_value
            switch "$argv[1]|$argv[2]"

        """
        for c in model.commands where model.isLeaf(c.path) {
            let valued = model.options(for: c).filter { !$0.isSwitch }
            for o in valued {
                let patterns = CompletionScript.tokens(o).map { CompletionScript.quoted(c.name + "|" + $0) }
                out += "        case \(patterns.joined(separator: " "))\n"
                out += "            echo \(CompletionScript.quoted(CompletionScript.token(o.value?.completionSource ?? .none)))\n"
            }
        }
        for o in GlobalOptions.all where !o.isSwitch {
            out += "        case \(CompletionScript.tokens(o).map { CompletionScript.quoted("|" + $0) }.joined(separator: " "))\n"
            out += "            echo \(CompletionScript.quoted(CompletionScript.token(o.value?.completionSource ?? .none)))\n"
        }
        out += "        case \(CompletionScript.valueTakingTokens(model).map { CompletionScript.quoted("|" + $0) }.joined(separator: " "))\n"
        out += "            echo value\n"
        out += """
            end
        end

        complete -c notesctl -f

        # Groups and verbs.

        """
        for path in model.groupPaths {
            for child in model.children(of: path) {
                out += "complete -c notesctl -n \(CompletionScript.quoted("__notesctl_at " + CompletionScript.quoted(path.joined(separator: " ")))) -a \(CompletionScript.quoted(child)) -d \(CompletionScript.quoted(model.summary(of: path + [child])))\n"
            }
        }
        out += "\n# Global options (not where a command has an option of that name of its own).\n"
        for o in GlobalOptions.all {
            let own = model.commands.filter { model.isLeaf($0.path) && $0.options.contains { $0.name == o.name } }
            out += line(o, condition: own.isEmpty ? nil : own.map { "not __notesctl_at " + CompletionScript.quoted($0.name) }.joined(separator: "; and "))
        }
        out += "\n# Write options.\n"
        let writes = model.commands.filter { model.isLeaf($0.path) && $0.isWrite }
        for c in writes {
            for o in c.writeOptions { out += line(o, condition: "__notesctl_at " + CompletionScript.quoted(c.name)) }
        }
        for c in model.commands where model.isLeaf(c.path) {
            let condition = "__notesctl_at " + CompletionScript.quoted(c.name)
            out += "\n# \(c.name)\n"
            for o in c.options { out += line(o, condition: condition) }
            for (i, a) in c.arguments.enumerated() {
                let n = a.variadic ? "\(i)+" : "\(i)"
                guard let args = arguments(a.value.completionSource) else { continue }
                out += "complete -c notesctl -n \(CompletionScript.quoted(condition + " " + n)) \(args) -d \(CompletionScript.quoted(a.help))\n"
            }
        }
        return out
    }

    /// The `complete` line of an option.
    private func line(_ o: OptionSpec, condition: String?) -> String {
        var parts = ["complete -c notesctl"]
        if let condition { parts.append("-n " + CompletionScript.quoted(condition)) }
        if let s = o.short { parts.append("-s \(s)") }
        parts.append("-l \(o.name)")
        if let value = o.value { parts.append(arguments(value.completionSource, required: true) ?? "-x") }
        parts.append("-d " + CompletionScript.quoted(o.help))
        return parts.joined(separator: " ") + "\n"
    }

    /// The `-a`/`-F`/`-x` flags offering the values of `source`; nil when there is nothing to offer.
    private func arguments(_ source: ValueSource, required: Bool = false) -> String? {
        switch source {
        case .none: return required ? "-x" : nil
        case .files: return "-r -F"
        case .choices(let c): return "-x -a " + CompletionScript.quoted(c.joined(separator: " "))
        case .store(let kind): return "-x -a " + CompletionScript.quoted("(__notesctl_store \(kind))")
        case .commands: return "-x -a '(__notesctl_help_commands)'"
        }
    }
}
