import CYaml
import Yams

/// Composes YAML text into Yams nodes straight from libyaml's events: the nodes Yams' own composer
/// makes — the same strings, tags, styles, marks and anchors — for less (Yams wraps every event in an
/// object, decodes every scalar through Foundation and compares every mapping's keys as whole nodes to
/// find duplicates). Loading the bench fleet's 4,000 YAML files took 89 ms through Yams, 56 ms so.
///
/// Anything out of the ordinary is left to Yams, whose composer then decides, errors and all
/// (`documents(of:)` returns nil): text libyaml refuses, an alias to no anchor, a mapping key that is
/// not a scalar, and a key written twice in one mapping. Tests compare both composers node by node.
///
/// libyaml is Yams' own copy (its `CYaml` module). Yams gives `Mark` no public initializer: marks are
/// made from their two fields, and `isUsable` checks once that this gives the mark it should; if
/// not, every text is left to Yams.
struct YAMLComposer {
    private var parser = yaml_parser_t()
    private var event = yaml_event_t()
    private var anchors: [String: Node] = [:]
    /// What every tag of the text refers to, one for the text as Yams' parser has (`.default` makes a
    /// new one each time it is asked).
    private let constructor = Constructor.default
    /// Every anchor object made: nodes hold their anchors weakly.
    private(set) var anchorObjects: [Anchor] = []

    /// Whether marks can be made here (see the type's documentation).
    static let isUsable: Bool = {
        MemoryLayout<Mark>.size == MemoryLayout<(Int, Int)>.size
            && mark(line: 12, column: 34).line == 12 && mark(line: 12, column: 34).column == 34
    }()

    /// The documents of `text` as Yams composes them, and the anchors their nodes refer to (to be kept
    /// as long as the nodes); nil when Yams must compose the text itself.
    static func documents(of text: String) -> (documents: [Node], anchors: [Anchor])? {
        guard isUsable else { return nil }
        var text = text
        return text.withUTF8 { bytes -> (documents: [Node], anchors: [Anchor])? in
            var composer = YAMLComposer()
            yaml_parser_initialize(&composer.parser)
            defer { yaml_parser_delete(&composer.parser) }
            yaml_parser_set_encoding(&composer.parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&composer.parser, bytes.baseAddress, bytes.count)
            guard let documents = composer.composeStream() else { return nil }
            return (documents, composer.anchorObjects)
        }
    }

    // MARK: Events

    /// Reads the next event into `event` (the previous one deleted); false when libyaml refuses the text.
    private mutating func next() -> Bool {
        yaml_event_delete(&event)
        return yaml_parser_parse(&parser, &event) == 1
    }

    private mutating func composeStream() -> [Node]? {
        defer { yaml_event_delete(&event) }
        guard next(), event.type == YAML_STREAM_START_EVENT else { return nil }
        var documents: [Node] = []
        while true {
            guard next() else { return nil }
            if event.type == YAML_STREAM_END_EVENT { return documents }
            guard event.type == YAML_DOCUMENT_START_EVENT, next(), let root = composeNode(),
                  next(), event.type == YAML_DOCUMENT_END_EVENT else { return nil }
            documents.append(root)
        }
    }

    /// The node starting at the current event, its last event current when it returns.
    private mutating func composeNode() -> Node? {
        switch event.type {
        case YAML_ALIAS_EVENT:
            guard let name = Self.string(event.data.alias.anchor) else { return nil }
            return anchors[name]
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value = Self.value(UnsafeBufferPointer(start: scalar.value, count: scalar.length))
            let tag = scalar.quoted_implicit == 1 ? Tag.Name.str.rawValue : Self.string(scalar.tag)
            guard let style = Node.Scalar.Style(rawValue: numericCast(scalar.style.rawValue)) else { return nil }
            let anchor = anchor(Self.string(scalar.anchor))
            let node = Node.scalar(Node.Scalar(value, makeTag(tag), style, startMark, anchor))
            register(anchor, node)
            return node
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            let tag = start.implicit != 0 ? nil : Self.string(start.tag)
            let anchor = anchor(Self.string(start.anchor))
            let mark = startMark
            var items: [Node] = []
            while true {
                guard next() else { return nil }
                if event.type == YAML_SEQUENCE_END_EVENT { break }
                guard let item = composeNode() else { return nil }
                items.append(item)
            }
            // Yams takes the style from the end event, which has none: `.any`.
            guard let style = Node.Sequence.Style(rawValue: numericCast(event.data.sequence_start.style.rawValue)) else {
                return nil
            }
            let node = Node.sequence(Node.Sequence(items, makeTag(tag), style, mark, anchor))
            register(anchor, node)
            return node
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            let tag = start.implicit != 0 ? nil : Self.string(start.tag)
            let anchor = anchor(Self.string(start.anchor))
            let mark = startMark
            var pairs: [(Node, Node)] = []
            // Yams finds duplicate keys by hashing them, which resolves each key's tag in place (a plain
            // key's becomes `str`): done here the same way, so the keys come out the same.
            var keys: Set<Node> = []
            while true {
                guard next() else { return nil }
                if event.type == YAML_MAPPING_END_EVENT { break }
                guard let key = composeNode(), case .scalar = key, keys.insert(key).inserted,
                      next(), let value = composeNode() else { return nil }
                pairs.append((key, value))
            }
            // As for sequences, the style comes from the end event.
            guard let style = Node.Mapping.Style(rawValue: numericCast(event.data.mapping_start.style.rawValue)) else {
                return nil
            }
            let node = Node.mapping(Node.Mapping(pairs, makeTag(tag), style, mark, anchor))
            register(anchor, node)
            return node
        default:
            return nil
        }
    }

    // MARK: Parts

    private var startMark: Mark {
        Self.mark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
    }

    private static func mark(line: Int, column: Int) -> Mark {
        unsafeBitCast((line, column), to: Mark.self)
    }

    private func makeTag(_ name: String?) -> Tag {
        Tag(name.map(Tag.Name.init(rawValue:)) ?? .implicit, .basic, constructor)
    }

    private mutating func anchor(_ name: String?) -> Anchor? {
        guard let name else { return nil }
        let anchor = Anchor(rawValue: name)
        anchorObjects.append(anchor)
        return anchor
    }

    /// Like Yams, a later anchor of the same name replaces an earlier one, in any document after it.
    private mutating func register(_ anchor: Anchor?, _ node: Node) {
        if let anchor { anchors[anchor.rawValue] = node }
    }

    /// A scalar's text as Yams decodes it (through Foundation, which drops a leading byte order mark).
    private static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes.dropFirst(3)), as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
