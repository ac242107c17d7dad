import Foundation
import Testing
import TestSupport

/// The committed man page is what `notesctl` generates, passes `mandoc -Tlint` with warnings
/// counted as failures, and renders. (Regenerate with scripts/regenerate-docs.sh.)
@Suite struct DocsEndToEndTests {
    static let root = CompletionEndToEndTests.root
    static let manPage = root + "/man/notesctl.1"
    static let mandoc = CompletionEndToEndTests.which("mandoc")

    @Test func committedManPageIsWhatTheBinaryGenerates() throws {
        let cli = Notesctl()
        let r = cli.run("__manpage")
        #expect(r.status == 0)
        #expect(r.stdout == (try String(contentsOfFile: Self.manPage, encoding: .utf8)),
                "man/notesctl.1 is out of date: run scripts/regenerate-docs.sh")
    }

    @Test(.enabled(if: mandoc != nil, "mandoc is not installed (scripts/install-deps.sh --test installs it)"))
    func manPagePassesMandocLintWithWarningsAsFailures() throws {
        let r = runProcess(try #require(Self.mandoc), ["-Tlint", "-W", "warning", Self.manPage], env: baseEnvironment(home: "/tmp", db: nil))
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.isEmpty && r.stderr.isEmpty, "\(r.stdout)\(r.stderr)")
    }

    @Test(.enabled(if: mandoc != nil, "mandoc is not installed (scripts/install-deps.sh --test installs it)"))
    func manPageRendersEverySection() throws {
        let r = runProcess(try #require(Self.mandoc), ["-Tutf8", "-Ios=notesctl", Self.manPage], env: baseEnvironment(home: "/tmp", db: nil))
        #expect(r.status == 0)
        // Terminal output makes bold by overstriking (X, backspace, X): keep the last of each.
        var text = ""
        for c in r.stdout.unicodeScalars {
            if c == "\u{8}" { if !text.isEmpty { text.unicodeScalars.removeLast() } } else { text.unicodeScalars.append(c) }
        }
        for heading in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "GLOBAL OPTIONS", "ENVIRONMENT", "FILES", "EXIT STATUS",
                        "JSON OUTPUT", "EXAMPLES", "SECURITY CONSIDERATIONS"] {
            #expect(text.contains("\n" + heading + "\n"), "renders \(heading)")
        }
        #expect(text.contains("notesctl note add [options]"))
        #expect(text.contains("NOTESCTL_IDEMPOTENCY_RETENTION"))
    }
}
