import CLibGit2

extension Repository {
    /// The prefix of branch references.
    static let branchPrefix = "refs/heads/"

    /// Local branches (`refs/heads/*`) by short name, with the commit each points to.
    public func localBranches() throws -> [String: ObjectID] {
        var branches: [String: ObjectID] = [:]
        for (name, id) in try references(matching: Self.branchPrefix + "*") {
            branches[String(name.dropFirst(Self.branchPrefix.count))] = id
        }
        return branches
    }

    /// Every reference by full name (`refs/heads/main`, `refs/tags/v1`), symbolic ones resolved.
    public func references() throws -> [String: ObjectID] {
        try references(matching: nil)
    }

    private func references(matching glob: String?) throws(GitError) -> [String: ObjectID] {
        try handle.withPointer { (repository) throws(GitError) in
            let iterator = try GitHandle("list references", release: { git_reference_iterator_free($0) }) { out in
                if let glob { return git_reference_iterator_glob_new(&out, repository, glob) }
                return git_reference_iterator_new(&out, repository)
            }
            var result: [String: ObjectID] = [:]
            try iterator.withPointer { (iterator) throws(GitError) in
                while true {
                    var namePointer: UnsafePointer<CChar>?
                    let code = git_reference_next_name(&namePointer, iterator)
                    if code == GIT_ITEROVER.rawValue { break }
                    try check(code, "list references")
                    guard let namePointer else { continue }
                    let name = string(from: namePointer)
                    var oid = git_oid()
                    let resolved = git_reference_name_to_id(&oid, repository, namePointer)
                    // A symbolic reference to a missing branch is dangling, not damage: skip it.
                    if resolved == GIT_ENOTFOUND.rawValue { continue }
                    try check(resolved, "resolve reference '\(name)'")
                    result[name] = ObjectID(oid)
                }
            }
            return result
        }
    }

    /// The commit a full reference name points to, nil when the reference does not exist.
    public func reference(_ fullName: String) throws -> ObjectID? {
        try handle.withPointer { (repository) throws(GitError) in
            var oid = git_oid()
            let code = git_reference_name_to_id(&oid, repository, fullName)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try check(code, "resolve reference '\(fullName)'") {
                $0.has(GIT_EINVALIDSPEC) ? .invalidReferenceName(fullName) : nil
            }
            return ObjectID(oid)
        }
    }

    /// Deletes the local branch `refs/heads/<name>`; a branch that does not exist is an error.
    public func deleteBranch(_ name: String) throws {
        try Self.validateBranchName(name)
        try deleteReference(Self.branchPrefix + name)
    }

    /// Deletes a reference by full name; a reference that does not exist is an error.
    public func deleteReference(_ fullName: String) throws {
        try handle.withPointer { (repository) throws(GitError) in
            // git_reference_remove succeeds for a missing name, so look the reference up first.
            let reference = try GitHandle("find reference '\(fullName)'", release: { git_reference_free($0) }, interpret: {
                if $0.has(GIT_ENOTFOUND) { return .notFound(what: "reference '\(fullName)'") }
                if $0.has(GIT_EINVALIDSPEC) { return .invalidReferenceName(fullName) }
                return nil
            }) { out in git_reference_lookup(&out, repository, fullName) }
            try reference.withPointer { (reference) throws(GitError) in
                try check(git_reference_delete(reference), "delete reference '\(fullName)'")
            }
        }
    }

    /// Creates or moves a reference (any full name, such as `refs/pull/1/head`) to `id`.
    public func setReference(_ fullName: String, to id: ObjectID) throws {
        var oid = id.oid
        try handle.withPointer { (repository) throws(GitError) in
            let reference = try GitHandle("set reference '\(fullName)'", release: { git_reference_free($0) }, interpret: {
                if $0.has(GIT_EINVALIDSPEC) { return .invalidReferenceName(fullName) }
                if $0.has(GIT_ENOTFOUND) { return .notFound(what: "object \(id.short)") }
                return nil
            }) { out in
                git_reference_create(&out, repository, fullName, &oid, 1, "census: set reference")
            }
            _ = reference
        }
    }

    /// Points HEAD at `refs/heads/<branch>` (the branch need not exist yet); no files are checked out.
    public func setHead(branch: String) throws {
        try Self.validateBranchName(branch)
        try handle.withPointer { (repository) throws(GitError) in
            try check(git_repository_set_head(repository, Self.branchPrefix + branch), "set HEAD to '\(branch)'")
        }
    }

    /// The branch HEAD points to (short name), nil when HEAD is detached.
    public func headBranch() throws -> String? {
        try handle.withPointer { (repository) throws(GitError) in
            let head = try GitHandle("read HEAD", release: { git_reference_free($0) }) { out in
                git_reference_lookup(&out, repository, "HEAD")
            }
            return head.withPointer { head -> String? in
                guard git_reference_type(head) == GIT_REFERENCE_SYMBOLIC,
                      let target = optionalString(from: git_reference_symbolic_target(head)),
                      target.hasPrefix(Self.branchPrefix) else { return nil }
                return String(target.dropFirst(Self.branchPrefix.count))
            }
        }
    }

    /// The commit a revision names (`main`, `refs/heads/x`, `v1.0`, an id, `main~2`), tags peeled.
    public func resolveCommit(_ revision: String) throws -> ObjectID {
        try handle.withPointer { (repository) throws(GitError) in
            let object = try GitHandle("resolve '\(revision)'", release: { git_object_free($0) }, interpret: {
                if $0.has(GIT_ENOTFOUND) || $0.has(GIT_EINVALIDSPEC) { return .notFound(what: "revision '\(revision)'") }
                return nil
            }) { out in git_revparse_single(&out, repository, revision) }
            let commit = try object.withPointer { (object) throws(GitError) in
                try GitHandle("resolve '\(revision)' to a commit", release: { git_object_free($0) }, interpret: { _ in
                    let actual = optionalString(from: git_object_type2string(git_object_type(object))) ?? "object"
                    return .wrongObjectKind(what: "revision '\(revision)'", expected: "commit", actual: actual)
                }) { out in git_object_peel(&out, object, GIT_OBJECT_COMMIT) }
            }
            return commit.withPointer { ObjectID(git_object_id($0).pointee) }
        }
    }

    /// Throws unless `name` is a valid short branch name ("main", "release/8.0").
    static func validateBranchName(_ name: String) throws(GitError) {
        var valid: Int32 = 0
        let code = git_branch_name_is_valid(&valid, name)
        guard code == 0, valid == 1, !name.hasPrefix("refs/") else {
            throw GitError.invalidReferenceName(name)
        }
    }
}
