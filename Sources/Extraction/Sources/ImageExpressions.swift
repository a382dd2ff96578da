/// Turns image text that a source does not interpret further into an `ImageExpression`: literal unless it
/// carries a templating or variable syntax that only a run (or another tool) can expand.
enum ImageExpressions {
    /// `raw` as a literal image, or unresolved with a reason naming the syntax that hides it.
    static func plain(_ raw: String) -> ImageExpression {
        if let reason = unresolvedReason(raw) { return .unresolved(reason: reason) }
        return .literal(raw)
    }

    /// Why `raw` cannot be taken literally, or `nil` when it can.
    static func unresolvedReason(_ raw: String) -> String? {
        // A raw text without `$`, `{` or `<` (most images) is taken literally after three byte searches.
        guard raw.containsByte(UInt8(ascii: "$")) || raw.containsByte(UInt8(ascii: "{"))
                || raw.containsByte(UInt8(ascii: "<")) else { return nil }
        if raw.containsBytes(of: "${{") { return "GitHub Actions/Azure expression is evaluated when the pipeline runs" }
        if raw.containsBytes(of: "$[[") { return "CI/CD input is set by the including pipeline" }
        if raw.containsBytes(of: "{{") { return "template expression is rendered by a templating tool" }
        if raw.containsBytes(of: "<<") && raw.containsBytes(of: ">>") { return "CircleCI parameter is set where the job is used" }
        if raw.containsBytes(of: "$(") { return "$(…) is substituted when the pipeline or tool runs" }
        if raw.containsByte(UInt8(ascii: "$")) { return "variable is substituted outside this file (by the tool or pipeline that uses it)" }
        return nil
    }
}
