import Extraction
import Foundation

/// The JSON `blob_facts.facts` holds: the bytes `JSONEncoder` with sorted keys writes for `FileFacts`
/// (so entries written before stay equal), written and read directly. Going through `Codable` was most
/// of the cost of caching the facts of a cold crawl, and of reading them back when a branch moves;
/// `FactsJSONTests` compares both ways with `JSONEncoder` and `JSONDecoder`.
enum FactsJSON {
    /// The facts `data` holds: read directly when it is in the form `encode` writes, else by
    /// `JSONDecoder` (whatever else a cache entry may hold); nil when neither can read it.
    static func decode(_ data: Data) -> FileFacts? {
        readDirectly(data) ?? (try? JSONDecoder().decode(FileFacts.self, from: data))
    }

    /// The facts of `data` when it is exactly in the form `encode` writes.
    static func readDirectly(_ data: Data) -> FileFacts? {
        var reader = FactsReader(data)
        return reader.read()
    }

    static func encode(_ facts: FileFacts) -> Data {
        var out = ""
        out += "{\"definitions\":"
        array(facts.definitions, into: &out) { definition, out in
            out += "{\"line\":\(definition.line)"
            string(",\"name\":", definition.name, into: &out)
            string(",\"namespace\":", definition.namespace, into: &out)
            string(",\"value\":", definition.value, into: &out)
            out += "}"
        }
        out += ",\"includes\":"
        array(facts.includes, into: &out) { include, out in
            out += "{\"line\":\(include.line),\"parameters\":{"
            // `JSONEncoder` sorts keys by their UTF-8 bytes.
            let names = include.parameters.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, name) in names.enumerated() {
                string(index > 0 ? "," : "", name, into: &out)
                string(":", include.parameters[name] ?? "", into: &out)
            }
            out += "}"
            string(",\"path\":", include.path, into: &out)
            out += "}"
        }
        out += ",\"references\":"
        array(facts.references, into: &out) { reference, out in
            out += "{"
            if let context = reference.context {
                string("\"context\":", context, into: &out)
                out += ","
            }
            string("\"kind\":", reference.kind, into: &out)
            out += ",\"line\":\(reference.line)"
            string(",\"raw\":", reference.raw, into: &out)
            switch reference.value {
            case .literal(let image): string(",\"value\":{\"literal\":{\"_0\":", image, into: &out)
            case .unresolved(let reason): string(",\"value\":{\"unresolved\":{\"reason\":", reason, into: &out)
            case .symbolic(let text): string(",\"value\":{\"symbolic\":{\"text\":", text, into: &out)
            }
            out += "}}}"
        }
        out += ",\"warnings\":"
        array(facts.warnings, into: &out) { warning, out in
            out += "{"
            if let line = warning.line { out += "\"line\":\(line)," }
            string("\"message\":", warning.message, into: &out)
            out += "}"
        }
        out += "}"
        return Data(out.utf8)
    }

    /// `prefix`, then `text` as a JSON string.
    private static func string(_ prefix: String, _ text: String, into out: inout String) {
        out += prefix
        FoundationJSONString.append(text, to: &out)
    }

    private static func array<Element>(_ elements: [Element], into out: inout String,
                                       _ write: (Element, inout String) -> Void) {
        out += "["
        for (index, element) in elements.enumerated() {
            if index > 0 { out += "," }
            write(element, &out)
        }
        out += "]"
    }
}

/// Reads the exact form `FactsJSON.encode` writes; nil for anything else.
private struct FactsReader {
    private var reader: CompactJSONReader

    init(_ data: Data) {
        reader = CompactJSONReader(data, refusingLeadingByteOrderMark: false)
    }

    mutating func read() -> FileFacts? {
        guard reader.take("{\"definitions\":"), let definitions = array({ $0.definition() }),
              reader.take(",\"includes\":"), let includes = array({ $0.include() }),
              reader.take(",\"references\":"), let references = array({ $0.reference() }),
              reader.take(",\"warnings\":"), let warnings = array({ $0.warning() }),
              reader.take("}"), reader.isAtEnd else { return nil }
        return FileFacts(references: references, definitions: definitions, includes: includes, warnings: warnings)
    }

    private mutating func array<Element>(_ element: (inout FactsReader) -> Element?) -> [Element]? {
        guard reader.take("[") else { return nil }
        var elements: [Element] = []
        if reader.take("]") { return elements }
        repeat {
            guard let next = element(&self) else { return nil }
            elements.append(next)
        } while reader.take(",")
        return reader.take("]") ? elements : nil
    }

    /// Reads `key`, its value and the comma after it when the object has this optional field (encoded
    /// first, before the required ones); false when the field is there but not in that form.
    private mutating func optionalField<Value>(_ key: StaticString, into value: inout Value?,
                                               _ read: (inout CompactJSONReader) -> Value?) -> Bool {
        guard reader.take(key) else { return true }
        guard let found = read(&reader), reader.take(",") else { return false }
        value = found
        return true
    }

    private mutating func definition() -> SymbolDefinition? {
        guard reader.take("{\"line\":"), let line = reader.integer(), reader.take(",\"name\":"), let name = reader.string(),
              reader.take(",\"namespace\":"), let namespace = reader.string(), reader.take(",\"value\":"),
              let value = reader.string(), reader.take("}") else { return nil }
        return SymbolDefinition(namespace: namespace, name: name, value: value, line: line)
    }

    private mutating func include() -> FileInclude? {
        guard reader.take("{\"line\":"), let line = reader.integer(), reader.take(",\"parameters\":{") else { return nil }
        var parameters: [String: String] = [:]
        if !reader.take("}") {
            repeat {
                guard let name = reader.string(), reader.take(":"), let value = reader.string(),
                      parameters.updateValue(value, forKey: name) == nil else { return nil }
            } while reader.take(",")
            guard reader.take("}") else { return nil }
        }
        guard reader.take(",\"path\":"), let path = reader.string(), reader.take("}") else { return nil }
        return FileInclude(path: path, line: line, parameters: parameters)
    }

    private mutating func reference() -> ReferenceFact? {
        var context: String?
        guard reader.take("{"), optionalField("\"context\":", into: &context, { $0.string() }) else { return nil }
        guard reader.take("\"kind\":"), let kind = reader.string(), reader.take(",\"line\":"), let line = reader.integer(),
              reader.take(",\"raw\":"), let raw = reader.string(), reader.take(",\"value\":{") else { return nil }
        let value: ImageExpression
        if reader.take("\"literal\":{\"_0\":"), let image = reader.string() {
            value = .literal(image)
        } else if reader.take("\"symbolic\":{\"text\":"), let text = reader.string() {
            value = .symbolic(text: text)
        } else if reader.take("\"unresolved\":{\"reason\":"), let reason = reader.string() {
            value = .unresolved(reason: reason)
        } else {
            return nil
        }
        guard reader.take("}}}") else { return nil }
        return ReferenceFact(line: line, kind: kind, context: context, raw: raw, value: value)
    }

    private mutating func warning() -> ExtractionWarning? {
        var line: Int?
        guard reader.take("{"), optionalField("\"line\":", into: &line, { $0.integer() }) else { return nil }
        guard reader.take("\"message\":"), let message = reader.string(), reader.take("}") else { return nil }
        return ExtractionWarning(line: line, message: message)
    }
}
