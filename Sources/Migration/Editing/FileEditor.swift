import Extraction

/// Rewrites the sites of one file and proves the rewrite: the edited bytes, read back by the file's own
/// extractor, must give exactly the facts of the original with the sites' text replaced (only a literal's
/// `raw` may differ, since it is the text being changed). Everything else in the file is byte-identical:
/// only the located text is replaced, so quotes, indentation, line endings, comments and a missing final
/// newline stay as they were.
struct FileEditor {
    var path: String
    var kind: FileKind
    var bytes: [UInt8]
    var facts: FileFacts

    /// The outcome for one file.
    struct Outcome {
        /// The new content, when some site was rewritten.
        var edited: [UInt8]?
        var edits: [TextEdit]
        /// Sites that cannot be rewritten, with why.
        var refused: [DefinitionSite: String]
    }

    /// Rewrites `changes` (sites of this file); `inert` sites of this file that share a changed site's text
    /// (the same bytes) change with it.
    func rewrite(_ changes: [SiteChange], inert: [DefinitionSite]) -> Outcome {
        var refused: [DefinitionSite: String] = [:]
        var placed: [(change: SiteChange, range: Range<Int>, line: Int)] = []
        for change in changes {
            switch SiteLocator.locate(change.site, in: bytes) {
            case .success(let found): placed.append((change, found.range, found.line))
            case .failure(let failure):
                refused[change.site] = "\(change.site.location) cannot be rewritten exactly: \(failure.message)"
            }
        }
        // One place may be several sites (a value written once that is both a reference and a passed parameter).
        var edits: [Range<Int>: (TextEdit, [DefinitionSite])] = [:]
        for item in placed {
            let edit = TextEdit(range: item.range, line: item.line, replacement: Array(item.change.to.utf8))
            if let existing = edits[item.range] {
                if existing.0 != edit {
                    for site in existing.1 + [item.change.site] {
                        refused[site] = "\(site.location) is the same text as another site moving to a different image"
                    }
                    edits[item.range] = nil
                } else {
                    edits[item.range] = (edit, existing.1 + [item.change.site])
                }
            } else {
                edits[item.range] = (edit, [item.change.site])
            }
        }
        let ordered = edits.values.sorted { $0.0.range.lowerBound < $1.0.range.lowerBound }
        for (first, second) in zip(ordered, ordered.dropFirst()) where first.0.range.overlaps(second.0.range) {
            for site in first.1 + second.1 { refused[site] = "\(site.location) overlaps another rewritten site" }
        }
        let kept = ordered.filter { item in !item.1.contains { refused[$0] != nil } }
        guard !kept.isEmpty else { return Outcome(edited: nil, edits: [], refused: refused) }

        var expected = facts
        for (edit, sites) in kept {
            let image = String(decoding: edit.replacement, as: UTF8.self)
            for site in sites { expected = site.applying(image, to: expected) }
            for site in inert where site.value == sites.first?.value {
                if case .success(let found) = SiteLocator.locate(site, in: bytes), found.range == edit.range {
                    expected = site.applying(image, to: expected)
                }
            }
        }
        let edited = TextEdit.apply(kept.map(\.0), to: bytes)
        let reread = Extractors.facts(path: path, kind: kind, bytes: edited)
        if Self.comparable(reread) != Self.comparable(expected) {
            for (_, sites) in kept {
                for site in sites {
                    refused[site] = "\(site.location) cannot be rewritten exactly: the edited file does not read back "
                        + "as the same facts with only this text changed"
                }
            }
            return Outcome(edited: nil, edits: [], refused: refused)
        }
        return Outcome(edited: edited, edits: kept.map(\.0), refused: refused)
    }

    /// Facts without the text of references (it is what changes) and without warnings.
    static func comparable(_ facts: FileFacts) -> FileFacts {
        var facts = facts
        for index in facts.references.indices { facts.references[index].raw = "" }
        facts.warnings = []
        return facts
    }
}
