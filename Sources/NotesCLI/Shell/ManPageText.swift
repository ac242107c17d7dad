/// The hand-written prose of `man/notesctl.1`, in mdoc. It describes what the code does; when
/// behaviour changes, change it here and regenerate (`scripts/regenerate-docs.sh`).
enum ManPageText {
    static let nameAndSynopsis = #"""
    .Sh NAME
    .Nm notesctl
    .Nd notes, and the work of AI agents on them, in one local SQLite file
    .Sh SYNOPSIS
    .Nm
    .Op Ar global options
    .Ar group verb
    .Op Ar arguments
    .Op Ar options
    .Nm
    .Op Ar global options
    .Ar command
    .Op Ar arguments
    .Op Ar options
    .Nm
    .Cm shell
    .Op Ar global options
    .Nm
    .Cm completion
    .Cm bash | zsh | fish

    """#

    static let description = #"""
    .Sh DESCRIPTION
    .Nm
    keeps notes, grouped in workspaces, in one SQLite file per operating system user.
    People and AI agents share it: every change goes through one write path that checks the
    workspace rules, makes retries safe with idempotency keys, and appends an event to an
    append-only, hash-chained audit log.
    .Pp
    A command is a group and a verb, such as
    .Cm note add ,
    or a top-level verb, such as
    .Cm init .
    Options may come before or after the command words.
    A value follows its option as a separate word or after an equals sign
    .Po
    .Ql --limit 5
    or
    .Ql --limit=5
    .Pc ;
    short options may be clustered, as in
    .Fl qw Ar team
    or
    .Fl w Ns Ar team ;
    and
    .Fl -
    ends the options, so that later words are arguments even when they start with a dash.
    An unknown command or option is a usage error (exit 2) with a
    .Dq did you mean
    suggestion.
    Help is available at every level:
    .Nm Cm help ,
    .Nm Cm help Ar group verb ,
    .Nm Ar group Fl -help
    and
    .Nm Ar group verb Fl h .
    .Ss Identifiers
    Identifiers are a prefix and a ULID in lower case, so they sort by creation time:
    .Li ws_
    (workspace),
    .Li nt_
    (note),
    .Li ln_
    (link),
    .Li tk_
    (task),
    .Li af_
    (artifact),
    .Li pr_
    (proposal),
    .Li ev_
    (audit event) and
    .Li rq_
    (request).
    Wherever an identifier is read, a unique prefix of at least 8 characters after the underscore
    is enough.
    A shorter prefix is exit 6; a prefix that matches several is exit 4, and the error lists them in
    .Li details.candidates .
    A workspace can also be named by its slug.
    .Ss Workspaces
    A new store starts with one workspace, slug
    .Li personal ,
    owned by the user who created the store.
    Commands act on the current workspace: the one named by
    .Fl w
    or
    .Ev NOTESCTL_WORKSPACE ,
    else the one recorded in the store by
    .Cm workspace use ,
    else
    .Li personal .
    Members act by role: a viewer reads; an editor also writes notes; an owner also manages the
    workspace, its members and its agent policy.
    An agent
    .Pq an actor Li agent: Ns Ar NAME
    without a membership is governed by the workspace's agent policy:
    .Li deny
    (no access),
    .Li propose
    (the default: read, and change nothing directly) or
    .Li write
    (read and write).
    An explicit membership for an agent takes precedence over the policy.
    Agents cannot create workspaces or run
    .Cm gc .
    .Ss Input
    Text is UTF-8.
    Invalid UTF-8 (in arguments too), NUL bytes and over-size input are rejected with exit 6 before
    anything is written; so is a missing or unreadable input file.
    A note body may be up to 8 MiB
    .Pq Ev NOTESCTL_MAX_BODY_BYTES ;
    a title up to 1000 bytes on one line; a workspace name up to 200 bytes.
    A tag is 1 to 64 bytes without spaces or commas, and a note has at most 64 tags.
    A slug is 1 to 48 lower-case letters, digits and dashes, not starting with a dash.
    Times are shown in RFC 3339, in UTC, with milliseconds
    .Pq Li 2026-11-29T14:05:09.123Z ;
    options that take a time accept
    .Li YYYY-MM-DD
    (midnight UTC) or RFC 3339 with
    .Li Z
    or an offset.
    .Ss Output
    By default
    .Nm
    prints short text for people, with tables for lists, and colour only when standard output is a
    terminal
    .Po not with
    .Fl -no-color ,
    .Ev NO_COLOR
    or
    .Ev TERM Ns = Ns Li dumb
    .Pc .
    Messages such as
    .Dq \&No notes.
    go to standard error, so standard output stays clean for pipes.
    .Fl -json
    and
    .Fl -jsonl
    print JSON instead; see
    .Sx JSON OUTPUT .
    Errors go to standard error as
    .Dq notesctl: error: Ar message ,
    often followed by a
    .Dq hint:
    line.
    .Ss The store
    The store is one SQLite file, found as described under
    .Sx FILES .
    It is created, with its folder, on the first write or by
    .Cm init ;
    a command that only reads never creates it, and sees an empty store when it is missing.
    The store uses write-ahead logging, foreign keys and a busy timeout; every write is one
    .Li BEGIN IMMEDIATE
    transaction and reads never write.
    Its
    .Li application_id
    marks the file as a
    .Nm
    store and
    .Li user_version
    is its schema version, migrated forward automatically.
    A file from a newer
    .Nm ,
    or one that is not a
    .Nm
    store, is refused with exit 7 and nothing written.
    The schema is plain:
    .Ql sqlite3 notes.db
    is a supported way to look.

