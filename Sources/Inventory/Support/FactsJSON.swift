import Extraction
import Foundation

/// The JSON `blob_facts.facts` holds: the bytes `JSONEncoder` with sorted keys writes for `FileFacts`
/// (so entries written before stay equal), written directly. Encoding through `Codable` was most of
/// the cost of caching the facts of a cold crawl; `FactsJSONTests` compares the two.
enum FactsJSON {
    static func encode(_ facts: FileFacts) -> Data {
        var out = ""
        out += "{\"definitions\":"
        array(facts.definitions, into: &out) { definition, out in
            out += "{\"line\":\(definition.line),\"name\":"
            FoundationJSONString.append(definition.name, to: &out)
            out += ",\"namespace\":"
            FoundationJSONString.append(definition.namespace, to: &out)
            out += ",\"value\":"
            FoundationJSONString.append(definition.value, to: &out)
            out += "}"
        }
        out += ",\"includes\":"
        array(facts.includes, into: &out) { include, out in
            out += "{\"line\":\(include.line),\"parameters\":{"
            // `JSONEncoder` sorts keys by their UTF-8 bytes.
            let names = include.parameters.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, name) in names.enumerated() {
                if index > 0 { out += "," }
                FoundationJSONString.append(name, to: &out)
                out += ":"
                FoundationJSONString.append(include.parameters[name] ?? "", to: &out)
            }
            out += "},\"path\":"
            FoundationJSONString.append(include.path, to: &out)
            out += "}"
        }
        out += ",\"references\":"
        array(facts.references, into: &out) { reference, out in
            out += "{"
            if let context = reference.context {
                out += "\"context\":"
                FoundationJSONString.append(context, to: &out)
                out += ","
            }
            out += "\"kind\":"
            FoundationJSONString.append(reference.kind, to: &out)
            out += ",\"line\":\(reference.line),\"raw\":"
            FoundationJSONString.append(reference.raw, to: &out)
            out += ",\"value\":"
            switch reference.value {
            case .literal(let image):
                out += "{\"literal\":{\"_0\":"
                FoundationJSONString.append(image, to: &out)
            case .unresolved(let reason):
                out += "{\"unresolved\":{\"reason\":"
                FoundationJSONString.append(reason, to: &out)
            case .symbolic(let text):
                out += "{\"symbolic\":{\"text\":"
                FoundationJSONString.append(text, to: &out)
            }
            out += "}}}"
        }
        out += ",\"warnings\":"
        array(facts.warnings, into: &out) { warning, out in
            out += "{"
            if let line = warning.line { out += "\"line\":\(line)," }
            out += "\"message\":"
            FoundationJSONString.append(warning.message, to: &out)
            out += "}"
        }
        out += "}"
        return Data(out.utf8)
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
