# bash completion for notesctl                                   -*- shell-script -*-
# Generated from the command table by `notesctl completion bash`: do not edit by hand.
# Install: copy to ~/.local/share/bash-completion/completions/notesctl (or the system
# completions folder), or add this line to ~/.bashrc:  source <(notesctl completion bash)

# _notesctl_children PATH: the words that may follow a command path, in REPLY.
_notesctl_children() {
    case $1 in
        '') REPLY='init health version help workspace note link task artifact search gc proposal audit apply backup export import shell completion' ;;
        'workspace') REPLY='create list show rename use archive unarchive delete member policy' ;;
        'workspace member') REPLY='add rm list' ;;
        'note') REPLY='add show list edit pin unpin archive unarchive rm restore purge move history revert' ;;
        'link') REPLY='add rm list graph dangling' ;;
        'task') REPLY='list show done reopen add rm' ;;
        'artifact') REPLY='add list show get rm verify' ;;
        'proposal') REPLY='list show approve reject withdraw apply' ;;
        'audit') REPLY='list show verify head' ;;
        *) REPLY='' ;;
    esac
}

# _notesctl_options PATH: the options of a command (the global ones before it is known), in REPLY.
_notesctl_options() {
    case $1 in
        'init') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'health') REPLY='--deep --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'version') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'help') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'workspace create') REPLY='--slug --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'workspace list') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'workspace show') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'workspace rename') REPLY='--slug --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'workspace use') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run' ;;
        'workspace archive') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'workspace unarchive') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'workspace delete') REPLY='--force --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'workspace member add') REPLY='--role --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'workspace member rm') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'workspace member list') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'workspace policy') REPLY='--agents --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'note add') REPLY='--title --body --body-file --edit --tag --pin --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'note show') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'note list') REPLY='--tag --since --until --pinned --archived --trashed --sort --reverse --limit --after --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'note edit') REPLY='--title --body --body-file --edit --tag --add-tag --remove-tag --if-version --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'note pin') REPLY='--if-version --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'note unpin') REPLY='--if-version --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'note archive') REPLY='--if-version --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'note unarchive') REPLY='--if-version --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'note rm') REPLY='--if-version --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'note restore') REPLY='--if-version --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'note purge') REPLY='--if-version --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'note move') REPLY='--to --if-version --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'note history') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'note revert') REPLY='--to --if-version --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'link add') REPLY='--type --label --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'link rm') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'link list') REPLY='--direction --type --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'link graph') REPLY='--depth --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'link dangling') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'task list') REPLY='--open --done --due-before --note --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'task show') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'task done') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'task reopen') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'task add') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'task rm') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'artifact add') REPLY='--uri --sha256 --size --name --media-type --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'artifact list') REPLY='--note --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'artifact show') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'artifact get') REPLY='--output --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'artifact rm') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'artifact verify') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'search') REPLY='--syntax --tag --since --until --type --all-workspaces --limit --after --mark-start --mark-end --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'gc') REPLY='--reindex --purge-trash --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'proposal list') REPLY='--state --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'proposal show') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'proposal approve') REPLY='--apply --digest --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'proposal reject') REPLY='--reason --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'proposal withdraw') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'proposal apply') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'audit list') REPLY='--actor --target --correlation-id --action --since --limit --after --db --workspace --json --jsonl --fields --causation-id --quiet --no-color --help' ;;
        'audit show') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'audit verify') REPLY='--head --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'audit head') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'apply') REPLY='--file --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run --propose --reason --supersedes' ;;
        'backup') REPLY='--force --db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'export') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'import') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help --idempotency-key --dry-run' ;;
        'shell') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        'completion') REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
        *) REPLY='--db --workspace --actor --json --jsonl --fields --correlation-id --causation-id --quiet --no-color --help' ;;
    esac
}

