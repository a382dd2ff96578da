import Foundation
import Yams

/// A value a Helm template works on: the chart's values as `helm template` reads them from
/// `values.yaml` (YAML through JSON, so every number is a float), the strings, lists and dicts the
/// template computes, and what only an install knows (`.Release.Name`, the cluster's capabilities).
indirect enum HelmValue: Equatable {
    case null
    case bool(Bool)
    /// A number as written in `values.yaml` or the template.
    case number(String)
    case string(String)
    case list([HelmValue])
    case map([String: HelmValue])
    /// A plain `yes`/`no`/`on`/`off`: YAML 1.1 parsers read a boolean, YAML 1.2 parsers a string.
    case ambiguous(String)
    /// Known only when Helm installs the chart; the reason says what decides it.
    case unknowable(String)

    /// Helm's truthiness: false, 0, "", null and empty lists and maps are false.
    var truth: Bool {
        get throws(ResolutionFailure) {
            switch self {
            case .null: return false
            case .bool(let value): return value
            case .number(let text): return (Double(text) ?? 1) != 0
            case .string(let text): return !text.isEmpty
            case .list(let items): return !items.isEmpty
            case .map(let entries): return !entries.isEmpty
            case .ambiguous(let text):
                throw ResolutionFailure(reason: "the value `\(text)` is yes/no/on/off, which YAML parsers read differently")
            case .unknowable(let reason): throw ResolutionFailure(reason: reason)
            }
        }
    }

    /// The text Go's `%v` (and sprig's `toString`) prints for the value.
    var text: String {
        get throws(ResolutionFailure) {
            switch self {
            case .null: return ""
            case .bool(let value): return value ? "true" : "false"
            case .number(let written):
                // Helm reads numbers of values.yaml as floats: `1.10` prints as `1.1`, `1000000` as `1e+06`.
                // Only integers that print as written are taken.
                let digits = written.hasPrefix("-") ? written.dropFirst() : Substring(written)
                guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
                      digits == "0" || !digits.hasPrefix("0") else {
                    throw ResolutionFailure(reason: "the number \(written) is printed by Helm as a float, not as written")
                }
                return written
            case .string(let text): return text
            case .list, .map: throw ResolutionFailure(reason: "a list or dict is written where text is expected")
            case .ambiguous(let text):
                throw ResolutionFailure(reason: "the value `\(text)` is yes/no/on/off, which YAML parsers read differently")
            case .unknowable(let reason): throw ResolutionFailure(reason: reason)
            }
        }
    }

    /// The entry `key` of a map (`null` when absent, as Helm's values give it).
    func field(_ key: String) throws(ResolutionFailure) -> HelmValue {
        switch self {
        case .map(let entries): return entries[key] ?? .null
        case .null: return .null
        case .unknowable: return self
        default: throw ResolutionFailure(reason: "the field .\(key) of something that is not a dict")
        }
    }
}

extension HelmValue {
    /// The entry `key` of a map, `null` for anything else.
    func fieldOrNull(_ key: String) -> HelmValue {
        if case .map(let entries) = self { return entries[key] ?? .null }
        return .null
    }

    /// `base` with `override` merged over it as Helm merges a parent chart's values into a subchart's:
    /// maps merge key by key, anything else in `override` replaces (a `null` deletes the key).
    static func merged(_ override: HelmValue, over base: HelmValue) -> HelmValue {
        guard case .map(let top) = override else { return override == .null ? base : override }
        guard case .map(var entries) = base else { return override }
        for (key, value) in top {
            if value == .null { entries[key] = nil } else { entries[key] = merged(value, over: entries[key] ?? .null) }
        }
        return .map(entries)
    }

    /// Marker key of an ambiguous scalar in the stored form.
    static let ambiguousKey = "\u{1}yaml11"

    /// Most nodes of one values file kept for rendering.
    static let maxNodes = 200_000

