import Extraction
import Foundation

/// Chooses the closest current standard image for an outdated, removed, deprecated or end-of-life one.
///
/// In order: the policy's explicit `replacement` for a deprecation that matches; else, with a catalog,
/// the current tag of the same family (same variant words and architecture, e.g. `cross` + `arm64`) on
/// the newest supported OS — preferring the same distribution, then an approved base, then the latest
/// end of life; else, for an official distribution image (`debian:buster-slim`), the same tag style on
/// the distribution's newest supported release. Otherwise nothing is suggested rather than guessed.
public enum ReplacementAdvisor {
    /// Architecture words and their canonical spelling.
    static let architectures: [String: String] = [
        "amd64": "amd64", "x64": "amd64", "x86_64": "amd64", "arm64": "arm64", "arm64v8": "arm64", "aarch64": "arm64",
        "arm": "arm", "arm32": "arm", "arm32v7": "arm", "armhf": "arm", "armel": "armel", "x86": "x86", "s390x": "s390x",
        "ppc64le": "ppc64le", "riscv64": "riscv64", "loongarch64": "loongarch64",
    ]

    /// The suggestion for `image`, or `nil` when none can be known.
    public static func suggest(for image: ImageReference, policy: PolicyDocument, catalog: Catalog?, now: Date) -> Suggestion? {
        if let deprecation = policy.deprecated.first(where: { $0.match.matches(image) }), let replacement = deprecation.replacement {
            return Suggestion(image: replacement,
                              reason: "the policy names it as the replacement for '\(deprecation.match.text)'")
        }
        if let catalog, let tag = image.tag {
            // A timestamped build is replaced by the current floating tag it was built from, if any.
            return closestCurrent(to: TagTimestamp.parse(tag)?.base ?? tag, excluding: tag, image: image,
                                  catalog: catalog, policy: policy, now: now)
        }
        return distributionSuccessor(of: image, now: now)
    }

    /// A tag split into its OS release, architecture and remaining variant words.
    struct TagShape {
        var os: OperatingSystemRelease?
        var architecture: String?
        var variant: [String]

        init(_ tag: String) {
            let lower = tag.lowercased()
            let detected = OperatingSystemDetector.detect(inTag: lower)
            os = detected?.release
            var text = Array(lower)
            if let range = detected?.tagRange { text.replaceSubrange(range, with: []) }
            var words = String(text).split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
            if let last = words.last, let architecture = ReplacementAdvisor.architectures[last] {
                self.architecture = architecture
                words.removeLast()
            }
            variant = words
        }

        /// The variant words that name the family: those without digits (`cross`, `helix`, `withnode`).
        var family: [String] { variant.filter { !$0.contains(where: \.isNumber) } }

        /// The shape of `tag`, worked out once per process: every reference judged against a catalog is
        /// compared with each of its current tags, and detecting a tag's OS release is the costly part.
        static func of(_ tag: String) -> TagShape {
            memo.value(for: tag) { TagShape(tag) }
        }

        /// Shapes by tag, bounded (catalogs hold thousands of tags).
        private static let memo = BoundedMemo<String, TagShape>(generationSize: 32_768)
    }

    static func closestCurrent(to tag: String, excluding usedTag: String, image: ImageReference, catalog: Catalog,
                               policy: PolicyDocument, now: Date) -> Suggestion? {
        let wanted = TagShape(tag)
        struct Candidate {
            var tag: String
            var shape: TagShape
            var reference: ImageReference
            var approved: Bool
            var extraWords: Int
        }
        var candidates: [Candidate] = []
        for entry in catalog.currentTags where entry.tag != usedTag && TagTimestamp.parse(entry.tag) == nil {
            let shape = TagShape.of(entry.tag)
            guard let os = shape.os, !os.isEndOfLife(at: now) else { continue }
            guard !(entry.lifecycle?.isEndOfLife(at: now) ?? false) else { continue }
            guard shape.architecture == wanted.architecture
                || (wanted.architecture == nil && shape.architecture == "amd64")
                || (wanted.architecture == "amd64" && shape.architecture == nil) else { continue }
            // Words with digits (`net8.0`, `llvm17`) are versions that move on; the others name the family.
            guard wanted.family.allSatisfy(shape.variant.contains) else { continue }
            guard let reference = image.withTag(entry.tag), reference.isValid else { continue }
            guard !policy.deprecated.contains(where: { $0.match.matches(reference) }) else { continue }
            candidates.append(Candidate(tag: entry.tag, shape: shape, reference: reference,
                                        approved: policy.approvedBaseImages.contains { $0.matches(reference) },
                                        extraWords: shape.variant.count - wanted.variant.count))
        }
        let sameDistribution = candidates.contains { $0.shape.os?.os == wanted.os?.os && wanted.os != nil }
        if sameDistribution { candidates.removeAll { $0.shape.os?.os != wanted.os?.os } }
        let farFuture = Date.distantFuture
        candidates.sort { a, b in
            if a.approved != b.approved { return a.approved }
            let aEnd = a.shape.os?.endOfLifeDate ?? farFuture, bEnd = b.shape.os?.endOfLifeDate ?? farFuture
            if aEnd != bEnd { return aEnd > bEnd }
            if a.extraWords != b.extraWords { return a.extraWords < b.extraWords }
            return a.tag < b.tag
        }
        guard let best = candidates.first, let name = best.reference.normalized, let os = best.shape.os else { return nil }
        let family = wanted.family.isEmpty ? "" : "'\(wanted.family.joined(separator: "-"))' "
        let architecture = wanted.architecture ?? best.shape.architecture ?? "any architecture"
        let where_ = sameDistribution ? "the newest supported \(os.os.displayName) release" : "the newest supported OS"
        return Suggestion(image: shortName(name),
                          reason: "the current tag of the same \(family)family for \(architecture) on \(os.displayName), \(where_) in the catalog of \(catalog.repository) that has one")
    }

    static func distributionSuccessor(of image: ImageReference, now: Date) -> Suggestion? {
        guard let tag = image.tag, let detected = OperatingSystemDetector.detect(in: image), detected.tagRange == nil,
              let newest = EndOfLifeTable.newestSupported(detected.release.os, at: now),
              newest != detected.release else { return nil }
        let release = detected.release
        var words = tag.split(separator: "-").map(String.init)
        guard let first = words.first else { return nil }
        if let codename = release.codename, first.lowercased() == codename, let newCodename = newest.codename {
            words[0] = newCodename
        } else if first.lowercased().hasPrefix("centos") || first.lowercased().hasPrefix("stream") {
            return nil
        } else {
            words[0] = newest.version
        }
        // A date stamp (`xenial-20210416`) pins an old snapshot; the successor floats on its release.
        words.removeAll { $0.count == 8 && $0.allSatisfy(\.isNumber) }
        guard let successor = image.withTag(words.joined(separator: "-")), successor.isValid,
              let normalized = successor.normalized else { return nil }
        return Suggestion(image: shortName(normalized),
                          reason: "\(newest.displayName) is the newest supported \(release.os.displayName) release")
    }

    /// `docker.io/library/debian:12` → `debian:12`; other registries unchanged.
    static func shortName(_ normalized: String) -> String {
        let parsed = ImageReference.parse(normalized)
        guard let familiar = parsed.familiarName else { return normalized }
        return familiar + (parsed.tag.map { ":\($0)" } ?? "")
    }
}
