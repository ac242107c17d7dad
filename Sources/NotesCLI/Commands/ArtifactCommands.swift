import NotesCore
#if canImport(Glibc)
import Glibc
#endif

/// `artifact …`: files and references attached to notes.
enum ArtifactCommands {
    static let artifact = ArgumentSpec("id", .id(.artifact), help: "artifact id, or a unique prefix of 8+ characters after af_")

    static let all: [Command] = [
        Command("artifact add", "attach a file (copied into the store) or a reference (--uri) to a note",
                discussion: "A FILE is copied into blobs/ beside the store under its sha256, once however often it is attached. With --uri only the reference is kept, with the --sha256 and --size you give. In canonical form (apply, proposals) a stored file is named by its sha256 and size.",
                arguments: [ArgumentSpec("note", .id(.note), help: "the note"), ArgumentSpec("file", .path, optional: true, inputOnly: true, help: "the file to copy in")],
                options: [OptionSpec("uri", .string, help: "a reference instead of a file"),
                          OptionSpec("sha256", .string, valueName: "HEX", help: "with --uri: the content's hash"),
                          OptionSpec("size", .int, help: "with --uri: the content's size in bytes"),
                          OptionSpec("name", .string, help: "default: the file's name"),
                          OptionSpec("media-type", .string, valueName: "TYPE", help: "default: guessed from the name")],
                examples: ["notesctl artifact add nt_01jd8x2k report.pdf", "notesctl artifact add nt_01jd8x2k --uri s3://bucket/key --sha256 … --size 1024"],
                action: .write(WriteAction(done: "Attached", prepare: copyIn) { a, tx in
                    let content: ArtifactService.Content
                    if let uri = a.string("uri") {
                        content = .reference(uri: uri, sha256: a.string("sha256"), size: a.int("size"))
                    } else if let sha = a.string("sha256"), let size = a.int("size") {
                        content = .blob(sha256: sha, size: size)
                    } else {
                        throw NotesError.usage("give a FILE or --uri")
                    }
                    return result(try ArtifactService(tx, blobs: tx.blobs).add(note: try a.required("note"), content: content,
                                                                                name: a.string("name"), mediaType: a.string("media_type")))
                })),
        Command("artifact list", "list artifacts of a note, or of the current workspace",
                options: [OptionSpec("note", .id(.note), valueName: "NOTE", help: "only this note's artifacts")],
                action: .read { inv in
                    try inv.read { tx in
                        try inv.output.list(Render.artifactColumns, empty: "No artifacts.") { emit in
                            try ArtifactService(tx, blobs: tx.blobs).list(note: inv.args.string("note")) { try emit($0.json) }
                        }
                    }
                }),
        Command("artifact show", "show an artifact's metadata", arguments: [artifact], action: .read { inv in
            let a = try inv.read { try ArtifactService($0, blobs: $0.blobs).show(try inv.args.required("id")) }
            try inv.output.object(a.json) { o in
                "\(Output.plain(o["id"]))  \(Output.plain(o["name"]))  \(Output.plain(o["media_type"]))  \(Output.plain(o["size"])) bytes\n"
                    + "note \(Output.plain(o["note_id"]))  sha256 \(Output.plain(o["sha256"]))" + (o["uri"]?.stringValue.map { "\nuri \($0)" } ?? "")
            }
        }),
        Command("artifact get", "write an artifact's content to stdout or -o PATH, checked against its sha256",
                discussion: "A missing or changed blob is exit 7 and leaves no -o file behind.",
                arguments: [artifact],
                options: [OptionSpec("output", short: "o", .path, help: "write here instead of stdout (an existing file is replaced)")],
                action: .read(get)),
        Command("artifact rm", "detach an artifact (its content stays until gc finds it unreferenced)", arguments: [artifact],
                action: .write(WriteAction(done: "Removed") { a, tx in result(try ArtifactService(tx, blobs: tx.blobs).remove(try a.required("id"))) })),
        Command("artifact verify", "check every stored artifact's content against its sha256 (exit 7 when any is missing or corrupt)",
                action: .read { inv in
                    let r = try inv.read { try ArtifactService($0, blobs: $0.blobs).verify() }
                    try inv.output.object(r) { o in
                        ([ "checked \(Output.plain(o["checked"])) blobs: \(o["ok"]?.boolValue == true ? "ok" : "PROBLEMS")"]
                            + (o["problems"]?.arrayValue ?? []).map { "  \(Output.plain($0["artifact_id"])): \(Output.plain($0["problem"]))" }).joined(separator: "\n")
                    }
                    if r["ok"]?.boolValue != true {
                        try inv.output.stdout.flush()
                        throw SilentExit(code: NotesError.Code.unavailable.exitCode)
                    }
                }),
    ]

    static func result(_ a: Artifact) -> OperationResult { OperationResult(kind: "artifact", object: a.json) }

    /// Copies FILE into the blob store before the transaction; the canonical arguments then
    /// name the content by hash, so a retry or a proposal needs no file.
    static func copyIn(_ args: inout Args, _ inv: Invocation) throws {
        guard let file = args.string("file") else {
            if args.string("uri") == nil && args.string("sha256") == nil { throw NotesError.usage("give a FILE or --uri") }
            return
        }
        guard args.string("uri") == nil else { throw NotesError.usage("give a FILE or --uri, not both") }
        guard args.string("sha256") == nil && args.int("size") == nil else {
            throw NotesError.usage("--sha256 and --size go with --uri: a file's own are measured")
        }
        // Staged in a temp file of this process for the write to place. Only measured for a dry
        // run, and for a store that does not exist yet: that has no note to attach to, so the
        // write fails before it would place anything.
        let path = try inv.storePath()
        let keep = try !inv.globals.dryRun && !inv.session.storeIsMissing(path)
        let staged = try BlobStore(storePath: path).stage(copyOf: file, keep: keep)
        inv.stagedBlobs[staged.sha256] = staged
        let (sha, size) = (staged.sha256, staged.size)
        args["file"] = nil
        args["sha256"] = .string(sha)
        args["size"] = .int(Int64(size))
        if args["name"] == nil {
            args["name"] = .string(String(file.split(separator: "/").last ?? Substring(file)))
        }
    }

    static func get(_ inv: Invocation) throws {
        let a = try inv.read { try ArtifactService($0, blobs: $0.blobs).show(try inv.args.required("id")) }
        guard a.isBlob, let sha = a.sha256 else {
            throw NotesError.invalid("artifact \(a.id) is a reference to \(a.uri ?? "?"): its content is not in the store")
        }
        let blobs = BlobStore(storePath: try inv.storePath())
        guard let target = inv.args.string("output"), target != "-" else {
            // To stdout: a corrupt blob is caught at the end, after the bytes went out; say so loudly.
            try inv.output.stdout.flush()
            try blobs.read(sha) { try inv.output.stdout.write(bytes: $0) }
            return
        }
        let temp = target + ".notesctl-partial"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw NotesError.invalid("cannot write '\(target)': \(String(cString: strerror(errno)))") }
        do {
            try blobs.read(sha) { chunk in
                var offset = 0
                while offset < chunk.count {
                    let n = chunk.withUnsafeBytes { write(fd, $0.baseAddress! + offset, chunk.count - offset) }
                    if n < 0 { if errno == EINTR { continue }; throw NotesError.unavailable("cannot write '\(target)': \(String(cString: strerror(errno)))") }
                    offset += n
                }
            }
            close(fd)
            guard rename(temp, target) == 0 else { throw NotesError.unavailable("cannot move the content to '\(target)'") }
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        try inv.output.note("Wrote \(a.size ?? 0) bytes to \(target)")
    }
}
