import Extraction
import Foundation
import Yams

extension PolicyDocument {
    /// The top-level keys a policy may use.
    static let topLevelKeys = ["standard", "approvedBaseImages", "maxAgeDays", "catalogs", "deprecated", "severities",
                               "allowedFrontends", "warnBeforeEolDays", "trustedDownloads"]

    /// The longest early-warning window a policy may set: ten years, which no announced date needs.
    static let maxWarnBeforeEolDays = 3_650

    /// Decodes policy text; `file` names the source in error messages.
    ///
    /// The YAML node tree is walked by hand rather than through `Decodable`, so that every error can name
    /// the exact line and the unknown key, and a typo never silently disables a setting.
    public static func decode(_ text: String, file: String) throws(PolicyError) -> PolicyDocument {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PolicyError.yamlSyntax(file: file, line: error.line ?? 1, problem: error.problem)
        } catch {
            throw PolicyError.yamlSyntax(file: file, line: 1, problem: String(describing: error))
        }
        var policy = PolicyDocument(file: file)
        guard let root, root.null == nil else { return policy }
        let reader = PolicyNodeReader(file: file)
        for (key, value) in try reader.mapping(root, named: "the policy", allowed: topLevelKeys) {
            switch key.text {
            case "standard":
                policy.standard = try reader.patterns(value, key: key.text)
            case "approvedBaseImages":
                policy.approvedBaseImages = try reader.patterns(value, key: key.text)
            case "maxAgeDays":
                let days = try reader.integer(value, key: key.text)
                guard days > 0 else {
                    throw .invalidValue(file: file, line: reader.line(value), key: key.text, value: "\(days)",
                                        problem: "must be a positive number of days")
                }
                policy.maxAgeDays = days
            case "catalogs":
                policy.catalogs = try reader.sequence(value, key: key.text).map { node throws(PolicyError) in
                    try reader.catalog(node)
                }
                var seen: Set<String> = []
                for catalog in policy.catalogs where !seen.insert(catalog.repository).inserted {
                    throw .invalidValue(file: file, line: catalog.line, key: "repository", value: catalog.repository,
                                        problem: "a catalog for this repository is already defined above")
                }
            case "deprecated":
                policy.deprecated = try reader.sequence(value, key: key.text).map { node throws(PolicyError) in
                    try reader.deprecation(node)
                }
            case "severities":
                policy.severities = try reader.severities(value)
            case "allowedFrontends":
                policy.allowedFrontends = try reader.patterns(value, key: key.text)
            case "warnBeforeEolDays":
                let days = try reader.integer(value, key: key.text)
                guard (1...maxWarnBeforeEolDays).contains(days) else {
                    throw .invalidValue(file: file, line: reader.line(value), key: key.text, value: "\(days)",
                                        problem: "must be a number of days from 1 to \(maxWarnBeforeEolDays); "
                                            + "leave the key out to give no early warning")
                }
                policy.warnBeforeEolDays = days
            case "trustedDownloads":
                policy.trustedDownloads = try reader.sequence(value, key: key.text).map { node throws(PolicyError) in
                    let text = try reader.string(node, key: key.text)
                    do throws(Glob.SyntaxError) {
                        return try Glob(text)
                    } catch {
                        throw .invalidValue(file: file, line: reader.line(node), key: key.text, value: text, problem: error.problem)
                    }
                }
            default:
                break // `mapping` has already refused every other key.
            }
        }
        return policy
    }
}

/// A key of a YAML mapping with its line.
struct PolicyKey {
    var text: String
    var line: Int
}

/// Reads typed values out of a policy's YAML nodes, throwing `file:line` errors.
struct PolicyNodeReader {
    let file: String

    func line(_ node: Node) -> Int { node.mark?.line ?? 1 }

    /// The pairs of a mapping, refusing keys outside `allowed` and keys that are not strings.
    func mapping(_ node: Node, named name: String, allowed: [String]) throws(PolicyError) -> [(PolicyKey, Node)] {
        guard let mapping = node.mapping else {
            throw .wrongType(file: file, line: line(node), key: name, expected: "a mapping of keys to values")
        }
        var pairs: [(PolicyKey, Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                throw .wrongType(file: file, line: line(keyNode), key: name, expected: "a mapping with text keys")
            }
            guard allowed.contains(key) else {
                throw .unknownKey(file: file, line: line(keyNode), key: key, allowed: allowed)
            }
            pairs.append((PolicyKey(text: key, line: line(keyNode)), value))
        }
        return pairs
    }

