/// Extracts the images a Dockerfile or Containerfile names (SPEC §3, tier 1) with BuildKit's
/// semantics: `FROM`, `COPY --from`, `RUN --mount=…,from=`, their `ONBUILD` forms and the
/// `# syntax=` frontend, with build arguments substituted where the file alone decides their value.
public enum DockerfileExtractor {
    /// Bumped whenever the facts extracted from the same text could change.
    public static let version = 2

    /// The facts of one Dockerfile; `text` is already decoded and may start with a BOM and use CRLF.
    public static func extract(text: String) -> FileFacts {
        var walker = StageWalker(lexed: DockerfileLexer.lex(text))
        return walker.walk()
    }
}
