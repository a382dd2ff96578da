import XCTest
@testable import Extraction

/// The facts of one file as the crawler would get them: through the single entry point.
func facts(_ path: String, _ text: String) -> FileFacts {
    guard let kind = FileKind.classify(path: path) else { return .empty }
    return Extractors.facts(path: path, kind: kind, bytes: Array(text.utf8))
}

/// A reference as the tests spell it: line, kind, raw and value (context checked where it matters).
struct Ref: Equatable, CustomStringConvertible {
    var line: Int
    var kind: String
    var raw: String
    var value: ImageExpression

    init(_ line: Int, _ kind: String, _ raw: String, _ value: ImageExpression) {
        self.line = line
        self.kind = kind
        self.raw = raw
        self.value = value
    }

    init(_ fact: ReferenceFact) {
        self.init(fact.line, fact.kind, fact.raw, fact.value)
    }

    var description: String { "\(line) \(kind) \(raw) \(value)" }
}

/// Asserts that `facts` hold exactly `expected`, in order of line then kind then raw.
func assertRefs(_ facts: FileFacts, _ expected: [Ref], file: StaticString = #filePath, line: UInt = #line) {
    let actual = facts.references.map(Ref.init).sorted { ($0.line, $0.kind, $0.raw) < ($1.line, $1.kind, $1.raw) }
    let wanted = expected.sorted { ($0.line, $0.kind, $0.raw) < ($1.line, $1.kind, $1.raw) }
    XCTAssertEqual(actual, wanted, file: file, line: line)
}

/// The contexts of `facts`' references, in the order of `assertRefs`.
func contexts(_ facts: FileFacts) -> [String?] {
    facts.references.sorted { ($0.line, $0.kind, $0.raw) < ($1.line, $1.kind, $1.raw) }.map(\.context)
}

/// Shorthand for a literal image.
func lit(_ image: String) -> ImageExpression { .literal(image) }

/// Resolves several files of one branch and returns `(path, line, image, reason)` per reference.
func resolveBranch(_ files: [String: String]) -> [(String, Int, String?, String?)] {
    var all: [String: FileFacts] = [:]
    for (path, text) in files { all[path] = facts(path, text) }
    return BranchResolver.resolve(all).map { ($0.path, $0.line, $0.image, $0.reason) }
}
