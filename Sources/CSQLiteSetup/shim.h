#ifndef CENSUS_CSQLITESETUP_SHIM_H
#define CENSUS_CSQLITESETUP_SHIM_H
#include <sqlite3.h>

/*
 * sqlite3_config is variadic and cannot be called from Swift; this typed wrapper sets one option.
 * It must run before SQLite initializes (the first connection opened in the process): afterwards
 * SQLite refuses it with SQLITE_MISUSE and keeps its default.
 */

/**
 * Turns off SQLite's memory statistics, which take a process-wide mutex on every allocation and
 * free SQLite makes (the writer of a crawl makes millions). Nothing in census reads them.
 */
static inline int census_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#endif
