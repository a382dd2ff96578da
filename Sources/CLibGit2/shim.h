#ifndef CENSUS_CLIBGIT2_SHIM_H
#define CENSUS_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/repository.h>
#include <git2/sys/odb_backend.h>
#include <string.h>
#include <zlib.h>

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


/**
 * An anonymous remote of `repo` for `url`, without git's `url.<base>.insteadOf` rewriting: census
 * fetches and pushes the URL its repository list names, the one it lists (a detached remote, which
 * never rewrites). libgit2 1.5.1 also leaks about 17 KiB for each configuration entry the rewriting
 * looks at (git_regexp_match keeps its PCRE2 match data when an entry does not match): 350 MB in a
 * cold crawl of 1,000 repositories.
 */
static inline int census_remote_create_anonymous(git_remote **out, git_repository *repo, const char *url) {
    git_remote_create_options options;
    int error = git_remote_create_options_init(&options, GIT_REMOTE_CREATE_OPTIONS_VERSION);
    if (error < 0) return error;
    options.repository = repo;
    options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
    return git_remote_create_with_opts(out, url, &options);
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

/*
 * Whether libgit2 1.5 can read the loose object file that begins with `data` (`length` bytes; all of
 * the file when `complete`) without writing past the buffer it allocates. libgit2 inflates the first
 * 64 bytes, allocates the size the header states (plus one), and copies what followed the header into
 * it: a header that states fewer bytes than that (a damaged file, or a crafted one) overflows the heap.
 * Returns 1 when the file is not zlib data (libgit2's other format, read into a growing buffer) or its
 * header is canonical ("blob 123\0": a known type, a space, the size without sign or leading zeros, a
 * NUL) and states at least as many bytes as follow it in the first 64; 0 otherwise (the object is
 * damaged: git itself accepts only canonical headers); 2 when the beginning given does not inflate to
 * 64 bytes or the end of the stream and more of the file is needed.
 */
static inline int census_loose_header_is_safe(const unsigned char *data, size_t length, int complete) {
    enum { head_size = 64 };
    unsigned char head[head_size];
    z_stream stream;
    size_t inflated, at, digits_at;
    unsigned long long size = 0;
    int code;

    if (length < 2 || (data[0] & 0x8F) != 0x08 || ((data[0] << 8) + data[1]) % 31 != 0)
        return 1;
    memset(&stream, 0, sizeof(stream));
    if (inflateInit(&stream) != Z_OK)
        return 0;
    stream.next_in = (unsigned char *)data;
    stream.avail_in = (uInt)(length > 0xFFFFFFFFu ? 0xFFFFFFFFu : length);
    stream.next_out = head;
    stream.avail_out = head_size;
    code = inflate(&stream, Z_SYNC_FLUSH);
    inflated = head_size - stream.avail_out;
    inflateEnd(&stream);
    if (code != Z_OK && code != Z_STREAM_END && code != Z_BUF_ERROR)
        return 0;
    if (code != Z_STREAM_END && inflated < head_size && !complete)
        return 2;

    for (at = 0; at < inflated && head[at] != ' '; at++) {}
    if (!((at == 4 && (memcmp(head, "blob", 4) == 0 || memcmp(head, "tree", 4) == 0))
          || (at == 6 && memcmp(head, "commit", 6) == 0) || (at == 3 && memcmp(head, "tag", 3) == 0)))
        return 0;
    digits_at = ++at;
    for (; at < inflated && head[at] >= '0' && head[at] <= '9'; at++) {
        if (size > 0xFFFFFFFFFFFFull) return 0;
        size = size * 10 + (unsigned long long)(head[at] - '0');
    }
    if (at == digits_at || at >= inflated || head[at] != '\0' || (head[digits_at] == '0' && at - digits_at > 1))
        return 0;
    return inflated - (at + 1) <= size;
}

#endif
