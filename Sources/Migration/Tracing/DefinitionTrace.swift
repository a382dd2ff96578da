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
        /// True when the site's text is the whole image of the usage, not a part of a longer one.
        public var whole: Bool
    }

    /// Selected usages and the image each moves to.
    public let targets: [Usage: String]
    /// Every candidate site, with the usages it feeds (empty: it feeds none, like a comment).
    public let feeds: [DefinitionSite: [Feed]]
    /// Selected usages by the sites feeding them.
    public let feeders: [Usage: Set<DefinitionSite>]
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
        var sites: [(DefinitionSite, [UInt8], FileKind)] = []
        for path in candidatePaths(files: files, targets: targets, values: values) {
            guard let kind = kinds[path], let bytes = try content(path) else { continue }
            for value in values.sorted() {
                for found in TextOccurrences.find(Array(value.utf8), in: bytes) {
                    sites.append((DefinitionSite(path: path, line: found.line, range: found.range, value: value), bytes, kind))
                }
            }
        }
        var feeds: [DefinitionSite: [Feed]] = [:]
        var feeders: [Usage: Set<DefinitionSite>] = [:]
        for (number, (site, bytes, kind)) in sites.enumerated() {
            let probe = "census-probe.invalid/site\(number):probe"
            var edited = bytes
            edited.replaceSubrange(site.range, with: Array(probe.utf8))
            var probed = files
            probed[site.path] = Extractors.facts(path: site.path, kind: kind, bytes: edited)
            let paths = ResolutionImpact.pathsToResolve(before: files, after: probed, changed: [site.path])
            var fed: [Feed] = []
            for (_, resolved) in BranchResolver.resolve(probed, only: paths) {
                for reference in resolved {
                    guard let image = reference.image, image.contains(probe) else { continue }
                    // A matrix names its value in the context, a literal in its text: both as written before the probe.
                    let usage = Usage(path: reference.path, line: reference.line, kind: reference.kind,
                                      context: reference.context?.replacingOccurrences(of: probe, with: site.value),
                                      raw: reference.raw.replacingOccurrences(of: probe, with: site.value),
                                      image: image.replacingOccurrences(of: probe, with: site.value))
                    let feed = Feed(usage: usage, whole: image == probe)
                    if !fed.contains(feed) { fed.append(feed) }
                    if targets[usage] != nil { feeders[usage, default: []].insert(site) }
                }
            }
            feeds[site] = fed.sorted { $0.usage < $1.usage }
        }
        let unresolved = references.filter { $0.image == nil && mentions($0) }
        return DefinitionTrace(targets: targets, feeds: feeds, feeders: feeders, unresolved: unresolved)
    }

    /// The files that may write a selected image: those holding a selected usage, and those whose facts
    /// hold a selected image's text anywhere (a literal, a reference's text, a definition, a passed value).
    static func candidatePaths(files: [String: FileFacts], targets: [Usage: String], values: Set<String>) -> [String] {
        var paths = Set(targets.keys.map(\.path))
        func holds(_ text: String) -> Bool { values.contains { text.contains($0) } }
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

    /// The decision: which sites to rewrite (each to one image) and which selected usages are left alone
    /// and why. `refused` holds sites that cannot be rewritten for a reason found later (the file cannot
    /// be read again). A site is rewritten only when every usage it feeds is selected,
    /// takes the site's text whole and moves to the same image, and every site feeding those usages is
    /// rewritten too (so no usage ends half moved).
    public func decide(refused: [DefinitionSite: String] = [:]) -> MigrationDecision {
        var blocked: [DefinitionSite: String] = refused
        var editable: [DefinitionSite: String] = [:]
        for (site, fed) in feeds where !fed.isEmpty && blocked[site] == nil {
            if let partial = fed.first(where: { !$0.whole }) {
                blocked[site] = "\(site.location) writes \(site.value), only part of the image \(partial.usage.image) "
                    + "at \(partial.usage.location)"
            } else if let other = fed.first(where: { targets[$0.usage] == nil }) {
                blocked[site] = "\(site.location) also gives \(other.usage.location) its image \(other.usage.image), "
                    + "which is not being migrated"
            } else {
                let images = Set(fed.compactMap { targets[$0.usage] })
                if images.count == 1, let image = images.first {
                    editable[site] = image
                } else {
                    blocked[site] = "\(site.location) feeds usages moving to different images (\(images.sorted().joined(separator: ", ")))"
                }
            }
        }
        // A usage moves only when every site feeding it is rewritten; a site moves only when all it feeds moves.
        var changed = true
        while changed {
            changed = false
            for (site, _) in editable {
                guard let stuck = feeds[site]?.first(where: { feed in
                    let sites = feeders[feed.usage] ?? []
                    return sites.isEmpty || !sites.allSatisfy { editable[$0] != nil }
                }) else { continue }
                editable[site] = nil
                blocked[site] = "\(site.location) also gives \(stuck.usage.location), which is left alone"
                changed = true
            }
        }
        var changes: [SiteChange] = []
        for (site, image) in editable {
            let usages = (feeds[site] ?? []).map(\.usage).sorted()
            changes.append(SiteChange(site: site, from: site.value, to: image, usages: usages))
        }
        var leftAlone: [LeftAlone] = []
        for (usage, _) in targets where !(feeders[usage] ?? []).allSatisfy({ editable[$0] != nil }) || (feeders[usage] ?? []).isEmpty {
            let sites = (feeders[usage] ?? []).sorted()
            let reasons = sites.compactMap { blocked[$0] }
            let reason = sites.isEmpty
                ? "no single place in the branch writes the whole image text \(usage.image)"
                : reasons.joined(separator: "; ")
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

/// One site to rewrite: its text and the image it becomes, and the usages that move with it.
public struct SiteChange: Hashable, Sendable {
    public var site: DefinitionSite
    public var from: String
    public var to: String
    public var usages: [Usage]
}

/// A selected usage that is not changed, and why.
public struct LeftAlone: Hashable, Sendable, Codable {
    public var path: String
    public var line: Int
    public var kind: String
    /// The image it resolves to (for an unresolved reference, its text).
    public var image: String
    public var reason: String

    /// `path:line`, as people read it.
    public var location: String { "\(path):\(line)" }
}

/// What a branch's migration rewrites and what it leaves alone.
public struct MigrationDecision: Hashable, Sendable {
    public var changes: [SiteChange]
    public var leftAlone: [LeftAlone]
}
