import NotesCore
#if canImport(Glibc)
import Glibc
#endif

/// Edits text in the user's editor (`$VISUAL`, then `$EDITOR`, then `vi`) through a temp file.
enum Editor {
    static func edit(_ text: String, env: Environment) throws -> String {
        let editor = env["VISUAL"] ?? env["EDITOR"] ?? "vi"
        let folder = env["TMPDIR"] ?? "/tmp"
        var template = Array((folder + "/notesctl-XXXXXX.md").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 3) }
        guard fd >= 0 else { throw NotesError.unavailable("cannot create a temporary file in \(folder): \(String(cString: strerror(errno)))") }
        let path = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count else { throw NotesError.unavailable("cannot write the temporary file \(path)") }
        // Through the shell, so EDITOR may carry arguments ("code --wait").
        let status = try spawn(["/bin/sh", "-c", "\(editor) \"$1\"", "sh", path])
        guard status == 0 else {
            throw NotesError.invalid("the editor '\(editor)' exited with status \(status): nothing was written")
        }
        let fdIn = open(path, O_RDONLY)
        guard fdIn >= 0 else { throw NotesError.invalid("the editor removed the file: nothing was written") }
        defer { close(fdIn) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fdIn, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        guard let result = String(validating: out, as: UTF8.self) else { throw NotesError.invalid("the edited text is not valid UTF-8") }
        if out.contains(0) { throw NotesError.invalid("the edited text contains a NUL byte") }
        return result
    }

    /// Runs a program with this process's stdin, stdout and stderr; returns its exit status.
    static func spawn(_ argv: [String]) throws -> Int32 {
        var pid = pid_t()
        var cargs = argv.map { strdup($0) }
        cargs.append(nil)
        defer { for p in cargs { free(p) } }
        let rc = posix_spawn(&pid, argv[0], nil, nil, &cargs, environ)
        guard rc == 0 else { throw NotesError.unavailable("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS by hand: the macros are not imported.
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}

/// Thrown by a write's input step when there is nothing to write (an edit left unchanged).
struct NothingToDo: Error {
    let message: String
}
