/// How the facts of a local build name the Dockerfile it builds, so that a report can tell which
/// Dockerfile an image published by the fleet comes from.
///
/// A build reference (`compose/build`, `devcontainer/build`, `github-actions/action-dockerfile`) is
/// unresolved with the reason `built locally from <Dockerfile>`; a reference that evaluates a Dockerfile's
/// `FROM` with passed arguments (`compose/build-base`, `imagebuilder/build-base`) or names a build's result
/// (`bake/build-tag`) ends its context with the Dockerfile in parentheses: `… (docker/app/Dockerfile)`.
public enum LocalBuild {
    static let reasonPrefix = "built locally from "

    /// The reason of a build reference whose Dockerfile is `dockerfile`.
    static func reason(dockerfile: String) -> String {
        reasonPrefix + dockerfile
    }

    /// The Dockerfile a build reference's reason names, or `nil` when it names none.
    public static func dockerfile(reason: String?) -> String? {
        guard let reason, reason.hasPrefix(reasonPrefix) else { return nil }
        let path = String(reason.dropFirst(reasonPrefix.count))
        return path.isEmpty ? nil : path
    }

    /// The Dockerfile a context ends with (`target app tags (docker/Dockerfile)`), ignoring an alias note
    /// (`(via *anchor)`) after it; `nil` when the context names none.
    public static func dockerfile(context: String?) -> String? {
        guard var text = context else { return nil }
        if text.hasSuffix(")"), let via = text.range(of: " (via *", options: .backwards) {
            text = String(text[..<via.lowerBound])
        }
        guard text.hasSuffix(")"), let open = text.range(of: " (", options: .backwards) else { return nil }
        let path = String(text[open.upperBound..<text.index(before: text.endIndex)])
        return path.isEmpty || path.hasPrefix("via *") ? nil : path
    }
}
