/// Extracts the images a Dockerfile or Containerfile names (docs/extraction.md) with BuildKit's
/// semantics: `FROM`, `COPY --from`, `RUN --mount=…,from=`, their `ONBUILD` forms and the
/// `# syntax=` frontend, with build arguments substituted where the file alone decides their value.
public enum DockerfileExtractor {
    /// Bumped whenever the facts extracted from the same text could change.
    public static let version = 7

    /// The facts of one Dockerfile; `text` is already decoded and may start with a BOM and use CRLF.
    /// Reading stops with a warning once `budget` (by default one sized for the text) is spent.
    public static func extract(text: String, budget: ExtractionBudget? = nil) -> FileFacts {
        let budget = budget ?? ExtractionBudget(steps: ExtractionBudget.defaultSteps(forBytes: text.utf8.count))
        var walker = StageWalker(lexed: DockerfileLexer.lex(text), budget: budget)
        var facts = walker.walk()
        if let warning = budget.warning { facts.warnings.append(warning) }
        return facts
    }
}
