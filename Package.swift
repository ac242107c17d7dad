// swift-tools-version: 6.0
// notesctl: notes and agent actions in one local SQLite file.
// No package dependencies: the system's libsqlite3 and libedit, through system-library targets.
import PackageDescription

let package = Package(
    name: "notesctl",
    products: [
        .executable(name: "notesctl", targets: ["notesctl"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The only module that touches the SQLite C API.
        .target(name: "SQLiteStore", dependencies: ["CSQLite"]),
        // The domain: services, the single write path, audit. Never prints.
        .target(name: "NotesCore", dependencies: ["SQLiteStore"]),
        // Parsing, the command table, help, output, the interactive shell. Never writes SQL.
        .target(name: "NotesCLI", dependencies: ["NotesCore", "CEditLine"]),
        .executableTarget(name: "notesctl", dependencies: ["NotesCLI"]),
        // Shared by the test targets: temp stores and running the built binary.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SQLiteStoreTests", dependencies: ["SQLiteStore", "TestSupport"]),
        .testTarget(name: "NotesCoreTests", dependencies: ["NotesCore", "TestSupport"]),
        .testTarget(name: "NotesCLITests", dependencies: ["NotesCLI", "TestSupport"]),
        // Run the real binary: the dependency on the executable makes `swift build --build-tests` build it.
        .testTarget(name: "EndToEndTests", dependencies: ["notesctl", "TestSupport"]),
        .testTarget(name: "ReliabilityTests", dependencies: ["notesctl", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