    """#

    static let jsonOutput = #"""
    .Sh JSON OUTPUT
    With
    .Fl -json ,
    a read prints the resource as a JSON object, and a list prints a JSON array.
    With
    .Fl -jsonl ,
    lists print one object per line as they are read, in constant memory.
    .Ev NOTESCTL_FORMAT
    set to
    .Li json
    or
    .Li jsonl
    does the same for every command.
    .Fl -fields Ar a,b
    keeps only those top-level fields of each resource, wherever it appears.
    Field names are in snake_case; absent values are
    .Li null ,
    never missing; a field once shipped is never renamed or removed.
    A name the resource does not have is absent too, so it is given as
    .Li null ,
    not refused: a script that asks for a field a later notesctl adds reads
    .Li null
    from an earlier one.
    Check the spelling against the lists below.
    .Pp
    The resources have at least these fields:
    .Bl -tag -width Ds
    .It workspace
    .Li id , name , slug , archived , agent_policy , created_at , updated_at , version
    .It member
    .Li actor , role , added_at
    .It note
    .Li id , workspace_id , title , body , tags , pinned , archived , trashed , version ,
    .Li created_at , updated_at , created_by , updated_by
    .It revision Pq Cm note history
    .Li version , title , body , tags , actor , time , request_id , correlation_id
    \(em those of the request that made that version
    .It link
    .Li id , source_id , target_id , type , label
    .It task
    .Li id , note_id , workspace_id , text , done , due , tags , line
    .It artifact
    .Li id , note_id , name , media_type , size , sha256 , uri
    .It proposal
    .Li id , state , proposer , reason , operations , digest , base_versions ,
    .Li correlation_id , created_at , decided_by , decided_at
    .It search hit
    the note's fields and
    .Li score
    (higher is better) and
    .Li snippet
    .It audit event
    .Li id , time , actor , action , target , workspace_id , request_id , correlation_id ,
    .Li causation_id , idempotency_key , outcome , changes , traceparent , prev_hash , hash
    .El
    .Pp
    A command that changes the store prints a receipt: the resource under a key naming its kind,
    and the request that made it.
    A batch
    .Pq Cm apply
    has
    .Li results ,
    one object per operation, instead, even when it holds a single operation.
    .Bd -literal -offset indent
    {"note": {"id": "nt_01...", "title": "Standup", "version": 1, ...},
     "request": {"id": "rq_01...", "correlation_id": "rq_01...",
                 "idempotency_key": "ik_01...", "replayed": false,
                 "dry_run": false, "events": ["ev_01..."]}}
    .Ed
    .Pp
    With
    .Fl -json
    or
    .Fl -jsonl ,
    errors are one JSON object on standard error:
    .Bd -literal -offset indent
    {"error": {"code": "not_found", "message": "no such note: nt_01...",
               "exit_code": 3, "details": {}, "hint": null}}
    .Ed
    .Pp
    The
    .Li code
    names the kind of failure
    .Pq see Sx EXIT STATUS ;
    .Li details
    carries what a program needs, such as
    .Li reason ,
    .Li index
    (the failing operation of a batch) or
    .Li candidates .

    """#

    static func writePath(proposals: Bool) -> String {
        var out = #"""
        .Sh THE WRITE PATH
        Every command that changes the store runs one transaction through one write path:
        .Bl -enum
        .It
        Resolve the actor
        .Pq Fl -actor , Ev NOTESCTL_ACTOR , else Li user: Ns Ar login name
        and check the workspace rules.
        .It
        Look up the idempotency key.
        The key given with
        .Fl -idempotency-key ,
        or one generated for the request, is recorded with a fingerprint of the canonical request
        (the command and its normalized arguments; not output options, not correlation ids) and
        with the receipt.
        Normalized means the order and spelling of options do not matter, and a resource named by
        a unique id prefix, in upper case, or a workspace named by slug, is the same as the full id:
        a retry that names the note another way replays.
        Tags are a set, so their order and repeats do not matter either.
        The workspace a request acts in is part of it: for the commands that act in the workspace of
        .Fl w
        .Po
        .Cm note add ,
        .Cm workspace member add ,
        .Cm workspace member rm ,
        .Cm workspace policy ,
        and a proposal
        .Pc ,
        leaving it implicit is the same as naming the workspace in force (the one chosen by
        .Cm workspace use ,
        else personal) by
        .Fl w
        or
        .Ev NOTESCTL_WORKSPACE ,
        and a retry made after
        .Cm workspace use
        chose another is another request.
        Other commands name what they act on, and
        .Fl w
        does not change them or their requests.
        A replay shows the stored receipt only to an actor who may still read the workspaces it
        names: after an agent policy of deny, or a member's removal, it is exit 5, unless that
        request itself deleted the workspace or removed the actor from it.
        The same actor sending the same key with the same request within the retention window
        (24 hours by default,
        .Ev NOTESCTL_IDEMPOTENCY_RETENTION )
        gets the stored receipt again, identical but for "replayed": true,
        with exit 0 and nothing written.
        The same key with a different request is exit 4 with
        .Li details.reason
        .Li idempotency_key_reused .
        Two processes racing with one key have exactly one effect: the second waits for the
        write lock and then replays (if the wait times out, exit 7; retrying with the same key is
        safe).
        Only committed requests are recorded, so a command that failed can be retried with the
        same key.
        .It
        Make the change, and append one audit event per change: its actor, action (such as
        .Li note.update ) ,
        target, workspace, request id, correlation id, causation id, idempotency key, outcome, the
        before and after of each changed field, the
        .Ev TRACEPARENT
        given, and the hash of the previous event.
        .It
        Commit.
        A failure anywhere leaves nothing behind.
        .El
        .Pp
        The correlation id groups the requests of one workflow: it is
        .Fl -correlation-id ,
        else
        .Ev NOTESCTL_CORRELATION_ID ,
        else the trace-id of a well-formed W3C
        .Ev TRACEPARENT ,
        else the request id.
        The causation id
        .Pq Fl -causation-id , Ev NOTESCTL_CAUSATION_ID
        names the event or request this write responds to.
        .Ql audit list --correlation-id C
        shows a workflow in order.
        .Pp
        .Fl -dry-run
        validates the request and prints the receipt it would produce, with "dry_run": true;
        nothing is written and no key is used up.
        .Pp
        The audit log is append-only: triggers refuse to update or delete events.
        Each event's
        .Li hash
        is the SHA-256 of its canonical JSON, which includes the previous event's hash, so
        .Cm audit verify
        detects an edited, deleted or reordered event (exit 7, naming the first bad one), and
        .Cm audit head
        prints the head hash to keep elsewhere and check later with
        .Cm audit verify Fl -head .

        """#
        if proposals {
            out += #"""
            .Ss Proposals
            Agents whose workspace policy is
            .Li propose
            change nothing directly: their writes are exit 5 with a hint to use
            .Fl -propose .
            A proposal records the validated operations, the base version of every target, the
            actor, the correlation id and the reason; a person with the owner or editor role
            approves or rejects it, never their own, and applying it applies all of its
            operations at once, or none if a target changed since (exit 4).
            A proposal never changes after it is made: its operations have a digest, shown by
            .Cm proposal show ,
            so that what was reviewed is what is applied.
            The digest is the SHA-256 of the operations array as compact JSON with sorted keys
            (for text without control characters, what
            .Ql jq -jcS .operations | sha256sum
            gives for the proposal's JSON).
            .Pp
            A proposal belongs to the workspace its changes are in, whichever
            .Fl w
            the proposer used: it is listed, approved and rejected there.
            One that changes several workspaces (or none that exists yet) belongs to the
            workspace in force when it was made, and is shown, by
            .Cm proposal show
            and
            .Cm proposal list ,
            only to those who may read every workspace it changes; each change of its
            .Li preview
            names its
            .Li workspace_id .
            Approving vouches for the changes: all of them are tried as the approver first and
            undone.
            One the approver could not make directly is exit 5 (so an editor cannot approve a
            change that needs an owner); one that fails as the store stands is exit 4
            .Po Li details.reason
            .Li operation_fails ,
            .Li details.operation_index
            .Pc ;
            either way nothing is recorded and the proposal stays pending.
            Deciding (approve or reject) needs, besides the owner or editor role in the
            proposal's workspace, read access to every workspace it changes; without it,
            .Cm proposal list
            leaves the proposal out and
            .Cm proposal show
            is exit 5.
            So a proposal that changes several workspaces waits for someone who may read all of
            them (the store's owner, who made them, usually can); its proposer may withdraw it,
            and it expires.

            """#
        }
        return out
    }

    static let shell = #"""
    .Sh INTERACTIVE SHELL
    .Nm Cm shell
    runs commands typed without the leading
    .Nm
    over one open store.
    Each line goes through the same parser, output and write path as a command given to the
    system shell.
    The global options given to
    .Cm shell
    hold for the whole session; an option on a line overrides them.
    .Pp
    Lines are split into words as a POSIX shell does: blanks separate words,
    .Sq ...
    keeps everything literally,
    .Dq ...
    keeps everything but lets a backslash escape a dollar sign, a backquote, a double quote or a
    backslash;
    a backslash outside quotes escapes the next character, a backslash at the end of a line
    continues it on the next, and
    .Li #
    at the start of a word begins a comment.
    Nothing is expanded: dollar signs, globs, pipes and semicolons are kept as typed.
    A line with an unterminated quote is a usage error (exit status 2 for that line).
    .Pp
    On a terminal, the shell edits lines with
    .Xr editline 7
    (emacs keys, or whatever
    .Pa ~/.editrc
    sets), keeps a history file beside the store, and completes commands, options, option values
    and identifiers with Tab.
    Lines starting with a space are not kept in the history.
    Ctrl-C abandons the line being typed; Ctrl-D on an empty line leaves, as do
    .Ic exit Op Ar status
    and
    .Ic quit .
    .Ic help
    shows help.
    .Pp
    When standard input is not a terminal, the shell reads one command per line, without a
    prompt, until the end of its input, and exits with the status of the last command that failed
    (0 if none failed), so that
    .Ql printf 'note add --title A\en' | notesctl shell
    works in scripts.
    A command that reads standard input itself (such as
    .Ql note add --body - )
    reads the lines that follow it.

    """#

    static let documentedChoices = #"""
    .Sh DOCUMENTED CHOICES
    Where the product contract is silent, these are the choices made:
    .Bl -bullet
    .It
    Tags are stored sorted and without duplicates, whatever order they were given in.
    .It
    .Cm search Fl -after
    names the last hit of the previous page: an id that is not a hit of the search is exit 3.
    .Cm note edit
    with nothing to change (no title, body or tag option) is exit 2.
    .It
    An id prefix that matches more than one id is exit 4 listing up to ten of them in
    .Li details.candidates ,
    with how many there are in
    .Li details.total .
    .It
    On a terminal, control characters in what is shown (a note's body, a snippet, anything an
    agent or an import wrote) are printed in caret notation,
    .Ql ^[
    for escape and
    .Ql ^M
    for a carriage return, so stored text cannot set the window title, write the clipboard or
    overwrite the screen, nor fake notesctl's own styles; a carriage return before a newline is
    a line end.
    Piped or redirected output is as stored; JSON escapes the control characters below U+0020,
    and passes DEL and the C1 controls as UTF-8.
    Colour on stderr follows whether stderr is a terminal.
    .It
    .Fl -limit
    takes 0 or more;
    .Fl -if-version
    and
    .Cm note revert Fl -to ,
    1 or more (versions start at 1).
    Anything else is a malformed argument: exit 2.
    So is an empty id, workspace, actor, tag or time on the command line (a missing value); in an
    .Cm apply
    file it is bad input data, exit 6.
    .It
    .Cm note list Fl -sort Ar title
    orders titles ignoring ASCII case, then exactly, then by id (schema 11; before, upper case
    sorted before all lower case). Non-ASCII letters compare by code point.
    .It
    Without
    .Fl -title ,
    a note's title is its body's first Markdown heading, else its first non-empty line, cut to 200
    characters.
    .It
    Audit events record note bodies as {"bytes": N, "sha256": H}
    rather than the text; the revisions
    .Pq Cm note history
    keep the text.
    .It
    A change that changes nothing writes nothing: no new version and no audit event.
    .Cm note edit Fl -edit
    with the text left as it was says so and exits 0.
    .It
    .Cm init
    prints {"store": {"path", "schema_version", "created"}, "request": R}
    where
    .Li created
    tells whether this run created the store and
    .Li R
    is the request of the write that created it, or null for an existing store.
    .It
    .Cm workspace unarchive
    exists beyond the contract, to make an archived workspace writable again.
    .It
    .Cm workspace use
    records the current workspace in the store, as an audited write, for the acting actor only:
    every shell of the user sees it, and an agent's choice never redirects a person's writes.
    .It
    Two writes take no
    .Fl -propose ,
    which the contract gives every mutating command:
    .Cm workspace use ,
    whose approved choice would be the approver's, not the proposer's, and
    .Cm import ,
    a whole store that its owner brings in.
    On the command line the option is exit 2; in an
    .Cm apply Fl -propose
    batch, exit 6 naming the operation.
    .It
    .Cm audit list Fl -actor Ar ACTOR
    is the filter the contract names, not the global option: to list events as another actor,
    set
    .Ev NOTESCTL_ACTOR .
    .It
    Reading an id in a workspace the actor may not read is exit 5 (forbidden), not 3: the
    message names the missing role or policy.
    Audit events of deleted workspaces, and store-wide events
    .Pq Li store.gc ,
    are shown only to the store's owner, the OS user whose login name is the default actor.
    .It
    Opening a store made by an older notesctl migrates it forward, even for a read: the one
    case where a read writes.
    Migrating to schema 3 extracts the tasks and mentions of the notes already there;
    schema 8 rebuilds the idempotency table and schema 9 the tag table (both keep their rows:
    stored receipts still replay), which takes a few seconds on a store of 100,000 notes.
    .It
    A malformed
    .Ev TRACEPARENT
    is ignored, as the W3C specification says; the request id then serves as correlation id.
    .It
    A proposal's operations are tried once, in a transaction savepoint that is rolled back, when
    it is made: that validates them and records the base version of every target and a
    .Li preview
    of the changes (ids of notes it would create are those of the trial).
    When applied, the operations run as the applying user, with the proposal's correlation id:
    their audit events and the note versions they make carry it, whatever correlation id the
    request that applies them has (that one is in its receipt), and their causation is the
    approval.
    A pending proposal past its
    .Li expires_at
    (7 days, or
    .Ev NOTESCTL_PROPOSAL_LIFETIME )
    reads as expired; that state is not stored.
    A stale apply is committed as
    .Li failed
    and exits 4; replaying it with the same idempotency key exits 4 again.
    So is an apply whose operations fail because the store moved on since the review in a way
    the base versions do not show (a link added meanwhile, a note gone or in the trash, a
    workspace archived): the proposal is failed for good, and a new one is needed.
    .Li details.reason
    is
    .Li operation_failed ,
    with the operation's own error code in
    .Li details.code
    and its position among the proposal's operations in
    .Li details.operation_index ,
    and nothing of it is applied.
    Inside an
    .Cm apply
    batch of several operations, such a failure fails the whole batch instead: nothing is
    committed, the proposal stays approved, and
    .Li details.index
    names the batch's operation.
    A refusal of the applying user (exit 5) or a busy store (exit 7) leaves the proposal
    approved, for another try.
    .Cm approve
    and
    .Cm apply
    hash the stored operations again: a proposal whose operations no longer match its digest
    (the row was edited after the proposal was made) is refused with exit 4 and
    .Li details.reason
    .Li digest_mismatch ,
    whatever
    .Fl -digest
    says.
    .Cm reject
    needs a reason that is not blank.
    .It
    .Cm apply
    and proposals take canonical arguments only: the command-line inputs
    .Li body_file ,
    .Li edit
    and the FILE of
    .Cm artifact add
    are refused (exit 6); give
    .Li body ,
    or
    .Li sha256
    and
    .Li size
    of content already in the store.
    In canonical form
    .Li \(dqbody\(dq: \(dq-\(dq
    is the one-character body "-".
    .It
    .Cm search
    looks through notes unless
    .Fl -type
    says task or artifact; task hits filter on the task's own #tags, artifact and note hits on the
    note's tags.
    .It
    .Cm artifact add
    copies the file into a temp file of its own in
    .Pa blobs/
    before the write, and moves it into place inside the write transaction, before its row
    commits.
    A write that fails takes back the content it put in place, unless an artifact or a live
    proposal (pending, or approved) references it, and leaves no temp file behind.
    .Cm gc
    removes blobs that nothing references and temp files of processes that died mid-write
    .Pq Li abandoned_stagings ,
    once they are an hour old; the content of a pending
    .Cm artifact add
    proposal stays until the proposal is decided or expires.
    .It
    A write to a store that does not exist yet builds it under a name of its own beside where
    it goes
    .Pq Pa .notes.db.new-XXXXXX
    and puts it in place once the write has committed: a first write that fails (a missing
    note, a refused agent, bad input) leaves no file or folder behind, and nobody sees a store
    without its first write.
    When several processes do so at once, one store is put in place and the others' writes go
    into it.
    .It
    .Cm export
    writes format 2: after the workspaces, members, notes, tasks and typed links come the
    artifacts of the exported notes, each stored content once as a
    .Li blob
    record
    .Pq Li sha256 , size , content_base64 : RFC 4648 base64
    just before the first artifact that needs it; then the proposals of the exported workspaces,
    in their stored state (a pending one past its expiry is exported as pending); then the
    .Li mention
    records, which give the mentions re-extracted from the bodies their ids, times and targets
    back (a mention keeps the note it named when that note is renamed later).
    Content is read and checked against its sha256 as it is exported: a missing or corrupt blob
    makes
    .Cm export
    fail with exit 7.
    .Cm import
    reads formats 1 and 2.
    A blob whose content does not decode strictly, or does not have its size and sha256, and a
    proposal whose operations do not match its digest, are exit 6 naming the line; content
    written by an import that then fails is removed again, unless it was there before.
    A proposal's last audit event is not exported: in the new store its
    .Li proposal.import
    event is the cause that its next step names.
    .It
    Tasks are found in bodies with LF or CRLF line ends; a checkbox inside a fenced code block
    (``` or ~~~) is code, not a task.
    .Cm task add
    ends the new line the way the body's first line ends.
    .It
    .Fl -help
    (or
    .Fl h )
    after a command prints its help and exits 0, even when the command's arguments are missing.
    .It
    A store whose folder is read-only is read (immutable when there is no -shm file) and never
    written: writes exit 7 even where SQLite could write the files.
    .It
    Between commands the store file holds everything but the content of file artifacts,
    which is kept beside it in
    .Pa blobs/ :
    the last connection to close checkpoints the WAL into it and removes the -wal file.
    A process killed in the middle of a command leaves its -wal behind for the next one to
    recover;
    .Cm backup
    copies the store consistently at any time, with the content its artifacts reference
    .Pq Pa blobs/ No beside the copy ,
    to another folder than the store's.
    .It
    A note in the trash is still shown by
    .Cm note show
    (with "trashed": true)
    and listed by
    .Cm note list Fl -trashed ,
    but cannot be changed until it is restored, nor take a new artifact or link (exit 4).
    .El

    """#

    static let environment = #"""
    .Sh ENVIRONMENT
    .Bl -tag -width Ds
    .It Ev NOTESCTL_DB
    The store file, when
    .Fl -db
    is not given.
    .It Ev NOTESCTL_WORKSPACE
    The workspace to act on, when
    .Fl w
    is not given.
    .It Ev NOTESCTL_ACTOR
    Who acts:
    .Li user: Ns Ar NAME
    or
    .Li agent: Ns Ar NAME ,
    when
    .Fl -actor
    is not given.
    The default is
    .Li user:
    and the login name.
    NAME is 1 to 64 letters, digits or
    .Li "\&. _ - @ +" .
    A malformed actor, from the flag, this variable or the login name, is exit 2 (a malformed
    argument); in an
    .Cm apply
    or
    .Cm import
    file it is exit 6, as any bad data there.
    .It Ev NOTESCTL_FORMAT
    .Li json
    or
    .Li jsonl :
    machine output for every command, as with
    .Fl -json
    or
    .Fl -jsonl ;
    .Li text
    for text.
    Any other value is exit 2, so that a script expecting JSON never parses a table.
    .It Ev NOTESCTL_CORRELATION_ID
    The correlation id of writes, when
    .Fl -correlation-id
    is not given.
    .It Ev TRACEPARENT
    A W3C trace context header.
    Its trace-id is the correlation id when none is given, and the header is kept on audit events.
    A malformed one is ignored, invalid UTF-8 included: tracing tools set it, not the user.
    .It Ev NOTESCTL_CAUSATION_ID
    The causation id of writes, when
    .Fl -causation-id
    is not given.
    .It Ev NO_COLOR
    When set to anything non-empty, never colour the output.
    .It Ev TERM
    .Li dumb
    turns colour off.
    .It Ev NOTESCTL_BUSY_TIMEOUT_MS
    How long to wait for another process's write lock, in milliseconds (default 5000).
    .It Ev NOTESCTL_TRACE_SQL
    Set to
    .Li 1 ,
    every SQL statement the command runs is written to standard error as it starts, parameters
    filled in, one per line ending in a semicolon; statements that SQLite runs inside another
    (FTS5's own) start with
    .Li -- ,
    and the steps of triggers are left out (they belong to the statement that fires them).
    FTS5 also reads its configuration when a statement on one of its tables is prepared
    .Pq Li PRAGMA 'main'.data_version , SELECT k, v FROM ..._config :
    those show as statements of their own.
    For developers: this is the SQL behind a command, to read or to run with
    .Xr sqlite3 1 .
    It shows the note text the command writes.
    .It Ev NOTESCTL_IDEMPOTENCY_RETENTION
    How long receipts are kept for replay: seconds, or a number with
    .Li s ,
    .Li m ,
    .Li h
    or
    .Li d
    (default
    .Li 24h ) .
    .It Ev NOTESCTL_PROPOSAL_LIFETIME
    How long a pending proposal waits for a decision before it expires, in the same form, above 0
    (default
    .Li 7d ) .
    .It Ev NOTESCTL_MAX_BODY_BYTES
    The largest note body accepted, in bytes (default 8388608).
    .It Ev VISUAL , Ev EDITOR
    The editor for
    .Fl -edit ,
    in that order, else
    .Xr vi 1 .
    It is run through
    .Pa /bin/sh ,
    so it may carry arguments, such as
    .Ql code -w .
    .It Ev TMPDIR
    Where
    .Fl -edit
    puts the temporary file (default
    .Pa /tmp ) .
    .It Ev XDG_DATA_HOME
    When set to an absolute path, the store is
    .Pa $XDG_DATA_HOME/notesctl/notes.db .
    .It Ev HOME
    Otherwise the store is
    .Pa $HOME/.local/share/notesctl/notes.db .
    .It Ev USER , Ev LOGNAME
    The login name, when the password database has none for the process.
    .It Ev EDITRC
    The
    .Xr editrc 5
    file the interactive shell reads instead of
    .Pa ~/.editrc .
    .El
    Empty variables count as unset.

    """#

    static let files = #"""
    .Sh FILES
    The store is the first of:
    .Bl -enum -compact
    .It
    .Fl -db Ar PATH
    .It
    .Ev NOTESCTL_DB
    .It
    .Pa $XDG_DATA_HOME/notesctl/notes.db
    .It
    .Pa ~/.local/share/notesctl/notes.db
    .El
    .Bl -tag -width Ds
    .It Pa notes.db , notes.db-wal , notes.db-shm
    The store and its write-ahead log, created with mode 0600 in a folder created with mode 0700.
    .It Pa blobs/
    Artifact content, beside the store.
    .It Pa shell_history
    The interactive shell's history, beside the store (mode 0600).
    It is written only once the store's folder exists.
    .It Pa ~/.editrc
    Key bindings and settings for the interactive shell's line editor.
    .El

    """#

    static let exitMeaning: [String: String] = [
        "internal": "A bug: an unexpected failure.",
        "usage": "Unknown command or option, missing or malformed argument, unterminated quote in the shell.",
        "not_found": "No such workspace, note, link, task, artifact, proposal or audit event.",
        "conflict": "Version mismatch with --if-version, idempotency key reused for another request, illegal state change, stale proposal, duplicate slug, ambiguous id prefix.",
        "forbidden": "The actor may not do this in this workspace, or an agent wrote directly where the policy says propose.",
        "invalid": "Bad input data: encoding, size, JSON, dates, search syntax, an unreadable input file, an id prefix shorter than 8 characters.",
        "unavailable": "The store is busy past the timeout, read-only, full, damaged, from a newer notesctl or not a notesctl store; a broken audit chain; health not ok.",
    ]

    static let examples = #"""
    .Sh EXAMPLES
    Add a note, list notes tagged work, and show one by an id prefix:
    .Bd -literal -offset indent
    notesctl note add --title "Standup" --body "- [ ] ship it" --tag work
    notesctl note list --tag work
    notesctl note show nt_01jd8x2k
    .Ed
    .Pp
    Write a note in the editor, then change it only if nobody else did:
    .Bd -literal -offset indent
    notesctl note add --edit
    notesctl note edit nt_01jd8x2k --edit --if-version 1
    .Ed
    .Pp
    Let agents write in the team workspace; then, as an agent, make a write that is safe to retry,
    and see everything its workflow did:
    .Bd -literal -offset indent
    notesctl -w team workspace policy --agents write
    export NOTESCTL_ACTOR=agent:summarizer NOTESCTL_WORKSPACE=team
    export NOTESCTL_CORRELATION_ID=run-42
    notesctl note add --title Summary --body-file out.md \e
        --idempotency-key summary-run-42 --json
    notesctl audit list --correlation-id run-42 --json
    .Ed
    .Pp
    Pipe JSON into
    .Xr jq 1 :
    .Bd -literal -offset indent
    notesctl note list --jsonl | jq -r 'select(.pinned) | .id'
    .Ed
    .Pp
    Run several commands over one connection:
    .Bd -literal -offset indent
    printf '%s\en' 'workspace use team' 'note list --limit 5' | notesctl shell
    .Ed
    .Pp
    Install completions for the current bash session:
    .Bd -literal -offset indent
    source <(notesctl completion bash)
    .Ed

    """#

    static let seeAlso = #"""
    .Sh SEE ALSO
    .Xr jq 1 ,
    .Xr sqlite3 1 ,
    .Xr editrc 5 ,
    .Xr editline 7

    """#

    static let security = #"""
    .Sh SECURITY CONSIDERATIONS
    The operating system user owns the store: its file is mode 0600 and its folder 0700.
    Inside the store, the actor is declared, not authenticated: anyone who can run
    .Nm
    as that user can claim to be any actor.
    Actors make the work of agents attributable, and keep well-behaved agents inside their
    workspace policy; they do not stop a hostile process running as the same user, which can also
    edit the file directly.
    The audit chain makes such edits detectable by
    .Cm audit verify ,
    especially when the head hash from
    .Cm audit head
    is kept somewhere else.

    """#
}
