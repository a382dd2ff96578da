import Extraction
import Policy

/// Which usages to move, and to what.
public enum MigrationSelection: Sendable {
    /// Every usage whose image (as resolved, or normalized) matches the glob moves to one image.
    case image(from: Glob, to: String)
    /// Each usage moves to the replacement its findings suggest, keyed by where the usage stands.
    case suggested([SuggestedUsage: String])

    /// Where a usage with a suggestion stands: a repository's branch, a file's line, a kind and an image.
    public struct SuggestedUsage: Hashable, Sendable {
        /// The repository's display name.
        public var repository: String
        /// The branch name.
        public var branch: String
        /// Repository-relative path of the usage.
        public var path: String
        /// 1-based line of the usage.
        public var line: Int
        /// `<source>/<what>` of the usage.
        public var kind: String
        /// The image the usage resolves to today.
        public var image: String

        /// A key with every field given.
        public init(repository: String, branch: String, path: String, line: Int, kind: String, image: String) {
            self.repository = repository
            self.branch = branch
            self.path = path
            self.line = line
            self.kind = kind
            self.image = image
        }
    }

    /// The image `usage` of `repository`'s `branch` moves to, or nil when it is not selected (or is
    /// already there).
    public func target(for usage: Usage, repository: String, branch: String) -> String? {
        let target: String?
        switch self {
        case .image(let from, let to):
            target = Self.matches(from, image: usage.image) ? to : nil
        case .suggested(let suggestions):
            target = suggestions[SuggestedUsage(repository: repository, branch: branch, path: usage.path,
                                                line: usage.line, kind: usage.kind, image: usage.image)]
        }
        return target == usage.image ? nil : target
    }

    /// Whether an unresolved reference's text names a selected image, so that leaving it alone is reported.
    public func mentions(unresolved reference: Reference) -> Bool {
        guard case .image(let from, _) = self, reference.image == nil else { return false }
        return from.matches(reference.raw)
    }

    /// The glob matches the image as resolved or normalized (as `census refs --image` does).
    static func matches(_ glob: Glob, image: String) -> Bool {
        if glob.matches(image) { return true }
        guard let normalized = ImageReference.parse(image).normalized else { return false }
        return glob.matches(normalized)
    }
}
