import CEditLine
#if canImport(Glibc)
import Glibc
#endif

/// Line editing for the interactive shell, through libedit (https://thrysoee.dk/editline/):
/// emacs-style keys (or whatever ~/.editrc sets), a history file, and Tab bound to our completion.
///
/// libedit calls back through C function pointers, which cannot capture Swift context, so the
/// prompt and the completion handler live in static storage. That is safe here because there is
/// one editor per process and libedit calls back only on this thread, inside `readLine`; hence
/// `nonisolated(unsafe)`.
final class LineEditor {
    /// What Tab does with the text before the cursor: text to insert, and candidates to list.
    typealias Completer = (String) -> (insert: String, list: [Candidate])

    nonisolated(unsafe) private static var promptText: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var completer: Completer?

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var event = HistEvent()
    private let historyPath: String?

    /// nil when libedit cannot set up the terminal; the shell then reads plain lines.
    init?(historyPath: String?, complete: @escaping Completer) {
        // Our own FILE streams on fds 0-2: Swift 6 forbids touching the C globals stdin/stdout/stderr.
        guard let input = fdopen(0, "r"), let output = fdopen(1, "w"), let errors = fdopen(2, "w"),
              let el = el_init("notesctl", input, output, errors) else { return nil }
        guard let h = history_init() else {
            el_end(el)
            return nil
        }
        editLine = el
        history = h
        self.historyPath = historyPath
        LineEditor.completer = complete
        notesctl_history_setsize(h, &event, 1_000)
        notesctl_history_setunique(h, &event, 1)
        if let historyPath { notesctl_history_load(h, &event, historyPath) }
        notesctl_el_set_history(el, h)
        notesctl_el_set_editor(el, "emacs")
        notesctl_el_set_prompt(el) { _ in LineEditor.promptText }
        notesctl_el_addfn(el, "notesctl-complete", "complete notesctl commands, options and ids") { el, _ in
            guard let el, let completer = LineEditor.completer else { return UInt8(CC_ERROR) }
            return LineEditor.complete(el, completer)
        }
        notesctl_el_bind(el, "^I", "notesctl-complete")
        // The user's ~/.editrc (or $EDITRC) may rebind keys, switch to vi mode, …
        el_source(el, nil)
        // Ctrl-C abandons the line being typed, not the session: our reader (CEditLine) ends the
        // wait for input whenever it comes.
        notesctl_el_set_reader(el)
        notesctl_install_interrupt_handler()
    }

    deinit {
        el_end(editLine)
        history_end(history)
        LineEditor.completer = nil
    }

    /// The next line without its newline; nil at end of input (Ctrl-D on an empty line).
    /// Ctrl-C gives an empty line.
    func readLine(prompt: String) -> [UInt8]? {
        free(LineEditor.promptText)
        LineEditor.promptText = strdup(prompt)
        _ = notesctl_take_interrupt()
        var count: Int32 = 0
        guard let raw = el_gets(editLine, &count), count > 0 else {
            if notesctl_take_interrupt() != 0 {
                Terminal.write("\n", fd: 1)
                return []
            }
            return nil
        }
        var bytes = Array(UnsafeRawBufferPointer(start: raw, count: Int(count)).bindMemory(to: UInt8.self))
        if bytes.last == 10 { bytes.removeLast() }
        return bytes
    }

    /// Adds a line to the history and saves the file, when its folder exists (a shell on a store
    /// that does not exist yet creates nothing). The file is private to the user (0600).
    func remember(_ line: String) {
        notesctl_history_enter(history, &event, line)
        guard let historyPath else { return }
        let folder = historyPath.lastIndex(of: "/").map { String(historyPath[..<$0]) } ?? "."
        var st = stat()
        guard stat(folder, &st) == 0 else { return }
        let fd = open(historyPath, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 { close(fd) }
        notesctl_history_save(history, &event, historyPath)
    }

    /// Tab: complete the word at the cursor, or list the choices when they differ beyond it.
    private static func complete(_ el: OpaquePointer, _ completer: Completer) -> UInt8 {
        guard let info = el_line(el)?.pointee else { return UInt8(CC_ERROR) }
        let count = info.cursor - info.buffer
        let bytes = UnsafeRawBufferPointer(start: info.buffer, count: max(0, count))
        let before = String(decoding: bytes, as: UTF8.self)
        let (insert, list) = completer(before)
        if !insert.isEmpty {
            guard el_insertstr(el, insert) == 0 else { return UInt8(CC_ERROR) }
            return UInt8(CC_REFRESH)
        }
        guard !list.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        Terminal.write("\n" + Self.columns(list), fd: 1)
        return UInt8(CC_REDISPLAY)
    }

    /// Candidates for the screen: with their descriptions when few, else in columns.
    static func columns(_ list: [Candidate], width: Int = 80) -> String {
        let widest = list.map(\.word.count).max() ?? 0
        if list.count <= 12 {
            return list.map { c in
                c.help.isEmpty ? c.word + "\n" : c.word + String(repeating: " ", count: widest - c.word.count + 2) + "-- " + c.help + "\n"
            }.joined()
        }
        let cell = widest + 2
        let perRow = max(1, width / cell)
        var out = ""
        for (i, c) in list.enumerated() {
            out += c.word
            if (i + 1) % perRow == 0 || i == list.count - 1 {
                out += "\n"
            } else {
                out += String(repeating: " ", count: cell - c.word.count)
            }
        }
        return out
    }
}
