/// PLACEHOLDER: Dockerfile extraction lands with the Dockerfile work.
public enum DockerfileExtractor {
    public static let version = 1
    public static func extract(text: String) -> FileFacts { .empty }
}