    /// The value of a YAML node as Helm reads it, or `nil` past `maxNodes` nodes or 64 levels.
    static func from(_ node: Node, nodes: inout Int, depth: Int = 0) -> HelmValue? {
        nodes += 1
        guard nodes <= maxNodes, depth < 64 else { return nil }
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
            switch scalar.string {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            case "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N":
                return .ambiguous(scalar.string)
            default:
                let text = scalar.string
                let unsigned = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
                let numeric = !unsigned.isEmpty && unsigned.first?.isNumber == true && Double(unsigned) != nil
                return numeric ? .number(text.hasPrefix("+") ? String(unsigned) : text) : .string(text)
            }
        case .mapping(let mapping):
            var entries: [String: HelmValue] = [:]
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key, let child = from(value, nodes: &nodes, depth: depth + 1) else { return nil }
                entries[keyScalar.string] = child
            }
            return .map(entries)
        case .sequence(let sequence):
            var items: [HelmValue] = []
            for item in sequence {
                guard let child = from(item, nodes: &nodes, depth: depth + 1) else { return nil }
                items.append(child)
            }
            return .list(items)
        case .alias:
            return nil
        }
    }

    /// The stored JSON text of the value: the bytes `JSONSerialization` with sorted keys wrote for it as
    /// Foundation objects (so facts stored before stay equal: `{"v": …}`, numbers, YAML 1.1 words and
    /// what only an install knows as single-key objects), written directly (`HelmValueTests` compares the two).
    var storedText: String {
        var out = "{\"v\":"
        writeStored(into: &out)
        out += "}"
        return out
    }

    private func writeStored(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let text): Self.writeObject(["\u{1}number": .string(text)], into: &out)
        case .string(let text): FoundationJSONString.append(text, to: &out)
        case .list(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.writeStored(into: &out)
            }
            out += "]"
        case .map(let entries): Self.writeObject(entries, into: &out)
        case .ambiguous(let text): Self.writeObject([Self.ambiguousKey: .string(text)], into: &out)
        case .unknowable(let reason): Self.writeObject(["\u{1}unknowable": .string(reason)], into: &out)
        }
    }

    /// Keys in `JSONSerialization`'s sorted order (`sortsBefore`).
    private static func writeObject(_ entries: [String: HelmValue], into out: inout String) {
        let keys = entries.count < 2 ? Array(entries.keys) : entries.keys.sorted(by: sortsBefore)
        out += "{"
        for (index, key) in keys.enumerated() {
            if index > 0 { out += "," }
            FoundationJSONString.append(key, to: &out)
            out += ":"
            entries[key]?.writeStored(into: &out)
        }
        out += "}"
    }

    /// Whether key `a` comes before `b` in `JSONSerialization`'s sorted order: Foundation's numeric,
    /// case-insensitive, forced comparison in the system locale. Two keys of ASCII letters only (most
    /// keys of a values file) that differ in more than case are ordered by their lower-cased letters
    /// without Foundation, which bridged every comparison to `NSString` (2.5% of a real fleet's CPU);
    /// `HelmValueTests` compares the two on letter keys of every case and length.
    static func sortsBefore(_ a: String, _ b: String) -> Bool {
        if let order = letterOrder(a, b) { return order }
        return a.compare(b, options: [.numeric, .caseInsensitive, .forcedOrdering], range: a.startIndex..<a.endIndex,
                         locale: NSLocale.system as Locale) == .orderedAscending
    }

    /// The order of two keys of ASCII letters by their lower-cased letters; nil for other keys, or
    /// when they differ only in case.
    private static func letterOrder(_ a: String, _ b: String) -> Bool? {
        func folded(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): byte
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte | 0x20
            default: nil
            }
        }
        var left = a.utf8.makeIterator(), right = b.utf8.makeIterator()
        var order: Bool?
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return order
            case (let x?, nil):
                guard folded(x) != nil, left.allSatisfy({ folded($0) != nil }) else { return nil }
                return order ?? false
            case (nil, let y?):
                guard folded(y) != nil, right.allSatisfy({ folded($0) != nil }) else { return nil }
                return order ?? true
            case (let x?, let y?):
                guard let x = folded(x), let y = folded(y) else { return nil }
                if order == nil, x != y { order = x < y }
            }
        }
    }

    /// The value a `storedText` holds: read directly (`HelmStoredValueReader`), or through
    /// `JSONSerialization` when the text is not in the writer's form.
    static func fromStored(_ text: String) -> HelmValue? {
        var reader = HelmStoredValueReader(text)
        return reader.read() ?? fromStoredThroughFoundation(text)
    }

    /// The value a stored text holds, as `JSONSerialization` reads it (`HelmValueTests` compares the two ways).
    static func fromStoredThroughFoundation(_ text: String) -> HelmValue? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let inner = object["v"] else { return nil }
        return fromStoredObject(inner)
    }

    private static func fromStoredObject(_ object: Any) -> HelmValue? {
        switch object {
        case is NSNull: return .null
        case let text as String: return .string(text)
        case let items as [Any]:
            var out: [HelmValue] = []
            for item in items {
                guard let value = fromStoredObject(item) else { return nil }
                out.append(value)
            }
            return .list(out)
        case let entries as [String: Any]:
            if entries.count == 1, let number = entries["\u{1}number"] as? String { return .number(number) }
            if entries.count == 1, let text = entries[ambiguousKey] as? String { return .ambiguous(text) }
            if entries.count == 1, let reason = entries["\u{1}unknowable"] as? String { return .unknowable(reason) }
            var out: [String: HelmValue] = [:]
            for (key, value) in entries {
                guard let converted = fromStoredObject(value) else { return nil }
                out[key] = converted
            }
            return .map(out)
        case let value as Bool:
            return .bool(value)
        case let number as NSNumber:
            // Numbers are stored tagged, so a bare JSON number can only be a boolean.
            return .bool(number.boolValue)
        default:
            return nil
        }
    }
}
