import NotesCore

/// `completions/_notesctl`: an `_arguments`-based zsh completion. One function per command
/// (`_notesctl_cmd_note_add`, …) describes its options and arguments; `_notesctl_dispatch`
/// walks the groups. Works autoloaded from `$fpath` or sourced after `compinit`.
struct ZshCompletion {
    let model: CompletionModel

    /// The function that completes one command.
    static func functionName(_ path: [String]) -> String {
        "_notesctl_cmd_" + path.map { $0.replacingOccurrences(of: "-", with: "_") }.joined(separator: "_")
    }

    var script: String {
        var out = #"""
        #compdef notesctl
        # zsh completion for notesctl. Generated from the command table by `notesctl completion zsh`:
        # do not edit by hand. Install: save as _notesctl in a folder of $fpath (before compinit
        # runs), or after compinit:  source <(notesctl completion zsh)

        _notesctl() {
            # What the store candidates need: the program as typed and any --db, -w or --actor given.
            local _notesctl_prog=${words[1]}
            local -a _notesctl_context
            local i
            for (( i = 2; i < CURRENT; i++ )); do
                case ${words[i]} in
                    --db|--workspace|-w|--actor)
                        (( i + 1 < CURRENT )) && _notesctl_context+=(${words[i]} ${(Q)words[i+1]}) ;;
                    --db=*|--workspace=*|--actor=*)
                        _notesctl_context+=(${(Q)words[i]}) ;;
                esac
            done
            _notesctl_dispatch ''
        }

        # _notesctl_dispatch PATH: completes below a command path (a group, or a command).
        _notesctl_dispatch() {
            local cmd_path=$1 curcontext=$curcontext state state_descr line ret=1
            typeset -A opt_args
            case $cmd_path in

        """#
        for c in model.commands where model.isLeaf(c.path) {
            out += "        \(CompletionScript.quoted(c.name))) \(Self.functionName(c.path)); return ;;\n"
        }
        out += #"""
            esac
            local -a children globals
            _notesctl_children "$cmd_path"
            children=("${reply[@]}")
            _notesctl_globals
            globals=("${reply[@]}")
            _arguments -C -s : "${globals[@]}" ': :->child' '*:: :->rest' && ret=0
            case $state in
                child)
                    _describe -t commands 'notesctl command' children && ret=0 ;;
                rest)
                    local next=${words[1]}
                    if (( ${children[(I)${(b)next}:*]} )); then
                        curcontext=${curcontext%:*}-$next:
                        _notesctl_dispatch "${cmd_path:+$cmd_path }$next" && ret=0
                    else
                        _message "unknown notesctl command: $next"
                    fi ;;
            esac
            return ret
        }

        # _notesctl_children PATH: the words that may follow PATH, as word:description, in reply.
        _notesctl_children() {
            case $1 in

        """#
        for path in model.groupPaths {
            let items = model.children(of: path).map { CompletionScript.quoted($0 + ":" + model.summary(of: path + [$0])) }
            out += "        \(CompletionScript.quoted(path.joined(separator: " ")))) reply=(\(items.joined(separator: " "))) ;;\n"
        }
        out += """
                *) reply=() ;;
            esac
        }

        # _notesctl_globals: the _arguments specs of the global options, in reply.
        _notesctl_globals() {
            reply=(

        """
        for o in GlobalOptions.all { out += "        " + spec(o) + "\n" }
        out += "    )\n}\n"
        for c in model.commands where model.isLeaf(c.path) {
            out += "\n\(Self.functionName(c.path))() {\n    _arguments -s -S : \\\n"
            for o in model.options(for: c) { out += "        " + spec(o) + " \\\n" }
            for (i, a) in c.arguments.enumerated() { out += "        " + spec(a, index: i + 1) + " \\\n" }
            out += "        && return 0\n    return 1\n}\n"
        }
        out += #"""

        # _notesctl_store [compadd options] KIND: candidates from the store, through
        # `notesctl __complete`. (_arguments puts its compadd options before our argument.)
        _notesctl_store() {
            local kind=${@[-1]} line
            local -a candidates
            for line in ${(f)"$(NOTESCTL_BUSY_TIMEOUT_MS=200 ${~_notesctl_prog:-notesctl} "${_notesctl_context[@]}" __complete $kind -- ${(Q)PREFIX} 2>/dev/null)"}; do
                candidates+=("${${line%%$'\t'*}//:/\\:}:${line#*$'\t'}")
            done
            _describe -t $kind $kind candidates "${(@)@[1,-2]}"
        }

        # _notesctl_help_commands: the arguments of help are a command path.
        _notesctl_help_commands() {
            local -a typed
            typed=(${words[2,CURRENT-1]:#-*})
            typed=(${typed:#help})
            _notesctl_children "${(j: :)typed}"
            _describe -t commands 'notesctl command' reply
        }

        if [[ $funcstack[1] == _notesctl ]]; then
            _notesctl "$@"
        elif (( $+functions[compdef] )); then
            compdef _notesctl notesctl
        else
            print -u2 "notesctl: run compinit before loading this completion"
        fi

        """#
        return out
    }

    /// `_arguments` spec of an option, e.g. `'--sort=[updated, created or title]:sort:(updated created title)'`.
    private func spec(_ o: OptionSpec) -> String {
        let help = "[" + Self.bracketEscaped(o.help) + "]"
        var value = ""
        if let kind = o.value {
            let message = Self.message(o.placeholder.lowercased())
            value = ":\(message):\(action(kind.completionSource))"
        }
        let star = o.repeatable ? "*" : ""
        if let s = o.short {
            let exclusion = o.repeatable ? "" : "(-\(s) --\(o.name))"
            let forms = o.isSwitch ? "{-\(s),--\(o.name)}" : "{-\(s)+,--\(o.name)=}"
            let head = CompletionScript.quoted(exclusion + star)
            return head + forms + CompletionScript.quoted(help + value)
        }
        let equals = o.isSwitch ? "" : "="
        return CompletionScript.quoted("\(star)--\(o.name)\(equals)\(help)\(value)")
    }

    /// `_arguments` spec of a positional argument.
    private func spec(_ a: ArgumentSpec, index: Int) -> String {
        let message = Self.message(a.name)
        let action = action(a.value.completionSource)
        if a.variadic { return CompletionScript.quoted("*:" + message + ":" + action) }
        return CompletionScript.quoted("\(index):" + (a.optional ? ":" : "") + message + ":" + action)
    }

    private func action(_ source: ValueSource) -> String {
        switch source {
        case .none: " "
        case .files: "_files"
        case .choices(let c): "(" + c.joined(separator: " ") + ")"
        case .store(let kind): "_notesctl_store " + kind
        case .commands: "_notesctl_help_commands"
        }
    }

    static func bracketEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "[" || c == "]" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }

    static func message(_ text: String) -> String { text.replacingOccurrences(of: ":", with: "\\:") }
}
