import Extraction
import Foundation

/// What one git tree contributes to a branch's candidate files: the candidate files directly in it
/// (files and symlinks whose name `FileKind.classify` accepts, every submodule and every entry whose
/// name cannot be a path, which the scan warns about) and the
/// subdirectories that hold candidates somewhere below them.
///
/// A listing depends only on the tree's id (trees are content-addressed) and on the walker's rules,
/// so it is cached by tree id and `walkerVersion` and shared by every branch, repository and run
/// that contains the same tree. Subdirectories without candidates are left out, so a cached listing
/// also prunes them.
struct TreeListing: Sendable, Hashable {
    /// Bump whenever which entries a listing keeps could change (`FileKind.classify`, the kinds kept),
    /// so listings cached by older walkers are no longer used.
    static let walkerVersion = 6

    /// What an entry is.
    enum Kind: String, Sendable, Hashable {
        case file = "f"
        case executable = "x"
        case symlink = "l"
        case submodule = "m"
        /// A subdirectory with candidates below it; `id` is its tree id.
        case tree = "t"
        /// An entry whose name cannot be a path (empty, `.`, `..`, containing `/`); never read.
        case unusableName = "u"
    }

    /// One entry: its name in the tree, its object id (40 hex digits) and kind.
    struct Entry: Sendable, Hashable {
        var name: String
        var id: String
        var kind: Kind
        /// What `FileKind.classify` makes of the name (files and symlinks), worked out once per tree.
        var fileKind: FileKind?

        init(name: String, id: String, kind: Kind) {
            self.name = name
            self.id = id
            self.kind = kind
            fileKind = kind == .tree || kind == .submodule || kind == .unusableName ? nil : FileKind.classify(path: name)
        }
    }

    var entries: [Entry]

    /// No candidates in this tree or below it.
    var isEmpty: Bool { entries.isEmpty }

    /// The JSON stored in `tree_candidates.entries`: `[["f","<blob id>","<name>"], …]`.
    func json() -> Data {
        var text = "["
        for (index, entry) in entries.enumerated() {
            if index > 0 { text += "," }
            text += "[\"\(entry.kind.rawValue)\",\"\(entry.id)\","
            Self.appendQuoted(entry.name, to: &text)
            text += "]"
        }
        text += "]"
        return Data(text.utf8)
    }

    /// Decodes stored JSON; nil when it is not a listing this walker wrote (then the tree is read again).
    init?(json: Data) {
        guard let rows = try? JSONSerialization.jsonObject(with: json) as? [[String]] else { return nil }
        var entries: [Entry] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            guard row.count == 3, let kind = Kind(rawValue: row[0]), row[1].utf8.count == 40, !row[2].isEmpty else {
                return nil
            }
            entries.append(Entry(name: row[2], id: row[1], kind: kind))
        }
        self.entries = entries
    }

    init(entries: [Entry]) {
        self.entries = entries
    }

    /// Appends `value` as a JSON string literal.
    private static func appendQuoted(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
