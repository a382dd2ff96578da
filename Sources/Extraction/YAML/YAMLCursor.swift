import Yams

/// A position in a composed YAML document: a node, the line it is written at *where it is being read*,
/// and the path that led to it.
///
/// Cursors apply merge keys (`<<: *base`, `<<: [*a, *b]`, inline `<<: {…}`; own keys win, then earlier
/// merged mappings) and notice aliases: a node reached through `*name` reports the line of that `*name`
/// (the place that uses it), not the line of its anchor, and so does everything below it. Every step is
/// paid from the file's `YAMLTraversal` budget.
public struct YAMLCursor {
    /// One key of a mapping with the cursor on its value.
    public struct Entry {
        /// The key as written (non-scalar keys are skipped).
        public var key: String
        /// The line of the key at the place it is read.
        public var keyLine: Int
        /// A cursor on the key's value.
        public var value: YAMLCursor
    }

    /// The node under the cursor.
    public let node: Node
    /// 1-based line where the node is written, or where the alias that brought it here is written.
    public let line: Int
    /// Keys and `[index]`s from the document root.
    public let path: [String]
    /// The anchor name of the first alias on the way here, if any.
    public let alias: String?
    /// Which document of the file (0-based).
    public let document: Int
    let traversal: YAMLTraversal

    init(root: Node, document: Int, traversal: YAMLTraversal) {
        self.node = root
        self.line = root.mark?.line ?? 1
        self.path = []
        self.alias = nil
        self.document = document
        self.traversal = traversal
    }

    private init(node: Node, line: Int, path: [String], alias: String?, document: Int, traversal: YAMLTraversal) {
        self.node = node
        self.line = line
        self.path = path
        self.alias = alias
        self.document = document
        self.traversal = traversal
    }

    // MARK: Scalars

    /// The scalar's text as written (quotes removed); `nil` for null, empty plain values and collections.
    public var string: String? {
        guard case .scalar(let scalar) = node else { return nil }
        if scalar.style == .plain || scalar.style == .any {
            switch scalar.string {
            case "", "~", "null", "Null", "NULL": return nil
            default: break
            }
        }
        return scalar.string
    }

    /// Whether the node is a mapping.
    /// The text a flow mapping is written as on its line (`{{ include "x" . }}`, which YAML reads as a
    /// mapping), or `nil` for any other node.
    var flowMappingText: String? {
        // Yams does not keep a composed mapping's style: the text at the node's mark tells.
        guard case .mapping(let mapping) = node, mapping.style != .block, alias == nil, let mark = node.mark,
              let rest = traversal.rest(ofLine: mark.line, fromColumn: mark.column), rest.hasPrefix("{") else { return nil }
        let text = rest.trimmingWhitespaceAndNewlines()
        return text.isEmpty ? nil : text
    }

    public var isMapping: Bool { if case .mapping = node { true } else { false } }
    /// Whether the node is a sequence.
    public var isSequence: Bool { if case .sequence = node { true } else { false } }

    /// The path as `a.b[0].c`, for contexts and messages.
    public var pathDescription: String {
        var out = ""
        for segment in path {
            if segment.hasPrefix("[") || out.isEmpty { out += segment } else { out += "." + segment }
        }
        return out
    }

    // MARK: Mappings

    /// The mapping's entries with merge keys applied; empty for other nodes or once the budget is spent.
    public var entries: [Entry] {
        entries(depth: 0)
    }

    /// The value of `key` (merge keys applied), or `nil`.
    public subscript(key: String) -> YAMLCursor? {
        guard case .mapping(let mapping) = node else { return nil }
        guard traversal.spend(1, at: line) else { return nil }
        // Own keys win over merged ones, so a mapping without merge keys is searched directly.
        var previous = mapping.mark
        var merges = false
        for index in mapping.indices {
            let (keyNode, valueNode) = mapping[index]
            defer { previous = keyNode.mark }
            guard case .scalar(let keyScalar) = keyNode else { continue }
            if Self.isMergeKey(keyScalar) {
                merges = true
            } else if keyScalar.string == key {
                let keyLine = alias == nil ? (keyNode.mark?.line ?? line) : line
                return child(valueNode, segment: key, after: keyNode.mark ?? previous, searchFrom: keyLine)
            }
        }
        return merges ? entries.first(where: { $0.key == key })?.value : nil
    }

