import NotesCore

/// The completion scripts for bash, zsh and fish, generated from the command table, so a new
/// command or option is completed as soon as it is in the table.
///
/// Every script knows the same things (from `CompletionModel`): the groups and verbs, each
/// command's options and what their values are — files for paths, the listed values of a
/// choice, and, for workspaces, actors and ids, candidates read from the store by running
/// `notesctl __complete KIND -- PREFIX` (passing on any `--db`, `-w` and `--actor` already typed).
///
/// The committed copies in `completions/` are checked against this output by the Docs golden
/// tests; regenerate them with `scripts/regenerate-docs.sh`.
enum CompletionScript {
    enum Shell: String, CaseIterable, Sendable {
        case bash, zsh, fish

        /// The file name under `completions/`.
        var fileName: String {
            switch self {
            case .bash: "notesctl.bash"
            case .zsh: "_notesctl"
            case .fish: "notesctl.fish"
            }
        }
    }

    static func generate(_ shell: Shell, table: CommandTable) -> String {
        let model = CompletionModel(table: table)
        switch shell {
        case .bash: return BashCompletion(model: model).script
        case .zsh: return ZshCompletion(model: model).script
        case .fish: return FishCompletion(model: model).script
        }
    }

    /// How the bash and fish scripts name what a value is: `path`, `choice:A B`, `store:KIND`,
    /// `command`, or `value` (free text: nothing to offer).
    static func token(_ source: ValueSource) -> String {
        switch source {
        case .none: "value"
        case .files: "path"
        case .choices(let c): "choice:" + c.joined(separator: " ")
        case .store(let kind): "store:" + kind
        case .commands: "command"
        }
    }

    /// `text` inside single quotes for sh, bash, zsh and fish alike.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Option names that take a value anywhere in the table: what the scripts skip over while
    /// looking for the command words, as the parser does.
    static func valueTakingTokens(_ model: CompletionModel) -> [String] {
        var seen: [String] = []
        for o in GlobalOptions.all + GlobalOptions.write + model.table.commands.flatMap(\.options) where !o.isSwitch {
            for t in ["--" + o.name] + (o.short.map { ["-\($0)"] } ?? []) where !seen.contains(t) { seen.append(t) }
        }
        return seen
    }

    /// The tokens naming an option: `-w` and `--workspace`.
    static func tokens(_ o: OptionSpec) -> [String] {
        (o.short.map { ["-\($0)"] } ?? []) + ["--" + o.name]
    }
}

/// `completions/notesctl.bash`: a self-contained script (it does not need the bash-completion
/// package). `_notesctl` reads `COMP_WORDS` and `COMP_CWORD` and fills `COMPREPLY`.
struct BashCompletion {
    let model: CompletionModel

