/// What stops `census migrate` as a whole (a branch that cannot be migrated is reported in the plan instead).
public enum MigrationError: Error, CustomStringConvertible, Sendable {
    /// The target image is not one image reference (empty, spaces or line breaks).
    case invalidTarget(String, reason: String)
    /// `--from` is not a well-formed glob.
    case invalidPattern(String, problem: String)
    /// The inventory holds no current branch that the filters keep.
    case noBranches(filter: String)

    /// The message a user reads, naming what to fix.
    public var description: String {
        switch self {
        case .invalidTarget(let image, let reason):
            "cannot migrate to '\(image)': \(reason)"
        case .invalidPattern(let pattern, let problem):
            "--from '\(pattern)' is not a valid pattern: \(problem)"
        case .noBranches(let filter):
            "the inventory has no current branch\(filter) (run `census crawl` first)"
        }
    }
}
