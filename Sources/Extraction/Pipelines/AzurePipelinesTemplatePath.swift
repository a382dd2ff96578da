/// Where a `template:` reference points: a file of this repository, a file of another repository
/// (`path@alias` with an alias other than `self`), or a path computed by an expression.
enum AzurePipelinesTemplatePath: Hashable {
    /// A repository-relative, normalized path in the same branch.
    case local(String)
    /// A template in another repository; its content is not in this branch.
    case otherRepository(path: String, repository: String)
    /// A path census cannot know, with the reason.
    case unknown(String)

    /// The target of `template: raw` written in the file at `includer` (repository-relative).
    /// A path starting with `/` is rooted at the repository; any other is relative to the including file.
    static func resolve(_ raw: String, includer: String) -> AzurePipelinesTemplatePath {
        var path = raw
        if let at = raw.lastIndex(of: "@") {
            let repository = String(raw[raw.index(after: at)...])
            path = String(raw[..<at])
            if repository != "self" {
                return .otherRepository(path: path, repository: repository)
            }
        }
        if path.contains("${{") || path.contains("$(") || path.contains("$[") {
            return .unknown("template path \(raw) is computed by an expression")
        }
        path = path.replacingBackslashes
        var parts: [Substring] = []
        if !path.hasPrefix("/") {
            parts = includer.split(separator: "/").dropLast()
        }
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return .unknown("template path \(raw) climbs above the repository root") }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        guard !parts.isEmpty else { return .unknown("template path \(raw) is empty") }
        return .local(parts.joined(separator: "/"))
    }
}

private extension String {
    /// The path with Windows separators turned into `/`.
    var replacingBackslashes: String {
        String(map { $0 == "\\" ? "/" : $0 })
    }
}