    /// The value at a dotted path of keys, e.g. `cursor[path: ["spec", "template"]]`.
    public subscript(path keys: [String]) -> YAMLCursor? {
        var current: YAMLCursor? = self
        for key in keys { current = current?[key] }
        return current
    }

    /// The mapping's keys in order (merge keys applied).
    public var keys: [String] {
        guard case .mapping(let mapping) = node else { return [] }
        // Without merge keys the keys are the mapping's own, read without a cursor for each value as
        // `entries` would make; the budget pays the same.
        var own: [String?] = []
        var ownPosition: [String: Int] = [:]
        for index in mapping.indices {
            guard case .scalar(let keyScalar) = mapping[index].key else { continue }
            if Self.isMergeKey(keyScalar) { return entries.map(\.key) }
            if let earlier = ownPosition[keyScalar.string] { own[earlier] = nil }
            ownPosition[keyScalar.string] = own.count
            own.append(keyScalar.string)
        }
        guard traversal.spend(mapping.count, at: line) else { return [] }
        return own.compactMap { $0 }
    }

    /// A plain `<<` key: YAML's merge key.
    private static func isMergeKey(_ scalar: Node.Scalar) -> Bool {
        scalar.string == "<<" && (scalar.style == .plain || scalar.style == .any)
    }

    private func entries(depth: Int) -> [Entry] {
        guard case .mapping(let mapping) = node else { return [] }
        guard depth < 16 else { return [] }  // merge chains deeper than this are not configuration
        guard traversal.spend(mapping.count, at: line) else { return [] }
        // A key written again replaces its earlier entry and takes its place in the order: the earlier
        // one is left as nil. Keys are looked up by hash, so a mapping of any size is read in linear time.
        var own: [Entry?] = []
        var ownPosition: [String: Int] = [:]
        var merged: [Entry] = []
        var mergedKeys: Set<String> = []
        var previous = mapping.mark
        // By index: Yams' `Node.Mapping.makeIterator()` copies every pair into a new array first.
        for index in mapping.indices {
            let (keyNode, valueNode) = mapping[index]
            defer { previous = keyNode.mark }
            guard case .scalar(let keyScalar) = keyNode else { continue }
            let keyLine = alias == nil ? (keyNode.mark?.line ?? line) : line
            let value = child(valueNode, segment: keyScalar.string, after: keyNode.mark ?? previous, searchFrom: keyLine)
            if Self.isMergeKey(keyScalar) {
                let sources = value.isSequence ? value.items : [value]
                for source in sources {
                    for entry in source.withPath(path).entries(depth: depth + 1) where mergedKeys.insert(entry.key).inserted {
                        merged.append(entry)
                    }
                }
                continue
            }
            if let earlier = ownPosition[keyScalar.string] { own[earlier] = nil }
            ownPosition[keyScalar.string] = own.count
            own.append(Entry(key: keyScalar.string, keyLine: keyLine, value: value))
        }
        return own.compactMap { $0 } + merged.filter { ownPosition[$0.key] == nil }
    }

    // MARK: Sequences

    /// The sequence's items; empty for other nodes or once the budget is spent.
    public var items: [YAMLCursor] {
        guard case .sequence(let sequence) = node else { return [] }
        guard traversal.spend(sequence.count, at: line) else { return [] }
        var out: [YAMLCursor] = []
        var previous = sequence.mark
        for (index, itemNode) in sequence.enumerated() {
            let item = child(itemNode, segment: "[\(index)]", after: previous,
                             searchFrom: alias == nil ? (previous?.line ?? line) : line)
            if item.alias == alias { previous = itemNode.mark }
            out.append(item)
        }
        return out
    }

