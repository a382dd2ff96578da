/// The properties one MSBuild file sets in its `PropertyGroup`s, for resolving `$(Name)` in that file.
///
/// Only what the file itself says is known: a property set once (or always to the same value) resolves;
/// one set to different values (under different `Condition`s, or appended to), one set by MSBuild
/// (`MSBuild*`), one the file does not set, property functions `$([…])`/`$(P.Replace(…))`, item lists
/// `@(…)` and metadata `%(…)` leave the value unresolved with a reason.
struct MSBuildProperties {
    /// Lower-cased property name -> distinct values, in file order.
    private var values: [String: [String]] = [:]
    /// Each property's expansion, computed once: a property used a thousand times by another that is
    /// used a thousand times would otherwise be expanded a million times.
    private final class Memo {
        var expansions: [String: Result<String, ResolutionFailure>] = [:]
    }
    private var memo = Memo()

    mutating func define(_ name: String, value: String) {
        memo = Memo()
        let key = name.lowercased()
        if !(values[key] ?? []).contains(value) { values[key, default: []].append(value) }
    }

    /// The fact value of `text` with its `$(…)` references replaced.
    func imageExpression(_ text: String) -> ImageExpression {
        switch expand(text, depth: 0) {
        case .success(let image): .literal(image)
        case .failure(let failure): .unresolved(reason: failure.reason)
        }
    }

    private static let maxDepth = 16
    /// Longest expansion kept: properties that repeat each other (`$(B)$(B)` where B is `$(C)$(C)` …)
    /// would otherwise double at every level.
    static let maxExpandedLength = 8 * 1024

    private func expand(_ text: String, depth: Int) -> Result<String, ResolutionFailure> {
        if text.contains("@(") { return .failure(ResolutionFailure(reason: "\(text) uses an item list")) }
        if text.contains("%(") { return .failure(ResolutionFailure(reason: "\(text) uses item metadata")) }
        guard text.contains("$(") else { return .success(text) }
        if depth >= Self.maxDepth {
            return .failure(ResolutionFailure(reason: "properties refer to each other more than \(Self.maxDepth) levels deep (a cycle?)"))
        }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "$(") {
            out += rest[..<open.lowerBound]
            guard let close = Self.matchingParenthesis(in: rest, after: open.upperBound) else {
                return .failure(ResolutionFailure(reason: "\(text) has an unclosed $("))
            }
            let name = String(rest[open.upperBound..<close])
            guard let first = name.first, first.isLetter || first == "_",
                  name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                return .failure(ResolutionFailure(reason: "$(\(name)) is a property function, evaluated only by MSBuild"))
            }
            let expansion: Result<String, ResolutionFailure>
            if let known = memo.expansions[name.lowercased()] {
                expansion = known
            } else {
                expansion = value(of: name).flatMap { expand($0, depth: depth + 1) }
                memo.expansions[name.lowercased()] = expansion
            }
            switch expansion {
            case .success(let expanded):
                out += expanded
                if out.utf8.count > Self.maxExpandedLength {
                    return .failure(ResolutionFailure(reason:
                        "\(text) expands to more than \(Self.maxExpandedLength) bytes through its properties"))
                }
            case .failure(let failure):
                return .failure(failure)
            }
            rest = rest[rest.index(after: close)...]
        }
        return .success(out + rest)
    }

    /// The `)` closing the `$(` whose body starts at `start`, counting nested parentheses.
    private static func matchingParenthesis(in text: Substring, after start: Substring.Index) -> Substring.Index? {
        var depth = 1
        var index = start
        while index < text.endIndex {
            if text[index] == "(" { depth += 1 }
            if text[index] == ")" {
                depth -= 1
                if depth == 0 { return index }
            }
            index = text.index(after: index)
        }
        return nil
    }

    private func value(of name: String) -> Result<String, ResolutionFailure> {
        let key = name.lowercased()
        if key.hasPrefix("msbuild") {
            return .failure(ResolutionFailure(reason: "$(\(name)) is set by MSBuild when it runs"))
        }
        let defined = values[key] ?? []
        if defined.count == 1, let only = defined.first { return .success(only) }
        if defined.isEmpty {
            return .failure(ResolutionFailure(reason: "property \(name) is not set in this file"))
        }
        return .failure(ResolutionFailure(reason: "property \(name) is set to \(defined.count) different values in this file"))
    }
}
