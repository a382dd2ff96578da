/// Reads back the JSON `HelmValue.storedText` writes, without going through Foundation objects.
///
/// It accepts exactly that form (`{"v":…}`: objects, arrays, strings with the writer's escapes,
/// `true`, `false`, `null`, no spaces) and answers nil for anything else, which `HelmValue.fromStored`
/// then reads through `JSONSerialization` as it always did: a number, a duplicate key, a string
/// starting with U+FEFF (which `JSONSerialization` drops), JSON from another writer.
struct HelmStoredValueReader {
    /// Deepest nesting read here (the values `HelmValue.from` keeps are far shallower).
    static let maxDepth = 512

    private var reader: CompactJSONReader

    init(_ text: String) {
        reader = CompactJSONReader(text, refusingLeadingByteOrderMark: true)
    }

    /// The value, or nil when the text is not in the writer's form.
    mutating func read() -> HelmValue? {
        guard reader.take("{\"v\":"), let value = value(depth: 0), reader.take("}"), reader.isAtEnd else { return nil }
        return value
    }

    private mutating func value(depth: Int) -> HelmValue? {
        guard depth < Self.maxDepth, let next = reader.next else { return nil }
        switch next {
        case UInt8(ascii: "\""): return reader.string().map(HelmValue.string)
        case UInt8(ascii: "["): return list(depth: depth)
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "t"): return reader.take("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return reader.take("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return reader.take("null") ? .null : nil
        default: return nil
        }
    }

    private mutating func list(depth: Int) -> HelmValue? {
        guard reader.take("[") else { return nil }
        var items: [HelmValue] = []
        if reader.take("]") { return .list(items) }
        repeat {
            guard let item = value(depth: depth + 1) else { return nil }
            items.append(item)
        } while reader.take(",")
        return reader.take("]") ? .list(items) : nil
    }

    /// A mapping, or the tagged forms `HelmValue.storedText` writes for numbers, YAML 1.1 words and what
    /// only an install knows (a single key of that name with a string).
    private mutating func object(depth: Int) -> HelmValue? {
        guard reader.take("{") else { return nil }
        var entries: [String: HelmValue] = [:]
        if !reader.take("}") {
            repeat {
                guard let key = reader.string(), reader.take(":"), let value = value(depth: depth + 1),
                      entries.updateValue(value, forKey: key) == nil else { return nil }
            } while reader.take(",")
            guard reader.take("}") else { return nil }
        }
        if entries.count == 1, let (key, value) = entries.first, case .string(let text) = value {
            switch key {
            case "\u{1}number": return .number(text)
            case HelmValue.ambiguousKey: return .ambiguous(text)
            case "\u{1}unknowable": return .unknowable(text)
            default: break
            }
        }
        return .map(entries)
    }
}
