/// A problem met while scanning one file of a commit, kept with the commit's references.
public struct StoredWarning: Sendable, Hashable, Codable {
    /// Repository-relative path of the file.
    public var path: String
    /// 1-based line, when the problem has one.
    public var line: Int?
    /// What went wrong.
    public var message: String

    /// A warning with every field given.
    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }
}
