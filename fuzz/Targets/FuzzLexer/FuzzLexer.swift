// libFuzzer target: the argument lexer and parser (NotesCLI's Parser over the command table),
// and apply documents checked against the table. Any input must end in a parsed line or a
// typed error with a documented exit code; anything else traps, which libFuzzer reports.
@testable import NotesCLI
@testable import NotesCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLexer(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The first byte chooses what to fuzz; the rest is the input.
    guard let mode = bytes.first else { return 0 }
    let input = Array(bytes.dropFirst())
    if mode & 1 == 0 {
        // argv: words separated by NUL (argv can hold no NUL), each valid UTF-8 as the runner
        // checks before parsing (invalid words are refused there, exit 6).
        let argv = input.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        do {
            let line = try Parser(table: Commands.table).parse(argv)
            if line.command == nil { _ = Help.text(for: line.path, table: Commands.table) }
        } catch let e as NotesError {
            precondition(e.code != .internalError, "parser bug: \(e) for \(argv)")
            precondition((2...7).contains(e.code.exitCode), "undocumented exit code for \(argv)")
        } catch {
            preconditionFailure("untyped error \(error) for \(argv)")
        }
    } else {
        // An apply document.
        do {
            _ = try ApplyCommand.parse(String(decoding: input, as: UTF8.self), table: Commands.table)
        } catch let e as NotesError {
            precondition(e.code != .internalError, "apply parse bug: \(e)")
        } catch {
            preconditionFailure("untyped error \(error)")
        }
    }
    return 0
}
