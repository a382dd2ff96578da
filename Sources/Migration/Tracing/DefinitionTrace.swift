import Extraction
import Foundation

/// Where the image text of every selected usage of one branch is written, found by asking the branch's
/// own extractors and resolution. Every whole-token occurrence of a selected image's text in a file that
/// may hold it is a candidate site; the candidate is replaced in the file's bytes by a unique probe value,
/// the file is extracted again, the files it can affect are resolved again (`ResolutionImpact`), and every
/// usage that now holds the probe is one the site feeds. This follows every rule of the extractors and the
/// resolver (ARG scopes, nearest-first lookups, template parameters and their callers, aliases, `.env`
/// files, matrices) without restating any of them, and a site is exactly the bytes that are rewritten.
public struct DefinitionTrace: Sendable {
    /// What one site feeds.
    public struct Feed: Hashable, Sendable {
        /// The usage as it resolves today.
        public var usage: Usage
        /// The image text before and after the site's text, when the site's text is one part of the
        /// image (`prereqs:` before a tag an ARG gives); both empty when the site writes the whole image.
        public var prefix: String
        /// The image text after the site's text.
        public var suffix: String

        /// True when the site's text is the whole image of the usage, not a part of a longer one.
        public var whole: Bool { prefix.isEmpty && suffix.isEmpty }

        /// The text the site must hold for the usage to become `target`; nil when no text can do it.
        func text(for target: String) -> String? {
            guard target.count > prefix.count + suffix.count, target.hasPrefix(prefix), target.hasSuffix(suffix) else { return nil }
            let text = String(target.dropFirst(prefix.count).dropLast(suffix.count))
            return text.isEmpty ? nil : text
        }
    }

    /// Selected usages and the image each moves to.
    public let targets: [Usage: String]
    /// Every candidate site, with the usages it feeds (empty: it feeds none, like a comment).
    public let feeds: [DefinitionSite: [Feed]]
    /// Unresolved references whose text names a selected image: never edited, reported.
    public let unresolved: [Reference]

    /// Traces the selected usages of one branch, given every file's facts and kind, a way to read a file's
    /// bytes, and the branch's references.
    public static func trace(files: [String: FileFacts], kinds: [String: FileKind], content: (String) throws -> [UInt8]?,
                             references: [Reference], target: (Usage) -> String?,
                             mentions: (Reference) -> Bool = { _ in false }) rethrows -> DefinitionTrace {
        var targets: [Usage: String] = [:]
        for reference in references {
            guard let usage = Usage(reference), let image = target(usage), image != usage.image else { continue }
            targets[usage] = image
        }
        let values = Set(targets.keys.map(\.image))
        let parts = Set(values.flatMap(segments)).subtracting(values)
        var sites: [(DefinitionSite, [UInt8], FileKind)] = []
        for path in candidatePaths(files: files, targets: targets, values: values, parts: parts) {
            guard let kind = kinds[path], let bytes = try content(path) else { continue }
            for value in values.union(parts).sorted() where sites.count < maxProbes {
                for found in TextOccurrences.find(Array(value.utf8), in: bytes) {
                    sites.append((DefinitionSite(path: path, line: found.line, range: found.range, value: value), bytes, kind))
                }
            }
        }
        var feeds: [DefinitionSite: [Feed]] = [:]
        for (number, (site, bytes, kind)) in sites.enumerated() {
            // A whole image is probed with an image; a part with letters and digits only, which every
            // position of an image takes and no file format reads differently from the part it replaces.
            let probe = values.contains(site.value) ? "census-probe.invalid/site\(number):probe" : "censusprobe\(number)x"
            var edited = bytes
            edited.replaceSubrange(site.range, with: Array(probe.utf8))
            var probed = files
            probed[site.path] = Extractors.facts(path: site.path, kind: kind, bytes: edited)
            let paths = ResolutionImpact.pathsToResolve(before: files, after: probed, changed: [site.path])
            var fed: [Feed] = []
            for (_, resolved) in BranchResolver.resolve(probed, only: paths) {
                for reference in resolved {
                    guard let image = reference.image, let at = image.range(of: probe) else { continue }
                    // A matrix names its value in the context, a literal in its text: both as written before the probe.
                    let usage = Usage(path: reference.path, line: reference.line, kind: reference.kind,
                                      context: reference.context?.replacingOccurrences(of: probe, with: site.value),
                                      raw: reference.raw.replacingOccurrences(of: probe, with: site.value),
                                      image: image.replacingOccurrences(of: probe, with: site.value))
                    // A text used twice in one image (`a:${T}-${T}`) cannot be changed for that image alone.
                    let twice = image[at.upperBound...].contains(probe)
                    let feed = Feed(usage: usage, prefix: twice ? "\u{0}" : String(image[..<at.lowerBound]),
                                    suffix: twice ? "\u{0}" : String(image[at.upperBound...]))
                    if !fed.contains(feed) { fed.append(feed) }
                }
            }
            feeds[site] = fed.sorted { $0.usage < $1.usage }
        }
        let unresolved = references.filter { $0.image == nil && mentions($0) }
        return DefinitionTrace(targets: targets, feeds: feeds, unresolved: unresolved)
    }

