/// Accumulates the facts one extractor finds in a file, with the conventions every source shares:
/// contexts name the alias a value came through, over-long values are refused with a warning.
struct FactCollector {
    /// Values longer than this are not image references (the grammar caps name + tag far below).
    static let maxImageLength = 1024

    private(set) var facts = FileFacts()

    /// Records one reference.
    mutating func add(kind: String, line: Int, context: String?, raw: String, value: ImageExpression) {
        if raw.utf8.count > Self.maxImageLength {
            facts.warnings.append(ExtractionWarning(line: line, message:
                "\(kind) value of \(raw.utf8.count) bytes is too long to be an image reference; not recorded"))
            return
        }
        facts.references.append(ReferenceFact(line: line, kind: kind, context: context, raw: raw, value: value))
    }

    /// Records the scalar under `cursor` when it has text; `value` turns the text into an expression.
    /// Text too long to be an image is refused before `value` reads it (it may expand variables).
    mutating func add(kind: String, at cursor: YAMLCursor, context: String?,
                      value: (String) -> ImageExpression = ImageExpressions.plain) {
        guard let raw = cursor.string, !raw.isEmpty else { return }
        let expression: ImageExpression = raw.utf8.count > Self.maxImageLength ? .unresolved(reason: "too long") : value(raw)
        add(kind: kind, line: cursor.line, context: Self.context(context, alias: cursor.alias), raw: raw, value: expression)
    }

    /// Records a name this file defines.
    mutating func define(namespace: String, name: String, value: String, line: Int) {
        facts.definitions.append(SymbolDefinition(namespace: namespace, name: name, value: value, line: line))
    }

    /// Records a file of the branch this file includes.
    mutating func include(path: String, line: Int) {
        facts.includes.append(FileInclude(path: path, line: line))
    }

    /// Records a problem that did not stop reading.
    mutating func warn(line: Int?, _ message: String) {
        facts.warnings.append(ExtractionWarning(line: line, message: message))
    }

    /// Appends another extractor's facts.
    mutating func merge(_ other: FileFacts) {
        facts.references += other.references
        facts.definitions += other.definitions
        facts.includes += other.includes
        facts.warnings += other.warnings
    }

    /// `context` with the alias a value came through, so every use of an anchor is told apart.
    static func context(_ context: String?, alias: String?) -> String? {
        guard let alias else { return context }
        return (context.map { $0 + " " } ?? "") + "(via *\(alias))"
    }
}
