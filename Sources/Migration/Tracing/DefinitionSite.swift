import Extraction

/// One place in a file's facts where image text is written: a literal reference, a definition's value
/// (an ARG default, a variable, an alias, a parameter default, a `.env` value), or a value an including
/// file passes to a template.
public struct DefinitionSite: Hashable, Sendable, Codable, Comparable {
    /// Which fact of the file holds the text.
    public enum Place: Hashable, Sendable, Codable {
        /// `FileFacts.references[index]`, a `.literal` value.
        case literal(index: Int)
        /// `FileFacts.definitions[index]`.
        case definition(index: Int)
        /// `FileFacts.includes[index].parameters[name]`.
        case parameter(index: Int, name: String)
    }

    /// Repository-relative path of the file.
    public var path: String
    /// The line the fact names (for a passed value, the line of the include).
    public var line: Int
    public var place: Place
    /// The text the fact holds (quotes removed).
    public var value: String

    /// `path:line`, as people read it.
    public var location: String { "\(path):\(line)" }

    /// Every site of `facts` whose text is one of `values`.
    static func sites(in facts: FileFacts, at path: String, holding values: Set<String>) -> [DefinitionSite] {
        var sites: [DefinitionSite] = []
        for (index, fact) in facts.references.enumerated() {
            if case .literal(let text) = fact.value, values.contains(text) {
                sites.append(DefinitionSite(path: path, line: fact.line, place: .literal(index: index), value: text))
            }
        }
        for (index, definition) in facts.definitions.enumerated() where values.contains(definition.value) {
            sites.append(DefinitionSite(path: path, line: definition.line, place: .definition(index: index), value: definition.value))
        }
        for (index, include) in facts.includes.enumerated() {
            for (name, value) in include.parameters.sorted(by: { $0.key < $1.key }) where values.contains(value) {
                sites.append(DefinitionSite(path: path, line: include.line, place: .parameter(index: index, name: name), value: value))
            }
        }
        return sites
    }

    /// `facts` with this site's text replaced by `text`.
    func applying(_ text: String, to facts: FileFacts) -> FileFacts {
        var facts = facts
        switch place {
        case .literal(let index):
            guard facts.references.indices.contains(index) else { return facts }
            facts.references[index].value = .literal(text)
        case .definition(let index):
            guard facts.definitions.indices.contains(index) else { return facts }
            facts.definitions[index].value = text
        case .parameter(let index, let name):
            guard facts.includes.indices.contains(index) else { return facts }
            facts.includes[index].parameters[name] = text
        }
        return facts
    }

    public static func < (lhs: DefinitionSite, rhs: DefinitionSite) -> Bool {
        (lhs.path, lhs.line, lhs.value, "\(lhs.place)") < (rhs.path, rhs.line, rhs.value, "\(rhs.place)")
    }
}
