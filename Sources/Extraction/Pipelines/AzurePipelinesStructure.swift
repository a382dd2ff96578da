import Yams

/// One key/value pair of an Azure Pipelines mapping, with the template-expression blocks it sits in.
struct AzurePipelinesEntry {
    let key: String
    let keyNode: Node
    let value: Node
    /// Enclosing `${{ if … }}`/`${{ elseif … }}`/`${{ else }}`/`${{ each … }}` keys, outermost first.
    let conditions: [String]
}

/// Reading Yams nodes the way Azure Pipelines does: `${{ if }}`, `${{ elseif }}`, `${{ else }}` and
/// `${{ each }}` blocks are transparent (everything inside them counts), in mappings and in lists.
enum AzurePipelinesStructure {
    /// Whether a mapping key is a template-expression control block rather than a real key.
    static func isControlBlock(_ key: String) -> Bool {
        guard key.hasPrefix("${{"), key.hasSuffix("}}") else { return false }
        let body = key.dropFirst(3).dropLast(2).drop { $0 == " " }
        return body.hasPrefix("if ") || body.hasPrefix("if(") || body.hasPrefix("elseif ") || body.hasPrefix("elseif(")
            || body.hasPrefix("else") || body.hasPrefix("each ") || body.hasPrefix("insert")
    }

    /// Whether a key is computed (`${{ parameter.key }}`) and so names nothing knowable.
    static func isComputedKey(_ key: String) -> Bool {
        key.hasPrefix("${{") && !isControlBlock(key)
    }

    /// The pairs of a mapping with control blocks opened; empty for anything but a mapping.
    static func entries(of node: Node, conditions: [String] = []) -> [AzurePipelinesEntry] {
        guard case .mapping(let mapping) = node else { return [] }
        var out: [AzurePipelinesEntry] = []
        // By index: Yams' `Node.Mapping.makeIterator()` copies every pair into a new array first.
        for index in mapping.indices {
            let (keyNode, value) = mapping[index]
            let key = keyNode.scalar?.string ?? ""
            if isControlBlock(key), case .mapping = value {
                out += entries(of: value, conditions: conditions + [key])
            } else {
                out.append(AzurePipelinesEntry(key: key, keyNode: keyNode, value: value, conditions: conditions))
            }
        }
        return out
    }

    /// The items of a list with control blocks opened (`- ${{ if … }}:` followed by a list splices its
    /// items in); empty for anything but a list.
    static func items(of node: Node, conditions: [String] = []) -> [(node: Node, conditions: [String])] {
        guard case .sequence(let sequence) = node else { return [] }
        var out: [(node: Node, conditions: [String])] = []
        for item in sequence {
            if case .mapping(let mapping) = item, !mapping.isEmpty,
               mapping.indices.allSatisfy({ isControlBlock(mapping[$0].key.scalar?.string ?? "") }) {
                for index in mapping.indices {
                    let (keyNode, value) = mapping[index]
                    let key = keyNode.scalar?.string ?? ""
                    switch value {
                    case .sequence: out += items(of: value, conditions: conditions + [key])
                    default: out.append((value, conditions + [key]))
                    }
                }
            } else {
                out.append((item, conditions))
            }
        }
        return out
    }

    /// The first value for `key` among `entries`.
    static func value(_ key: String, in entries: [AzurePipelinesEntry]) -> Node? {
        entries.first { $0.key == key }?.value
    }

    /// The string of a scalar node.
    static func string(_ node: Node?) -> String? {
        node?.scalar?.string
    }

    /// The 1-based line where a node starts.
    static func line(_ node: Node) -> Int {
        node.mark?.line ?? 1
    }
}