    /// The items of a sequence, or the node itself when it is a single value (`services: x` or `[x]`).
    public var itemsOrSelf: [YAMLCursor] {
        isSequence ? items : [self]
    }

    // MARK: Walking

    /// What a visitor wants after seeing a node.
    public enum WalkStep {
        /// Look inside this node too.
        case descend
        /// Do not look inside this node.
        case skipChildren
    }

    /// Visits this node and everything below it depth-first, with the key each node stands under
    /// (`nil` for sequence items and the start). Bounded by the budget and `YAMLTraversal.maxDepth`.
    public func walk(_ visit: (YAMLCursor, String?) -> WalkStep) {
        walk(key: nil, depth: 0, visit)
    }

    private func walk(key: String?, depth: Int, _ visit: (YAMLCursor, String?) -> WalkStep) {
        guard visit(self, key) == .descend else { return }
        guard depth < YAMLTraversal.maxDepth else {
            traversal.tooDeep(at: line)
            return
        }
        switch node {
        case .mapping:
            for entry in entries { entry.value.walk(key: entry.key, depth: depth + 1, visit) }
        case .sequence:
            for item in items { item.walk(key: nil, depth: depth + 1, visit) }
        case .scalar, .alias:
            return
        }
    }

    /// Whether some value at or below this node, as composed, may satisfy `matches` (given the key it
    /// stands under, nil for items and this node): a plain look at the nodes that creates no cursors.
    /// It sees every value a `walk` can visit and more (merge sources, values of duplicate keys), so
    /// `false` proves a walk would find nothing. Aliases can make a small text compose into a huge tree:
    /// past as many nodes as the file's traversal budget it stops and answers `true` (walk to know).
    public func mayHold(where matches: (_ key: String?, _ node: Node) -> Bool) -> Bool {
        var pending: [(key: String?, node: Node)] = [(nil, node)]
        var visits = 0
        let limit = YAMLTraversal.baseBudget + traversal.text.utf8.count
        while let (key, node) = pending.popLast() {
            visits += 1
            if visits > limit || matches(key, node) { return true }
            switch node {
            case .mapping(let mapping):
                // By index: Yams' `Node.Mapping.makeIterator()` copies every pair into a new array first.
                for index in mapping.indices {
                    let (keyNode, value) = mapping[index]
                    if case .scalar(let keyScalar) = keyNode { pending.append((keyScalar.string, value)) } else { pending.append((nil, value)) }
                }
            case .sequence(let sequence):
                for item in sequence { pending.append((nil, item)) }
            case .scalar, .alias:
                break
            }
        }
        return false
    }

    // MARK: Children

    /// A cursor on `child`, noticing when it was reached through an alias: a node written in place
    /// always starts after the key or item before it, an aliased one starts where its anchor is.
    private func child(_ child: Node, segment: String, after previous: Mark?, searchFrom: Int) -> YAMLCursor {
        let childPath = path + [segment]
        if alias != nil {
            return YAMLCursor(node: child, line: line, path: childPath, alias: alias, document: document, traversal: traversal)
        }
        if let mark = child.mark, let previous, (mark.line, mark.column) <= (previous.line, previous.column),
           let anchor = child.anchor?.rawValue {
            let useLine = traversal.aliasLine(anchor: anchor, from: searchFrom) ?? searchFrom
            return YAMLCursor(node: child, line: useLine, path: childPath, alias: anchor, document: document, traversal: traversal)
        }
        return YAMLCursor(node: child, line: child.mark?.line ?? line, path: childPath, alias: nil,
                          document: document, traversal: traversal)
    }

    /// The same cursor seen under another path (merged entries belong to the mapping that merges them).
    private func withPath(_ newPath: [String]) -> YAMLCursor {
        YAMLCursor(node: node, line: line, path: newPath, alias: alias, document: document, traversal: traversal)
    }
}