    var script: String {
        var out = """
        # bash completion for notesctl                                   -*- shell-script -*-
        # Generated from the command table by `notesctl completion bash`: do not edit by hand.
        # Install: copy to ~/.local/share/bash-completion/completions/notesctl (or the system
        # completions folder), or add this line to ~/.bashrc:  source <(notesctl completion bash)

        # _notesctl_children PATH: the words that may follow a command path, in REPLY.
        _notesctl_children() {
            case $1 in

        """
        for path in model.groupPaths {
            out += "        \(CompletionScript.quoted(path.joined(separator: " ")))) REPLY=\(CompletionScript.quoted(model.children(of: path).joined(separator: " "))) ;;\n"
        }
        out += """
                *) REPLY='' ;;
            esac
        }

        # _notesctl_options PATH: the options of a command (the global ones before it is known), in REPLY.
        _notesctl_options() {
            case $1 in

        """
        for c in model.commands where model.isLeaf(c.path) {
            let names = model.options(for: c).map { "--" + $0.name }.joined(separator: " ")
            out += "        \(CompletionScript.quoted(c.name))) REPLY=\(CompletionScript.quoted(names)) ;;\n"
        }
        out += "        *) REPLY=\(CompletionScript.quoted(model.options(for: nil).map { "--" + $0.name }.joined(separator: " "))) ;;\n"
        out += """
            esac
        }

        # _notesctl_option_value PATH OPTION: what the option's value is (path, choice:A B, store:KIND,
        # value), or nothing for a switch, in REPLY. PATH is empty before the command is known.
        _notesctl_option_value() {
            REPLY=''
            case $1 in

        """
        for c in model.commands where model.isLeaf(c.path) {
            let valued = model.options(for: c).filter { !$0.isSwitch }
            guard !valued.isEmpty else { continue }
            out += "        \(CompletionScript.quoted(c.name)))\n            case $2 in\n"
            for o in valued {
                let pattern = CompletionScript.tokens(o).joined(separator: "|")
                out += "                \(pattern)) REPLY=\(CompletionScript.quoted(CompletionScript.token(o.value?.completionSource ?? .none))) ;;\n"
            }
            out += "            esac ;;\n"
        }
        out += "        '')\n            case $2 in\n"
        for o in GlobalOptions.all where !o.isSwitch {
            out += "                \(CompletionScript.tokens(o).joined(separator: "|"))) REPLY=\(CompletionScript.quoted(CompletionScript.token(o.value?.completionSource ?? .none))) ;;\n"
        }
        out += "                \(CompletionScript.valueTakingTokens(model).joined(separator: "|"))) REPLY=value ;;\n"
        out += "            esac ;;\n"
        out += """
            esac
        }

        # _notesctl_argument PATH INDEX: what the INDEX-th (from 0) argument of a command is, in REPLY.
        _notesctl_argument() {
            REPLY=''
            case $1 in

        """
        for c in model.commands where model.isLeaf(c.path) && !c.arguments.isEmpty {
            out += "        \(CompletionScript.quoted(c.name)))\n            case $2 in\n"
            for (i, a) in c.arguments.enumerated() {
                let pattern = a.variadic ? "*" : String(i)
                out += "                \(pattern)) REPLY=\(CompletionScript.quoted(CompletionScript.token(a.value.completionSource))) ;;\n"
            }
            out += "            esac ;;\n"
        }
        out += bashFunctions
        return out
    }

    private var bashFunctions: String {
        #"""
            esac
        }

