/// One entry of a tree written by `Repository.commit(files:on:message:author:date:parents:)`.
public enum FileContent: Sendable, Hashable {
    /// A regular file with UTF-8 text.
    case text(String)
    /// A regular file with arbitrary bytes.
    case bytes([UInt8])
    /// An executable file with UTF-8 text.
    case executable(String)
    /// A symbolic link to the given target path.
    case symlink(String)
    /// A submodule pinned at the given commit of another repository.
    case submodule(ObjectID)
}
