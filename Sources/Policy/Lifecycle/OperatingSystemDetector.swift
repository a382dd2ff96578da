import Extraction

/// An operating system release recognized in an image reference, with what gave it away.
public struct DetectedOperatingSystem: Sendable, Hashable {
    /// The release, with its end-of-life date.
    public var release: OperatingSystemRelease
    /// The part of the reference that names it (`tag 'ubuntu-18.04-helix-amd64'`, `image 'debian:buster'`).
    public var evidence: String
    /// Where in the tag the OS marker starts and ends (for rewriting it in a suggestion); `nil` when the
    /// OS comes from the repository name with a bare version tag.
    public var tagRange: Range<Int>?
}

/// Recognizes which distribution release an image is built on, from the repository (official OS images
/// such as `debian:buster`, `ubuntu:16.04`, `centos:7`, `mcr.microsoft.com/cbl-mariner/base/core:2.0`) or
/// from OS markers inside the tag (`ubuntu-18.04-helix-amd64`, `alpine-3.13-WithNode`, `8.0-bookworm-slim`,
/// `6.0-cbl-mariner2.0`).
public enum OperatingSystemDetector {
    /// Repositories that *are* a distribution: their tag starts with its version or codename.
    static let distributionRepositories: [(pattern: String, os: OperatingSystem)] = [
        ("docker.io/library/ubuntu", .ubuntu),
        ("docker.io/library/debian", .debian),
        ("docker.io/library/alpine", .alpine),
        ("docker.io/library/centos", .centos),
        ("quay.io/centos/centos", .centos),
        ("docker.io/library/fedora", .fedora),
        ("registry.fedoraproject.org/fedora", .fedora),
        ("quay.io/fedora/fedora", .fedora),
        ("docker.io/opensuse/leap", .opensuseLeap),
        ("registry.opensuse.org/opensuse/leap", .opensuseLeap),
        ("docker.io/library/amazonlinux", .amazonLinux),
        ("public.ecr.aws/amazonlinux/amazonlinux", .amazonLinux),
        ("mcr.microsoft.com/cbl-mariner/", .azureLinux),
        ("mcr.microsoft.com/azurelinux/", .azureLinux),
    ]

    /// Markers that introduce a version inside a tag, longest first so `centos-stream` wins over `centos`.
    static let tagMarkers: [(marker: String, os: OperatingSystem)] = [
        ("centos-stream", .centosStream), ("centosstream", .centosStream),
        ("cbl-mariner", .azureLinux), ("azurelinux", .azureLinux), ("amazonlinux", .amazonLinux),
        ("opensuse-leap", .opensuseLeap), ("opensuse.leap", .opensuseLeap), ("opensuse", .opensuseLeap),
        ("mariner", .azureLinux), ("ubuntu", .ubuntu), ("debian", .debian), ("alpine", .alpine),
        ("centos", .centos), ("fedora", .fedora), ("leap", .opensuseLeap), ("rhel", .rhel), ("ubi", .rhel),
    ]

    /// The release `reference` is built on, or `nil` when nothing in it names one.
    public static func detect(in reference: ImageReference) -> DetectedOperatingSystem? {
        guard reference.isValid, let name = reference.nameWithoutTag else { return nil }
        let tag = reference.tag?.lowercased()
        let shownImage = "\(reference.familiarName ?? name)\(reference.tag.map { ":\($0)" } ?? "")"

        if let os = distributionRepositories.first(where: { name == $0.pattern || (($0.pattern.hasSuffix("/")) && name.hasPrefix($0.pattern)) })?.os,
           let tag, let release = leadingRelease(of: tag, os: os) {
            return DetectedOperatingSystem(release: release, evidence: "image '\(shownImage)'", tagRange: nil)
        }
        if let release = redHatRelease(repository: name) {
            return DetectedOperatingSystem(release: release, evidence: "image '\(shownImage)'", tagRange: nil)
        }
        if let tag, let found = detect(inTag: tag) {
            return DetectedOperatingSystem(release: found.release, evidence: "tag '\(reference.tag ?? tag)'",
                                           tagRange: found.tagRange)
        }
        return nil
    }