        # _notesctl_store KIND PREFIX: candidates from the store, through `notesctl __complete`.
        _notesctl_store() {
            local prog=${COMP_WORDS[0]:-notesctl}
            [[ $prog == '~/'* ]] && prog=$HOME/${prog#'~/'}
            command -v "$prog" >/dev/null 2>&1 || prog=notesctl
            NOTESCTL_BUSY_TIMEOUT_MS=200 "$prog" "${_notesctl_context[@]}" __complete "$1" -- "$2" 2>/dev/null
        }

        # _notesctl_values KIND TYPED PREFIX: fills COMPREPLY with the values of KIND starting with
        # TYPED, each preceded by PREFIX (the "--sort=" of "--sort=ti").
        _notesctl_values() {
            local kind=$1 typed=$2 prefix=$3 line
            case $kind in
                path)
                    compopt -o filenames 2>/dev/null
                    mapfile -t COMPREPLY < <(compgen -f -- "$typed") ;;
                choice:*)
                    mapfile -t COMPREPLY < <(compgen -W "${kind#choice:}" -- "$typed") ;;
                store:*)
                    while IFS= read -r line; do
                        [[ -n $line ]] && COMPREPLY+=("${line%%$'\t'*}")
                    done < <(_notesctl_store "${kind#store:}" "$typed") ;;
                *) return 0 ;;
            esac
            if [[ -n $prefix ]]; then COMPREPLY=("${COMPREPLY[@]/#/$prefix}"); fi
            return 0
        }

        _notesctl() {
            COMPREPLY=()
            local breaks='' i w glue=0
            [[ $COMP_WORDBREAKS == *=* ]] && breaks+='='
            [[ $COMP_WORDBREAKS == *:* ]] && breaks+=':'
            # bash splits "--sort=title" and "user:ann" at = and :; join the pieces back into words.
            local -a words=()
            for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
                w=${COMP_WORDS[i]}
                if ((i > 0)) && [[ -n $breaks ]] && { ((glue)) || [[ $w =~ ^[$breaks]+$ ]]; }; then
                    words[${#words[@]}-1]+=$w
                    if [[ $w =~ ^[$breaks]+$ ]]; then glue=1; else glue=0; fi
                else
                    words+=("$w")
                    glue=0
                fi
            done
            ((COMP_CWORD >= ${#COMP_WORDS[@]})) && words+=('')
            local cword=$((${#words[@]} - 1))
            local cur=${words[cword]}

            # Read the words before the cursor as the parser does: options (and their values) may
            # come anywhere; the first words that name a command are the command.
            local cmd_path='' opath='' pending='' ddash=0 leaf=0 j c
            local -a positionals=() _notesctl_context=()
            for ((i = 1; i < cword; i++)); do
                w=${words[i]}
                if [[ -n $pending ]]; then
                    case $pending in --db|--workspace|-w|--actor) _notesctl_context+=("$pending" "$w") ;; esac
                    pending=''
                    continue
                fi
                if ((!ddash)); then
                    case $w in
                        --)
                            ddash=1
                            continue ;;
                        --db=*|--workspace=*|--actor=*)
                            _notesctl_context+=("$w")
                            continue ;;
                        --*=*)
                            continue ;;
                        --*)
                            _notesctl_option_value "$opath" "$w"
                            [[ -n $REPLY ]] && pending=$w
                            continue ;;
                        -?*)
                            for ((j = 1; j < ${#w}; j++)); do
                                c=${w:j:1}
                                _notesctl_option_value "$opath" "-$c"
                                if [[ -n $REPLY ]]; then
                                    if ((j == ${#w} - 1)); then
                                        pending=-$c
                                    elif [[ $c == w ]]; then
                                        _notesctl_context+=("-w" "${w:j+1}")
                                    fi
                                    break
                                fi
                            done
                            continue ;;
                    esac
                fi
                if ((!ddash && !leaf)); then
                    _notesctl_children "$cmd_path"
                    if [[ " $REPLY " == *" $w "* ]]; then
                        cmd_path=${cmd_path:+$cmd_path }$w
                        _notesctl_children "$cmd_path"
                        if [[ -z $REPLY ]]; then
                            leaf=1
                            opath=$cmd_path
                        fi
                        continue
                    fi
                fi
                positionals+=("$w")
            done

            if [[ -n $pending ]]; then
                _notesctl_option_value "$opath" "$pending"
                _notesctl_values "$REPLY" "$cur" ''
            elif ((!ddash)) && [[ $cur == --*=* ]]; then
                _notesctl_option_value "$opath" "${cur%%=*}"
                [[ -n $REPLY ]] && _notesctl_values "$REPLY" "${cur#*=}" "${cur%%=*}="
            elif ((!ddash)) && [[ $cur == -* ]]; then
                _notesctl_options "$opath"
                mapfile -t COMPREPLY < <(compgen -W "$REPLY" -- "$cur")
            elif ((!leaf)); then
                _notesctl_children "$cmd_path"
                mapfile -t COMPREPLY < <(compgen -W "$REPLY" -- "$cur")
            else
                _notesctl_argument "$cmd_path" "${#positionals[@]}"
                if [[ $REPLY == command ]]; then
                    # help: the words after it are a command path.
                    local -a sub=()
                    for w in "${positionals[@]}"; do [[ $w != help ]] && sub+=("$w"); done
                    _notesctl_children "${sub[*]}"
                    mapfile -t COMPREPLY < <(compgen -W "$REPLY" -- "$cur")
                else
                    _notesctl_values "$REPLY" "$cur" ''
                fi
            fi
            # bash replaces only the part after the last = or : it split at: drop what precedes it.
            if [[ -n $breaks && $cur == *[$breaks]* ]]; then
                local typed=${cur%"${cur##*[$breaks]}"}
                COMPREPLY=("${COMPREPLY[@]#"$typed"}")
            fi
            return 0
        }

        complete -F _notesctl notesctl

        """#
    }
}
