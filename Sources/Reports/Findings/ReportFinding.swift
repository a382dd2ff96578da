/// One policy finding at one place in one branch, as the reports show it.
public struct ReportFinding: Sendable, Hashable, Codable {
    /// The repository's display name.
    public var repository: String
    /// The repository's team from repos.txt, when known.
    public var team: String?
    /// The branch.
    public var branch: String
    /// The commit the usage was read from.
    public var commitID: String
    /// The file holding the usage.
    public var path: String
    /// The line of the usage.
    public var line: Int
    /// The image as normalized, or the text as written when it did not resolve.
    public var image: String
    /// The rule id (`outdated-tag`, …).
    public var rule: String
    /// `error`, `warning` or `note`.
    public var severity: String
    /// What is wrong, in words the product team understands.
    public var message: String
    /// The image to move to, when one is known.
    public var suggestion: String?

    /// A finding with every field given.
    public init(repository: String, team: String?, branch: String, commitID: String, path: String, line: Int,
                image: String, rule: String, severity: String, message: String, suggestion: String?) {
        self.repository = repository
        self.team = team
        self.branch = branch
        self.commitID = commitID
        self.path = path
        self.line = line
        self.image = image
        self.rule = rule
        self.severity = severity
        self.message = message
        self.suggestion = suggestion
    }

    /// Orders findings for reading: repository, branch, file, line, then most severe first.
    public static func readingOrder(_ a: ReportFinding, _ b: ReportFinding) -> Bool {
        (a.repository, a.branch, a.path, a.line, SeverityOrder.rank(a.severity), a.rule)
            < (b.repository, b.branch, b.path, b.line, SeverityOrder.rank(b.severity), b.rule)
    }
}

/// Severities from most to least pressing.
public enum SeverityOrder {
    /// The severities reports know, most pressing first.
    public static let all = ["error", "warning", "note"]

    /// 0 for `error`, 1 for `warning`, 2 for `note`, 3 for anything else.
    public static func rank(_ severity: String) -> Int {
        all.firstIndex(of: severity) ?? all.count
    }
}