    /// The release an OS marker inside `tag` names (`ubuntu-18.04-helix-amd64`, `node-16-alpine3.13`).
    public static func detect(inTag tag: String) -> DetectedOperatingSystem? {
        let text = Array(tag.lowercased())
        for start in text.indices where start == 0 || !isAlphanumeric(text[start - 1]) {
            for (marker, os) in tagMarkers where matches(marker, in: text, at: start) {
                var index = start + marker.count
                if index < text.count, text[index] == "-" || text[index] == "." || text[index] == "_" { index += 1 }
                let versionStart = index
                while index < text.count, text[index].isNumber || (text[index] == "." && index + 1 < text.count && text[index + 1].isNumber) {
                    index += 1
                }
                guard index > versionStart, index == text.count || !text[index].isLetter else { continue }
                let version = String(text[versionStart..<index])
                if let release = EndOfLifeTable.release(os, version: version) {
                    return DetectedOperatingSystem(release: release, evidence: "tag '\(tag)'", tagRange: start..<index)
                }
            }
            // Codenames stand alone between separators: `bookworm-slim`, `3.12-slim-buster`.
            var end = start
            while end < text.count, text[end].isLetter { end += 1 }
            guard end > start, end == text.count || !isAlphanumeric(text[end]) else { continue }
            let word = String(text[start..<end])
            for os in [OperatingSystem.ubuntu, .debian] {
                if let release = EndOfLifeTable.release(os, codename: word) {
                    return DetectedOperatingSystem(release: release, evidence: "tag '\(tag)'", tagRange: start..<end)
                }
            }
        }
        if let range = wordRange("al2023", in: text), let release = EndOfLifeTable.release(.amazonLinux, version: "2023") {
            return DetectedOperatingSystem(release: release, evidence: "tag '\(tag)'", tagRange: range)
        }
        if let range = wordRange("al2", in: text), let release = EndOfLifeTable.release(.amazonLinux, version: "2") {
            return DetectedOperatingSystem(release: release, evidence: "tag '\(tag)'", tagRange: range)
        }
        return nil
    }

    /// The release named at the start of the tag of a distribution repository: `16.04`, `xenial-20210416`,
    /// `10.13-slim`, `buster-slim`, `centos7`, `stream9`, `2.0.20230119`.
    static func leadingRelease(of tag: String, os: OperatingSystem) -> OperatingSystemRelease? {
        var rest = Substring(tag)
        var os = os
        if os == .centos {
            if rest.hasPrefix("stream") {
                os = .centosStream
                rest = rest.dropFirst("stream".count)
            } else if rest.hasPrefix("centos") {
                rest = rest.dropFirst("centos".count)
            }
        }
        let digits = rest.prefix { $0.isNumber || $0 == "." }
        if !digits.isEmpty {
            return EndOfLifeTable.release(os, version: String(digits.trimmingSuffix(".")))
        }
        let word = rest.prefix { $0.isLetter }
        return word.isEmpty ? nil : EndOfLifeTable.release(os, codename: String(word))
    }

    /// UBI and RHEL images carry their major version in the repository name (`ubi8/ubi`, `rhel7`).
    static func redHatRelease(repository: String) -> OperatingSystemRelease? {
        let redHatHosts = ["registry.access.redhat.com/", "registry.redhat.io/", "docker.io/redhat/"]
        guard redHatHosts.contains(where: repository.hasPrefix) else { return nil }
        for component in repository.split(separator: "/").dropFirst() {
            for prefix in ["ubi", "rhel"] where component.hasPrefix(prefix) {
                let version = component.dropFirst(prefix.count).prefix { $0.isNumber }
                if !version.isEmpty, let release = EndOfLifeTable.release(.rhel, version: String(version)) {
                    return release
                }
            }
        }
        return nil
    }

    private static func matches(_ marker: String, in text: [Character], at start: Int) -> Bool {
        let characters = Array(marker)
        guard start + characters.count <= text.count else { return false }
        return Array(text[start..<start + characters.count]) == characters
    }

    private static func wordRange(_ word: String, in text: [Character]) -> Range<Int>? {
        for start in text.indices where start == 0 || !isAlphanumeric(text[start - 1]) {
            let end = start + word.count
            if matches(word, in: text, at: start), end == text.count || !isAlphanumeric(text[end]) {
                return start..<end
            }
        }
        return nil
    }

    private static func isAlphanumeric(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }
}

extension Substring {
    fileprivate func trimmingSuffix(_ suffix: Character) -> Substring {
        var result = self
        while result.last == suffix { result = result.dropLast() }
        return result
    }
}
