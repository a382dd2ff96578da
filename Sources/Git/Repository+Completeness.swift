import CLibGit2

extension Repository {
    /// Why a repository may lack objects its branches reach, when git itself knows: a shallow
    /// clone (`--depth`) stops its history early; a partial clone (`--filter`) fetched only some
    /// objects. Nil for a whole clone, where a missing object means damage.
    public var incompleteness: GitError.Incompleteness? {
        handle.withPointer { repository in
            if git_repository_is_shallow(repository) == 1 { return .shallow }
            var config: OpaquePointer?
            guard git_repository_config_snapshot(&config, repository) == 0, let config else { return nil }
            defer { git_config_free(config) }
            // git marks a partial clone with extensions.partialClone = <remote> (older git) or
            // remote.<name>.promisor = true (newer git): that remote promises the missing objects.
            var value: UnsafePointer<CChar>?
            if git_config_get_string(&value, config, "extensions.partialclone") == 0 { return .partial }
            return Self.hasPromisorRemote(config) ? .partial : nil
        }
    }

    private static func hasPromisorRemote(_ config: OpaquePointer) -> Bool {
        var iterator: OpaquePointer?
        guard git_config_iterator_glob_new(&iterator, config, "^remote\\..*\\.promisor$") == 0, let iterator else {
            return false
        }
        defer { git_config_iterator_free(iterator) }
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let current = entry {
            var enabled: Int32 = 0
            if let text = current.pointee.value, git_config_parse_bool(&enabled, text) == 0, enabled == 1 { return true }
        }
        return false
    }
}