    func sequence(_ node: Node, key: String) throws(PolicyError) -> [Node] {
        if node.null != nil { return [] }
        guard let sequence = node.sequence else {
            throw .wrongType(file: file, line: line(node), key: key, expected: "a list")
        }
        return Array(sequence)
    }

    func string(_ node: Node, key: String) throws(PolicyError) -> String {
        guard let scalar = node.scalar, node.null == nil else {
            throw .wrongType(file: file, line: line(node), key: key, expected: "text")
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            throw .invalidValue(file: file, line: line(node), key: key, value: "", problem: "must not be empty")
        }
        return text
    }

    func integer(_ node: Node, key: String) throws(PolicyError) -> Int {
        guard node.scalar != nil, let value = node.int else {
            throw .wrongType(file: file, line: line(node), key: key, expected: "a whole number")
        }
        return value
    }

    func boolean(_ node: Node, key: String) throws(PolicyError) -> Bool {
        guard node.scalar != nil, let value = node.bool else {
            throw .wrongType(file: file, line: line(node), key: key, expected: "true or false")
        }
        return value
    }

    func pattern(_ node: Node, key: String) throws(PolicyError) -> ImagePattern {
        let text = try string(node, key: key)
        do {
            return try ImagePattern(text, line: line(node))
        } catch {
            throw .invalidPattern(file: file, line: line(node), pattern: text, problem: error.problem)
        }
    }

    func patterns(_ node: Node, key: String) throws(PolicyError) -> [ImagePattern] {
        try sequence(node, key: key).map { item throws(PolicyError) in try pattern(item, key: key) }
    }

    /// A plain image reference with a tag (a `replacement`).
    func imageReference(_ node: Node, key: String) throws(PolicyError) -> String {
        let text = try string(node, key: key)
        let parsed = ImageReference.parse(text)
        guard parsed.isValid else {
            throw .invalidValue(file: file, line: line(node), key: key, value: text,
                                problem: parsed.invalidReason ?? "not an image reference")
        }
        return text
    }

    /// A plain repository name (no tag, digest or wildcard), normalized to `registry/repository`.
    func repository(_ node: Node, key: String) throws(PolicyError) -> String {
        let text = try string(node, key: key)
        let parsed = ImageReference.parse(text)
        guard parsed.isValid, let name = parsed.nameWithoutTag else {
            throw .invalidValue(file: file, line: line(node), key: key, value: text,
                                problem: parsed.invalidReason ?? "not a repository name")
        }
        guard parsed.tag == nil, parsed.digest == nil else {
            throw .invalidValue(file: file, line: line(node), key: key, value: text,
                                problem: "name the repository only, without a tag or digest")
        }
        return name
    }

    static let catalogKeys = ["repository", "git", "branch", "manifest", "registry", "api", "url", "refreshAfter"]

    /// The longest `refreshAfter` a catalog may set: a year.
    static let maxRefreshAfter: TimeInterval = 366 * 24 * 3600

    /// A duration written as a whole number of minutes, hours or days (`30m`, `24h`, `7d`); `0h` refreshes
    /// on every crawl.
    func duration(_ node: Node, key: String) throws(PolicyError) -> TimeInterval {
        let text = try string(node, key: key).trimmingCharacters(in: .whitespaces)
        let units: [Character: TimeInterval] = ["m": 60, "h": 3600, "d": 24 * 3600]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int(text.dropLast()), count >= 0,
              TimeInterval(count) * unit <= Self.maxRefreshAfter else {
            throw .invalidValue(file: file, line: line(node), key: key, value: text,
                                problem: "expected a whole number of minutes, hours or days such as 30m, 24h or 7d "
                                    + "(at most a year; 0h refreshes on every crawl)")
        }
        return TimeInterval(count) * unit
    }

