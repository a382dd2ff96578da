/// Why part of a Dockerfile could not be read; each becomes an `ExtractionWarning` (and, where a
/// reference depends on it, the reason it is unresolved), never a failed extraction.
enum DockerfileSyntaxError: Error, Hashable, Sendable {
    /// A word whose quotes or `${…}` substitutions are not valid (an open quote, a missing `}`).
    case malformedExpression(String)
    /// A word that would expand beyond the bounds kept for hostile input.
    case expansionTooLarge(String)
    /// A `--mount` value that is not one line of comma-separated `key=value` fields.
    case malformedMountOptions(String)

    /// The explanation shown to the user.
    var message: String {
        switch self {
        case .malformedExpression(let message), .expansionTooLarge(let message), .malformedMountOptions(let message):
            message
        }
    }
}

/// How much expansion work one file may cause in total, so that many references to long values
/// cannot multiply into unbounded work. Shared by every expansion of one extraction.
final class ExpansionBudget {
    /// Scalars produced plus pattern-matching steps allowed per file.
    static let perFile = 32 * 1024 * 1024

    private(set) var remaining: Int

    init(_ limit: Int = ExpansionBudget.perFile) {
        remaining = limit
    }

    /// Spends `amount`, failing once the budget is used up.
    func spend(_ amount: Int) throws(DockerfileSyntaxError) {
        remaining -= amount
        if remaining < 0 {
            throw .expansionTooLarge("the file's variable expansions exceed \(ExpansionBudget.perFile) steps")
        }
    }
}