# _notesctl_option_value PATH OPTION: what the option's value is (path, choice:A B, store:KIND,
# value), or nothing for a switch, in REPLY. PATH is empty before the command is known.
_notesctl_option_value() {
    REPLY=''
    case $1 in
        'init')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'health')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'version')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'help')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'workspace create')
            case $2 in
                --slug) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'workspace list')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'workspace show')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'workspace rename')
            case $2 in
                --slug) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'workspace use')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
            esac ;;
        'workspace archive')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'workspace unarchive')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'workspace delete')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'workspace member add')
            case $2 in
                --role) REPLY='choice:owner editor viewer' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'workspace member rm')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'workspace member list')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'workspace policy')
            case $2 in
                --agents) REPLY='choice:deny propose write' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'note add')
            case $2 in
                --title) REPLY='value' ;;
                --body) REPLY='value' ;;
                --body-file) REPLY='path' ;;
                --tag) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'note show')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'note list')
            case $2 in
                --tag) REPLY='value' ;;
                --since) REPLY='value' ;;
                --until) REPLY='value' ;;
                --sort) REPLY='choice:updated created title' ;;
                --limit) REPLY='value' ;;
                --after) REPLY='store:note' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'note edit')
            case $2 in
                --title) REPLY='value' ;;
                --body) REPLY='value' ;;
                --body-file) REPLY='path' ;;
                --tag) REPLY='value' ;;
                --add-tag) REPLY='value' ;;
                --remove-tag) REPLY='value' ;;
                --if-version) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'note pin')
            case $2 in
                --if-version) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'note unpin')
            case $2 in
                --if-version) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'note archive')
            case $2 in
                --if-version) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'note unarchive')
            case $2 in
                --if-version) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'note rm')
            case $2 in
                --if-version) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'note restore')
            case $2 in
                --if-version) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'note purge')
            case $2 in
                --if-version) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'note move')
            case $2 in
                --to) REPLY='store:workspace' ;;
                --if-version) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'note history')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'note revert')
            case $2 in
                --to) REPLY='value' ;;
                --if-version) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'link add')
            case $2 in
                --type) REPLY='choice:references blocks parent duplicates related' ;;
                --label) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'link rm')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'link list')
            case $2 in
                --direction) REPLY='choice:out in both' ;;
                --type) REPLY='choice:references blocks parent duplicates related mentions' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'link graph')
            case $2 in
                --depth) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'link dangling')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'task list')
            case $2 in
                --due-before) REPLY='value' ;;
                --note) REPLY='store:note' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'task show')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'task done')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'task reopen')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'task add')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'task rm')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'artifact add')
            case $2 in
                --uri) REPLY='value' ;;
                --sha256) REPLY='value' ;;
                --size) REPLY='value' ;;
                --name) REPLY='value' ;;
                --media-type) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'artifact list')
            case $2 in
                --note) REPLY='store:note' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'artifact show')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'artifact get')
            case $2 in
                -o|--output) REPLY='path' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'artifact rm')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'artifact verify')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'search')
            case $2 in
                --syntax) REPLY='choice:plain fts' ;;
                --tag) REPLY='value' ;;
                --since) REPLY='value' ;;
                --until) REPLY='value' ;;
                --type) REPLY='choice:note task artifact' ;;
                --limit) REPLY='value' ;;
                --after) REPLY='value' ;;
                --mark-start) REPLY='value' ;;
                --mark-end) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'gc')
            case $2 in
                --purge-trash) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'proposal list')
            case $2 in
                --state) REPLY='choice:pending approved applied rejected withdrawn expired superseded failed' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'proposal show')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'proposal approve')
            case $2 in
                --digest) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'proposal reject')
            case $2 in
                --reason) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'proposal withdraw')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'proposal apply')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'audit list')
            case $2 in
                --actor) REPLY='store:actor' ;;
                --target) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --action) REPLY='value' ;;
                --since) REPLY='value' ;;
                --limit) REPLY='value' ;;
                --after) REPLY='store:event' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --fields) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'audit show')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'audit verify')
            case $2 in
                --head) REPLY='value' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'audit head')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'apply')
            case $2 in
                --file) REPLY='path' ;;
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
                --reason) REPLY='value' ;;
                --supersedes) REPLY='store:proposal' ;;
            esac ;;
        'backup')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'export')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'import')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --idempotency-key) REPLY='value' ;;
            esac ;;
        'shell')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        'completion')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
            esac ;;
        '')
            case $2 in
                --db) REPLY='path' ;;
                -w|--workspace) REPLY='store:workspace' ;;
                --actor) REPLY='store:actor' ;;
                --fields) REPLY='value' ;;
                --correlation-id) REPLY='value' ;;
                --causation-id) REPLY='value' ;;
                --db|--workspace|-w|--actor|--fields|--correlation-id|--causation-id|--idempotency-key|--reason|--supersedes|--slug|--role|--agents|--title|--body|--body-file|--tag|--since|--until|--sort|--limit|--after|--add-tag|--remove-tag|--if-version|--to|--type|--label|--direction|--depth|--due-before|--note|--uri|--sha256|--size|--name|--media-type|--output|-o|--syntax|--mark-start|--mark-end|--purge-trash|--state|--digest|--target|--action|--head|--file) REPLY=value ;;
            esac ;;
    esac
}

