import Foundation

/// Everything that can go wrong reading a policy, building a catalog or talking to a registry.
///
/// Each case carries where it happened (`file:line`, a manifest at a commit, a registry URL) so the
/// message alone tells a user what to fix.
public enum PolicyError: Error, Equatable, Sendable {
    /// The policy file could not be read at all.
    case unreadable(file: String, problem: String)
    /// The YAML itself is malformed.
    case yamlSyntax(file: String, line: Int, problem: String)
    /// A mapping holds a key the format does not define (often a typo).
    case unknownKey(file: String, line: Int, key: String, allowed: [String])
    /// A required key is absent.
    case missingKey(file: String, line: Int, key: String, in: String)
    /// A value has the wrong YAML type.
    case wrongType(file: String, line: Int, key: String, expected: String)
    /// A value has the right type but is not acceptable.
    case invalidValue(file: String, line: Int, key: String, value: String, problem: String)
    /// An image pattern (`standard`, `approvedBaseImages`, `deprecated.match`) is not a usable glob.
    case invalidPattern(file: String, line: Int, pattern: String, problem: String)
    /// An ImageBuilder manifest could not be read or understood.
    case invalidManifest(path: String, commit: String?, problem: String)
    /// The manifest history could not be read from the catalog's git repository.
    case manifestHistoryUnavailable(repository: String, problem: String)
    /// A registry could not be reached (connection refused, DNS, timeout).
    case registryUnreachable(url: String, problem: String)
    /// A registry refused the credentials, or demanded credentials none were configured for.
    case registryAuthenticationFailed(url: String, status: Int, problem: String)
    /// A registry answered with an unexpected status.
    case registryStatus(url: String, status: Int, body: String)
    /// A registry answered with a body that is not what its API defines.
    case registryInvalidResponse(url: String, problem: String)
}

extension PolicyError: CustomStringConvertible, LocalizedError {
    /// The message shown to users.
    public var description: String {
        switch self {
        case .unreadable(let file, let problem):
            return "\(file): cannot read policy: \(problem)"
        case .yamlSyntax(let file, let line, let problem):
            return "\(file):\(line): invalid YAML: \(problem)"
        case .unknownKey(let file, let line, let key, let allowed):
            return "\(file):\(line): unknown key '\(key)'; expected one of: \(allowed.joined(separator: ", "))"
        case .missingKey(let file, let line, let key, let container):
            return "\(file):\(line): \(container) needs a '\(key)' key"
        case .wrongType(let file, let line, let key, let expected):
            return "\(file):\(line): '\(key)' must be \(expected)"
        case .invalidValue(let file, let line, let key, let value, let problem):
            return "\(file):\(line): invalid \(key) '\(value)': \(problem)"
        case .invalidPattern(let file, let line, let pattern, let problem):
            return "\(file):\(line): invalid image pattern '\(pattern)': \(problem)"
        case .invalidManifest(let path, let commit, let problem):
            let at = commit.map { " at \($0.prefix(12))" } ?? ""
            return "\(path)\(at): invalid ImageBuilder manifest: \(problem)"
        case .manifestHistoryUnavailable(let repository, let problem):
            return "\(repository): cannot read manifest history: \(problem)"
        case .registryUnreachable(let url, let problem):
            return "\(url): registry unreachable: \(problem)"
        case .registryAuthenticationFailed(let url, let status, let problem):
            return "\(url): registry authentication failed (HTTP \(status)): \(problem)"
        case .registryStatus(let url, let status, let body):
            let detail = body.isEmpty ? "" : ": \(body.prefix(300))"
            return "\(url): registry answered HTTP \(status)\(detail)"
        case .registryInvalidResponse(let url, let problem):
            return "\(url): unexpected registry response: \(problem)"
        }
    }

    /// Same as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }
}
