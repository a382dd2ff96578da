import Foundation
import Extraction

/// A policy's way of naming images: a repository (exact, or a glob such as `mcr.microsoft.com/dotnet/*`)
/// and optionally a tag glob (`…/prereqs:centos-7*`).
///
/// Names are normalized as image references are, so `ubuntu:16.04` means `docker.io/library/ubuntu:16.04`.
/// `*` matches across `/`, so `registry/prefix/*` covers every repository below the prefix. A pattern
/// without a tag matches every tag and digest of the repositories it names.
public struct ImagePattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written in the policy.
    public let text: String
    /// The line of the policy it was written on (0 when built in code).
    public let line: Int
    /// Glob over `registry/repository`.
    public let name: Glob
    /// Glob over the tag Docker would pull (`latest` when none is written); `nil` matches any tag.
    public let tag: Glob?

    /// Parses and validates `text`; the error message says what is wrong.
    public init(_ text: String, line: Int = 0) throws(Glob.SyntaxError) {
        self.text = text
        self.line = line
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw Glob.SyntaxError(problem: "the pattern is empty") }
        guard !trimmed.contains("@") else {
            throw Glob.SyntaxError(problem: "digests cannot be matched; name the repository and, optionally, a tag")
        }
        var namePart = Substring(trimmed)
        var tagPart: Substring?
        let afterLastSlash = trimmed.lastIndex(of: "/").map { trimmed.index(after: $0) } ?? trimmed.startIndex
        if let colon = trimmed[afterLastSlash...].lastIndex(of: ":") {
            namePart = trimmed[..<colon]
            tagPart = trimmed[trimmed.index(after: colon)...]
        }
        let nameGlob = try Glob(Self.normalizedName(namePart))
        let tagGlob = try tagPart.map { tagText throws(Glob.SyntaxError) in try Glob(String(tagText)) }

        // Check what is literal against the reference grammar, with every wildcard standing for a letter.
        var probe = nameGlob.filled(with: "x")
        if let tagGlob { probe += ":" + tagGlob.filled(with: "x") }
        let parsed = ImageReference.parse(probe)
        guard parsed.isValid else {
            throw Glob.SyntaxError(problem: parsed.invalidReason ?? "not an image reference")
        }
        self.name = nameGlob
        self.tag = tagGlob
    }

    /// Whether the pattern covers `reference` (a valid parsed reference; invalid ones never match).
    public func matches(_ reference: ImageReference) -> Bool {
        guard let fullName = reference.nameWithoutTag, name.matches(fullName) else { return false }
        guard let tag else { return true }
        guard let effectiveTag = reference.effectiveTag else { return false }
        return tag.matches(effectiveTag)
    }

    /// Whether the pattern covers a whole repository `registry/repository`, whatever its tag.
    public func matches(repository fullName: String) -> Bool {
        tag == nil && name.matches(fullName)
    }

    /// The pattern as written.
    public var description: String { text }

    /// `registry/path` as Docker would normalize the literal parts: a first component that is not a host
    /// means Docker Hub, and a lone official name gets `library/`.
    static func normalizedName(_ name: Substring) -> String {
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard let first = components.first else { return String(name) }
        let isHost = components.count > 1
            && (first == "localhost" || first.contains(".") || first.contains(":"))
        if isHost {
            let host = first == Substring(ImageReference.legacyDockerHubRegistry)
                ? ImageReference.dockerHubRegistry : String(first)
            let rest = components.dropFirst().joined(separator: "/")
            if host == ImageReference.dockerHubRegistry && components.count == 2 && !rest.contains(where: { "*?[".contains($0) }) {
                return "\(host)/\(ImageReference.officialNamespace)/\(rest)"
            }
            return "\(host)/\(rest)"
        }
        if components.count == 1 && !name.contains(where: { "*?[".contains($0) }) {
            return "\(ImageReference.dockerHubRegistry)/\(ImageReference.officialNamespace)/\(name)"
        }
        return "\(ImageReference.dockerHubRegistry)/\(name)"
    }
}