    func catalog(_ node: Node) throws(PolicyError) -> CatalogSource {
        let pairs = try mapping(node, named: "a catalog", allowed: Self.catalogKeys)
        var values: [String: (PolicyKey, Node)] = [:]
        for (key, value) in pairs { values[key.text] = (key, value) }
        guard let repositoryNode = values["repository"]?.1 else {
            throw .missingKey(file: file, line: line(node), key: "repository", in: "a catalog")
        }
        let repository = try repository(repositoryNode, key: "repository")

        if let (gitKey, gitNode) = values["git"] {
            if let (registryKey, _) = values["registry"] {
                throw .invalidValue(file: file, line: registryKey.line, key: "registry", value: "true",
                                    problem: "a catalog reads either a git manifest (line \(gitKey.line)) or a registry, not both")
            }
            for key in ["api", "url", "refreshAfter"] {
                if let (other, _) = values[key] {
                    throw .invalidValue(file: file, line: other.line, key: key, value: key,
                                        problem: "'\(key)' applies to registry catalogs only")
                }
            }
            let git = try string(gitNode, key: "git")
            let branch = try values["branch"].map { pair throws(PolicyError) in try string(pair.1, key: "branch") } ?? "main"
            let manifest = try values["manifest"].map { pair throws(PolicyError) in try string(pair.1, key: "manifest") } ?? "manifest.json"
            return CatalogSource(repository: repository, kind: .manifest(git: git, branch: branch, path: manifest),
                                 line: line(node))
        }
        guard let (registryKey, registryNode) = values["registry"] else {
            throw .missingKey(file: file, line: line(node), key: "git' or 'registry", in: "a catalog")
        }
        guard try boolean(registryNode, key: "registry") else {
            throw .invalidValue(file: file, line: registryKey.line, key: "registry", value: "false",
                                problem: "set 'registry: true' to read tags from the registry, or use 'git:'")
        }
        for key in ["branch", "manifest"] {
            if let (other, _) = values[key] {
                throw .invalidValue(file: file, line: other.line, key: key, value: key,
                                    problem: "'\(key)' applies to git manifest catalogs only")
            }
        }
        let url = try values["url"].map { pair throws(PolicyError) in try baseURL(pair.1) }
        let refreshAfter = try values["refreshAfter"].map { pair throws(PolicyError) in
            try duration(pair.1, key: "refreshAfter")
        }
        let api = try values["api"].map { pair throws(PolicyError) in try string(pair.1, key: "api") } ?? "distribution"
        switch api {
        case "distribution":
            return CatalogSource(repository: repository, kind: .registry(url: url), line: line(node),
                                 refreshAfter: refreshAfter)
        case "mcr-catalog":
            return CatalogSource(repository: repository, kind: .mcrCatalog(url: url), line: line(node),
                                 refreshAfter: refreshAfter)
        default:
            throw .invalidValue(file: file, line: values["api"].map { line($0.1) } ?? line(node), key: "api", value: api,
                                problem: "expected 'distribution' (OCI /v2 API) or 'mcr-catalog' (/api/v1/catalog)")
        }
    }

    func baseURL(_ node: Node) throws(PolicyError) -> String {
        let text = try string(node, key: "url")
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw .invalidValue(file: file, line: line(node), key: "url", value: text,
                                problem: "expected an http:// or https:// base URL such as https://registry.example.com")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    func deprecation(_ node: Node) throws(PolicyError) -> Deprecation {
        var match: ImagePattern?
        var reason: String?
        var replacement: String?
        for (key, value) in try mapping(node, named: "a deprecation", allowed: ["match", "reason", "replacement"]) {
            switch key.text {
            case "match": match = try pattern(value, key: "match")
            case "reason": reason = try string(value, key: "reason")
            case "replacement": replacement = try imageReference(value, key: "replacement")
            default: break
            }
        }
        guard let match else { throw .missingKey(file: file, line: line(node), key: "match", in: "a deprecation") }
        guard let reason else { throw .missingKey(file: file, line: line(node), key: "reason", in: "a deprecation") }
        return Deprecation(match: match, reason: reason, replacement: replacement)
    }

    func severities(_ node: Node) throws(PolicyError) -> [RuleID: Severity?] {
        var result: [RuleID: Severity?] = [:]
        let ruleNames = RuleID.allCases.map(\.rawValue)
        for (key, value) in try mapping(node, named: "severities", allowed: ruleNames) {
            guard let rule = RuleID(rawValue: key.text) else { continue }
            let text = try string(value, key: key.text)
            if text == "off" {
                result[rule] = .some(nil)
            } else if let severity = Severity(rawValue: text) {
                result[rule] = severity
            } else {
                throw .invalidValue(file: file, line: line(value), key: key.text, value: text,
                                    problem: "expected error, warning, note or off")
            }
        }
        return result
    }
}

extension YamlError {
    /// The 1-based line the problem is on, when libyaml reported one.
    var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        case .duplicatedKeysInMapping(_, let context):
            return context.mark.line
        default:
            return nil
        }
    }

    /// The problem without the echoed YAML snippet.
    var problem: String {
        switch self {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicate keys \(duplicates.joined(separator: ", "))"
        default:
            return String(describing: self)
        }
    }
}