# _notesctl_argument PATH INDEX: what the INDEX-th (from 0) argument of a command is, in REPLY.
_notesctl_argument() {
    REPLY=''
    case $1 in
        'help')
            case $2 in
                *) REPLY='command' ;;
            esac ;;
        'workspace create')
            case $2 in
                0) REPLY='value' ;;
            esac ;;
        'workspace show')
            case $2 in
                0) REPLY='store:workspace' ;;
            esac ;;
        'workspace rename')
            case $2 in
                0) REPLY='store:workspace' ;;
                1) REPLY='value' ;;
            esac ;;
        'workspace use')
            case $2 in
                0) REPLY='store:workspace' ;;
            esac ;;
        'workspace archive')
            case $2 in
                0) REPLY='store:workspace' ;;
            esac ;;
        'workspace unarchive')
            case $2 in
                0) REPLY='store:workspace' ;;
            esac ;;
        'workspace delete')
            case $2 in
                0) REPLY='store:workspace' ;;
            esac ;;
        'workspace member add')
            case $2 in
                0) REPLY='store:actor' ;;
            esac ;;
        'workspace member rm')
            case $2 in
                0) REPLY='store:actor' ;;
            esac ;;
        'note show')
            case $2 in
                0) REPLY='store:note' ;;
            esac ;;
        'note edit')
            case $2 in
                0) REPLY='store:note' ;;
            esac ;;
        'note pin')
            case $2 in
                0) REPLY='store:note' ;;
            esac ;;
        'note unpin')
            case $2 in
                0) REPLY='store:note' ;;
            esac ;;
        'note archive')
            case $2 in
                0) REPLY='store:note' ;;
            esac ;;
        'note unarchive')
            case $2 in
                0) REPLY='store:note' ;;
            esac ;;
        'note rm')
            case $2 in
                0) REPLY='store:note' ;;
            esac ;;
        'note restore')
            case $2 in
                0) REPLY='store:note' ;;
            esac ;;
        'note purge')
            case $2 in
                0) REPLY='store:note' ;;
            esac ;;
        'note move')
            case $2 in
                0) REPLY='store:note' ;;
            esac ;;
        'note history')
            case $2 in
                0) REPLY='store:note' ;;
            esac ;;
        'note revert')
            case $2 in
                0) REPLY='store:note' ;;
            esac ;;
        'link add')
            case $2 in
                0) REPLY='store:note' ;;
                1) REPLY='store:note' ;;
            esac ;;
        'link rm')
            case $2 in
                0) REPLY='store:link' ;;
            esac ;;
        'link list')
            case $2 in
                0) REPLY='store:note' ;;
            esac ;;
        'link graph')
            case $2 in
                0) REPLY='store:note' ;;
            esac ;;
        'task show')
            case $2 in
                0) REPLY='store:task' ;;
            esac ;;
        'task done')
            case $2 in
                0) REPLY='store:task' ;;
            esac ;;
        'task reopen')
            case $2 in
                0) REPLY='store:task' ;;
            esac ;;
        'task add')
            case $2 in
                0) REPLY='store:note' ;;
                1) REPLY='value' ;;
            esac ;;
        'task rm')
            case $2 in
                0) REPLY='store:task' ;;
            esac ;;
        'artifact add')
            case $2 in
                0) REPLY='store:note' ;;
                1) REPLY='path' ;;
            esac ;;
        'artifact show')
            case $2 in
                0) REPLY='store:artifact' ;;
            esac ;;
        'artifact get')
            case $2 in
                0) REPLY='store:artifact' ;;
            esac ;;
        'artifact rm')
            case $2 in
                0) REPLY='store:artifact' ;;
            esac ;;
        'search')
            case $2 in
                0) REPLY='value' ;;
            esac ;;
        'proposal show')
            case $2 in
                0) REPLY='store:proposal' ;;
            esac ;;
        'proposal approve')
            case $2 in
                0) REPLY='store:proposal' ;;
            esac ;;
        'proposal reject')
            case $2 in
                0) REPLY='store:proposal' ;;
            esac ;;
        'proposal withdraw')
            case $2 in
                0) REPLY='store:proposal' ;;
            esac ;;
        'proposal apply')
            case $2 in
                0) REPLY='store:proposal' ;;
            esac ;;
        'audit show')
            case $2 in
                0) REPLY='store:event' ;;
            esac ;;
        'backup')
            case $2 in
                0) REPLY='path' ;;
            esac ;;
        'import')
            case $2 in
                0) REPLY='path' ;;
            esac ;;
        'completion')
            case $2 in
                0) REPLY='choice:bash zsh fish' ;;
            esac ;;
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
