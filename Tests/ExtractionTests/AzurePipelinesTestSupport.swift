@testable import Extraction

/// One resolved reference as these tests compare it: every reference field (docs/output.md) that does not come from
/// parsing the image (that grammar is tested on its own).
struct ReferenceRow: Equatable, CustomStringConvertible {
    let path: String
    let line: Int
    let kind: String
    let context: String?
    let raw: String
    let image: String?
    let resolved: Bool

    init(_ path: String, _ line: Int, _ kind: String, _ context: String?, raw: String, image: String?,
         resolved: Bool? = nil) {
        self.path = path
        self.line = line
        self.kind = kind
        self.context = context
        self.raw = raw
        self.image = image
        self.resolved = resolved ?? (image != nil)
    }

    init(_ reference: Reference) {
        self.init(reference.path, reference.line, reference.kind, reference.context, raw: reference.raw,
                  image: reference.image, resolved: reference.resolved)
    }

    var description: String {
        "\(path):\(line) \(kind) [\(context ?? "-")] raw=\(raw) image=\(image ?? "nil") resolved=\(resolved)"
    }
}

/// A branch made of files given as text, run through the real pipeline: facts per file, then
/// `BranchResolver.resolve`.
enum TestBranch {
    /// Facts per file: YAML through `AzurePipelinesExtractor`, MSBuild files through `MSBuildExtractor`.
    static func facts(_ files: [String: String]) -> [String: FileFacts] {
        var facts: [String: FileFacts] = [:]
        for (path, text) in files {
            switch FileKind.classify(path: path) {
            case .yaml?: facts[path] = AzurePipelinesExtractor.extract(path: path, text: text)
            case .msbuild?: facts[path] = Extractors.facts(path: path, kind: .msbuild, bytes: Array(text.utf8))
            default: facts[path] = .empty
            }
        }
        return facts
    }

    /// The resolved references of the branch.
    static func references(_ files: [String: String]) -> [Reference] {
        BranchResolver.resolve(facts(files))
    }

    /// The resolved references of the branch as comparable rows.
    static func rows(_ files: [String: String]) -> [ReferenceRow] {
        references(files).map(ReferenceRow.init)
    }
}
