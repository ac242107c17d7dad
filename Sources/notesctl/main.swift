import NotesCLI
#if canImport(Glibc)
import Glibc
#endif

exit(Runner.main())
