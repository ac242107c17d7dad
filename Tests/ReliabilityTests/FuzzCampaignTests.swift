import Foundation
import Testing
import TestSupport

extension Reliability {
    /// A short libFuzzer campaign per target (fuzz/run.sh, a debug build with
    /// -sanitize=fuzzer,address, separate from the package's own build): first every input in
    /// fuzz/regressions is replayed, then the target is fuzzed for NOTESCTL_FUZZ_SECONDS
    /// (default 8; 0 turns the campaigns off). Needs the toolchain's libFuzzer runtime.
    @Suite(.timeLimit(.minutes(3))) struct FuzzCampaign {
        static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path

        static let seconds = Int(ProcessInfo.processInfo.environment["NOTESCTL_FUZZ_SECONDS"] ?? "") ?? 8

        /// The toolchain ships libclang_rt.fuzzer next to the swift it runs.
        static let runtimeFound: Bool = {
            let find = #"ls "$(dirname "$(readlink -f "$(command -v swift)")")"/../lib/clang/*/lib/*/libclang_rt.fuzzer*.a"#
            return runProcess("/bin/sh", ["-c", find], env: ProcessInfo.processInfo.environment).status == 0
        }()

        static let enabled = seconds > 0 && runtimeFound
            && FileManager.default.isExecutableFile(atPath: root + "/fuzz/run.sh")

        func campaign(_ target: String) -> CLIResult {
            var env = ProcessInfo.processInfo.environment
            env["FUZZ_CONFIG"] = "debug"
            return runProcess("/bin/sh", [Self.root + "/fuzz/run.sh", "\(Self.seconds)", target], env: env, cwd: Self.root)
        }

        func report(_ r: CLIResult) -> String {
            r.stderr.split(separator: "\n").filter { !$0.contains("Cannot export local symbol") }.suffix(12).joined(separator: "\n")
        }

        @Test(.enabled(if: FuzzCampaign.enabled, "NOTESCTL_FUZZ_SECONDS=0, or no libFuzzer runtime in this toolchain"))
        func lexerAndApplyDocuments() {
            let r = campaign("FuzzLexer")
            #expect(r.status == 0, "\(report(r))")
            #expect(r.stderr.contains("DONE"), "the campaign ran: \(report(r))")
        }

        @Test(.enabled(if: FuzzCampaign.enabled, "NOTESCTL_FUZZ_SECONDS=0, or no libFuzzer runtime in this toolchain"))
        func jsonParser() {
            let r = campaign("FuzzJSON")
            #expect(r.status == 0, "\(report(r))")
            #expect(r.stderr.contains("DONE"), "the campaign ran: \(report(r))")
        }

        @Test(.enabled(if: FuzzCampaign.enabled, "NOTESCTL_FUZZ_SECONDS=0, or no libFuzzer runtime in this toolchain"))
        func searchQueryBuilder() {
            let r = campaign("FuzzSearchQuery")
            // fuzz/regressions/FuzzSearchQuery/quote-then-combining-mark: a, a quote, U+0301, "=b" — a
            // quote followed by a combining mark is one Character; SearchQuery works on scalars.
            #expect(r.status == 0, "\(report(r))")
            #expect(r.stderr.contains("DONE"), "the campaign ran to its end: \(report(r))")
            #expect(r.stderr.contains("fuzz: FuzzSearchQuery"), "the target was built and run: \(report(r))")
        }
    }
}