    /// At most this many candidate sites are probed in one branch (each is one file extraction and a partial
    /// resolution); past it, the rest are not looked at and their usages are left alone.
    static let maxProbes = 5_000

    /// The parts of an image a definition may write on its own: every run between the separators `/`, `:`
    /// and `@` (`mcr.microsoft.com/dotnet-buildtools/prereqs`, `ubuntu-18.04`, `prereqs:ubuntu-18.04`).
    static func segments(of image: String) -> [String] {
        let characters = Array(image)
        var starts = [0], ends = [characters.count]
        for (index, character) in characters.enumerated() where "/:@".contains(character) {
            ends.append(index)
            starts.append(index + 1)
        }
        var found: Set<String> = []
        for start in starts {
            for end in ends where end > start {
                found.insert(String(characters[start..<end]))
            }
        }
        return found.sorted()
    }

    /// The files that may write a selected image: those holding a selected usage, and those whose facts
    /// hold a selected image's text anywhere (a literal, a reference's text, a definition, a passed value)
    /// or one of its parts as a whole value.
    static func candidatePaths(files: [String: FileFacts], targets: [Usage: String], values: Set<String>,
                               parts: Set<String>) -> [String] {
        var paths = Set(targets.keys.map(\.path))
        func holds(_ text: String) -> Bool { parts.contains(text) || values.contains { text.contains($0) } }
        for (path, facts) in files where !paths.contains(path) {
            let found = facts.references.contains { fact in
                if holds(fact.raw) { return true }
                switch fact.value {
                case .literal(let text), .symbolic(let text): return holds(text)
                case .unresolved: return false
                }
            } || facts.definitions.contains { holds($0.value) } || facts.includes.contains { $0.parameters.values.contains(where: holds) }
            if found { paths.insert(path) }
        }
        return paths.sorted()
    }

