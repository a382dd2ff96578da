#ifndef CENSUS_CLIBGIT2_SHIM_H
#define CENSUS_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/repository.h>
#include <git2/sys/odb_backend.h>

/*
 * git_libgit2_opts is variadic and cannot be called from Swift; these typed
 * wrappers each set exactly one global option. They return libgit2's result
 * code (0 on success, < 0 with git_error_last() set on failure).
 */

/** Maximum number of pack files kept open (memory-mapped) at once; 0 = unlimited. */
static inline int census_git_set_mwindow_file_limit(size_t limit) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_FILE_LIMIT, limit);
}

/** Size of one mapped window of a pack file (libgit2's default is 1 GiB on 64-bit). */
static inline int census_git_set_mwindow_size(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, bytes);
}

/** Maximum total bytes of pack data mapped into memory at once. */
static inline int census_git_set_mwindow_mapped_limit(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, bytes);
}

/** Maximum total bytes of decompressed objects cached across all repositories. */
static inline int census_git_set_cache_max_size(ssize_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, bytes);
}

/** Whether every object read from the object database is re-hashed and checked. */
static inline int census_git_enable_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

/** The User-Agent sent on HTTP(S) requests. */
static inline int census_git_set_user_agent(const char *agent) {
    return git_libgit2_opts(GIT_OPT_SET_USER_AGENT, agent);
}


/** Reads back the mapped-window file limit (used to verify initialization). */
static inline int census_git_get_mwindow_file_limit(size_t *out) {
    return git_libgit2_opts(GIT_OPT_GET_MWINDOW_FILE_LIMIT, out);
}

/** Reads back the mapped window size. */
static inline int census_git_get_mwindow_size(size_t *out) {
    return git_libgit2_opts(GIT_OPT_GET_MWINDOW_SIZE, out);
}

/** Reads back the mapped bytes limit. */
static inline int census_git_get_mwindow_mapped_limit(size_t *out) {
    return git_libgit2_opts(GIT_OPT_GET_MWINDOW_MAPPED_LIMIT, out);
}

#endif
