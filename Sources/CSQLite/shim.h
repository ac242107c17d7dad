#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro over a cast Swift cannot import.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_db_config is variadic; Swift cannot call C variadics.
static inline int csqlite_db_config_int(sqlite3 *db, int op, int value) {
    int out = 0;
    return sqlite3_db_config(db, op, value, &out);
}

// Process-wide settings, made before SQLite initializes (https://sqlite.org/c3ref/config.html):
// no memory statistics, which notesctl never reads, so no allocation takes a global mutex.
static inline int csqlite_configure_process(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

// sqlite3_trace_v2 (https://sqlite.org/c3ref/trace_v2.html): `report` gets each statement as it
// starts, parameters expanded. SQLite reports a statement again at the start of each trigger
// subprogram it runs; statements still running (started, not yet profiled as finished) are
// kept on a small stack so those repeats are left out. Statements that SQLite itself runs
// inside another one (FTS5's, say) come as "-- ..." text, as SQLite writes them.
typedef void (*csqlite_statement_report)(void *context, const char *sql);
struct csqlite_trace_target {
    csqlite_statement_report report;
    void *context;
    void *running[32];
    int depth;
};
static int csqlite_trace_callback(unsigned type, void *target, void *statement, void *text) {
    struct csqlite_trace_target *t = (struct csqlite_trace_target *)target;
    if (type == SQLITE_TRACE_PROFILE) {
        for (int i = t->depth - 1; i >= 0; i--) {
            if (t->running[i] != statement) continue;
            for (int j = i; j < t->depth - 1; j++) t->running[j] = t->running[j + 1];
            t->depth--;
            break;
        }
        return 0;
    }
    if (type != SQLITE_TRACE_STMT) return 0;
    for (int i = 0; i < t->depth; i++) if (t->running[i] == statement) return 0;
    if (t->depth < 32) t->running[t->depth++] = statement;
    const char *unexpanded = (const char *)text;
    if (unexpanded && unexpanded[0] == '-' && unexpanded[1] == '-') {
        t->report(t->context, unexpanded);
        return 0;
    }
    char *sql = sqlite3_expanded_sql((sqlite3_stmt *)statement);
    t->report(t->context, sql ? sql : sqlite3_sql((sqlite3_stmt *)statement));
    sqlite3_free(sql);
    return 0;
}
static inline int csqlite_trace_statements(sqlite3 *db, struct csqlite_trace_target *target) {
    return sqlite3_trace_v2(db, SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE, csqlite_trace_callback, target);
}