    /// The decision: which sites to rewrite and which selected usages are left alone and why. `refused`
    /// holds sites that cannot be rewritten for a reason found later.
    ///
    /// A usage moves through the sites that write its whole image (each of them: a template's default and
    /// a caller's value are two sources of one usage), or, when none does, through the one part of its
    /// image that differs from the target (an ARG holding only the tag). A site is rewritten only when
    /// every usage it feeds is selected, needs it, and needs the same new text; a usage moves only when
    /// every site it needs is rewritten (so no usage ends half moved, and nothing unselected moves).
    public func decide(refused: [DefinitionSite: String] = [:]) -> MigrationDecision {
        // What each selected usage needs: sites and the text each must hold.
        var needs: [Usage: [DefinitionSite: String]] = [:]
        var unmet: [Usage: String] = [:]
        var feedsByUsage: [Usage: [(site: DefinitionSite, feed: Feed)]] = [:]
        for (site, fed) in feeds {
            for feed in fed where targets[feed.usage] != nil { feedsByUsage[feed.usage, default: []].append((site, feed)) }
        }
        for (usage, target) in targets {
            let feeding = (feedsByUsage[usage] ?? []).sorted { $0.site < $1.site }
            let whole = feeding.filter(\.feed.whole)
            if !whole.isEmpty {
                needs[usage] = Dictionary(uniqueKeysWithValues: whole.map { ($0.site, target) })
                continue
            }
            // Parts that can carry the change, grouped by where they stand in the image.
            var groups: [String: [DefinitionSite: String]] = [:]
            for (site, feed) in feeding {
                guard let text = feed.text(for: target) else { continue }
                groups[feed.prefix + "\u{0}" + feed.suffix, default: [:]][site] = text
            }
            if groups.count == 1, let only = groups.first?.value {
                needs[usage] = only
            } else if groups.isEmpty {
                unmet[usage] = feeding.isEmpty
                    ? "no single place in the branch writes the whole image text \(usage.image)"
                    : "no single place in the branch writes \(usage.image) or the one part of it that differs from \(target) "
                        + "(its parts are written at \(Set(feeding.map(\.site.location)).sorted().joined(separator: ", ")))"
            } else {
                unmet[usage] = "\(usage.image) can reach \(target) by rewriting different parts of it "
                    + "(\(groups.values.flatMap(\.keys).map(\.location).sorted().joined(separator: ", "))); none is chosen"
            }
        }
        var wanted: [DefinitionSite: [Usage: String]] = [:]
        for (usage, sites) in needs {
            for (site, text) in sites { wanted[site, default: [:]][usage] = text }
        }
        var blocked: [DefinitionSite: String] = refused
        var editable: [DefinitionSite: String] = [:]
        for (site, users) in wanted where blocked[site] == nil {
            let fed = feeds[site] ?? []
            if let other = fed.first(where: { users[$0.usage] == nil }) {
                if targets[other.usage] != nil {
                    blocked[site] = "\(site.location) also gives \(other.usage.location) its image \(other.usage.image), "
                        + "which needs a different change"
                } else if other.whole {
                    blocked[site] = "\(site.location) also gives \(other.usage.location) its image \(other.usage.image), "
                        + "which is not being migrated"
                } else {
                    blocked[site] = "\(site.location) writes \(site.value), only part of the image \(other.usage.image) "
                        + "at \(other.usage.location)"
                }
            } else if Set(users.values).count == 1, let text = users.values.first {
                editable[site] = text
            } else {
                blocked[site] = "\(site.location) feeds usages needing different text (\(Set(users.values).sorted().joined(separator: ", ")))"
            }
        }
        // A usage moves only when every site it needs is rewritten; a site only when all it feeds moves.
        var changed = true
        while changed {
            changed = false
            for site in editable.keys.sorted() {
                guard let stuck = (feeds[site] ?? []).first(where: { feed in
                    !(needs[feed.usage] ?? [:]).keys.allSatisfy { editable[$0] != nil }
                }) else { continue }
                editable[site] = nil
                blocked[site] = "\(site.location) also gives \(stuck.usage.location), which is left alone"
                changed = true
            }
        }
        var changes: [SiteChange] = []
        for (site, text) in editable {
            let usages = (feeds[site] ?? []).compactMap { feed in
                targets[feed.usage].map { MovedUsage(usage: feed.usage, target: $0) }
            }.sorted { $0.usage < $1.usage }
            changes.append(SiteChange(site: site, from: site.value, to: text, usages: usages))
        }
        var leftAlone: [LeftAlone] = []
        for (usage, _) in targets {
            let reason: String
            if let why = unmet[usage] {
                reason = why
            } else if let sites = needs[usage], !sites.keys.allSatisfy({ editable[$0] != nil }) {
                reason = sites.keys.sorted().compactMap { blocked[$0] }.joined(separator: "; ")
            } else {
                continue
            }
            leftAlone.append(LeftAlone(path: usage.path, line: usage.line, kind: usage.kind, image: usage.image, reason: reason))
        }
        for reference in unresolved {
            leftAlone.append(LeftAlone(path: reference.path, line: reference.line, kind: reference.kind, image: reference.raw,
                                       reason: "unresolved (\(reference.reason ?? "its value cannot be known")): never edited"))
        }
        return MigrationDecision(changes: changes.sorted { $0.site < $1.site },
                                 leftAlone: leftAlone.sorted { ($0.path, $0.line, $0.image) < ($1.path, $1.line, $1.image) })
    }
}

/// A usage a change moves, and the image it moves to.
public struct MovedUsage: Hashable, Sendable {
    /// The usage as it resolves today.
    public var usage: Usage
    /// The image it resolves to once the change is made.
    public var target: String
}

/// One site to rewrite: its text, the text it becomes (the target image, or the part of it the site
/// writes), and the usages that move with it.
public struct SiteChange: Hashable, Sendable {
    /// Where the text is written.
    public var site: DefinitionSite
    /// The text written there today.
    public var from: String
    /// The text written there by the change.
    public var to: String
    /// The usages that move with it.
    public var usages: [MovedUsage]
}

/// A selected usage that is not changed, and why.
public struct LeftAlone: Hashable, Sendable, Codable {
    /// Repository-relative path of the usage.
    public var path: String
    /// 1-based line of the usage.
    public var line: Int
    /// `<source>/<what>` of the usage.
    public var kind: String
    /// The image it resolves to (for an unresolved reference, its text).
    public var image: String
    /// Why it is not changed, in the words of the plan.
    public var reason: String

    /// `path:line`, as people read it.
    public var location: String { "\(path):\(line)" }
}

/// What a branch's migration rewrites and what it leaves alone.
public struct MigrationDecision: Hashable, Sendable {
    /// Sites to rewrite, by path and place.
    public var changes: [SiteChange]
    /// Selected usages not changed, by path and line.
    public var leftAlone: [LeftAlone]
}
