/// A tolerant XML tokenizer for MSBuild files that keeps 1-based line numbers.
///
/// MSBuild projects are small, hand-written XML; a full parser would refuse a whole file over one
/// mistake. This scanner never fails: comments, processing instructions and DOCTYPEs are skipped,
/// CDATA is text, entities are decoded, and whatever is malformed ends the token it is in.
struct MSBuildXMLScanner {
    /// An attribute of a start tag, with the line where its value starts.
    struct Attribute {
        let name: String
        let value: String
        let line: Int
    }

    /// One token of the document.
    enum Token {
        case start(name: String, attributes: [Attribute], line: Int, selfClosing: Bool)
        case end(name: String)
        /// Text content; `line` is where the text starts.
        case text(String, line: Int)
    }

    private let bytes: [UInt8]
    private(set) var index = 0
    private(set) var line = 1

    init(text: String) {
        bytes = Array(text.utf8)
    }

    /// Every token of the document, in order, or those read before `budget` (a step per byte) ran out.
    static func tokens(of text: String, budget: ExtractionBudget? = nil) -> [Token] {
        var scanner = MSBuildXMLScanner(text: text)
        var tokens: [Token] = []
        var consumed = 0
        while let token = scanner.next() {
            guard budget?.spend(1 + scanner.index - consumed, line: scanner.line) ?? true else { break }
            consumed = scanner.index
            tokens.append(token)
        }
        return tokens
    }

    mutating func next() -> Token? {
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                let startLine = line
                let start = index
                advance(until: [UInt8(ascii: "<")])
                return .text(Self.decodeEntities(String(decoding: bytes[start..<index], as: UTF8.self)), line: startLine)
            }
            if starts(with: "<!--") {
                advance(past: "-->")
            } else if starts(with: "<![CDATA[") {
                let startLine = line
                index += 9
                let start = index
                advance(until: Array("]]>".utf8), consume: false)
                let text = String(decoding: bytes[start..<min(index, bytes.count)], as: UTF8.self)
                advance(past: "]]>")
                return .text(text, line: startLine)
            } else if starts(with: "<?") {
                advance(past: "?>")
            } else if starts(with: "<!") {
                advance(past: ">")
            } else if starts(with: "</") {
                index += 2
                let name = readName()
                advance(past: ">")
                return .end(name: name)
            } else {
                return startTag()
            }
        }
        return nil
    }

    private mutating func startTag() -> Token {
        let tagLine = line
        index += 1
        let name = readName()
        var attributes: [Attribute] = []
        while index < bytes.count {
            skipWhitespace()
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") {
                index += 1
                return .start(name: name, attributes: attributes, line: tagLine, selfClosing: false)
            }
            if starts(with: "/>") {
                index += 2
                return .start(name: name, attributes: attributes, line: tagLine, selfClosing: true)
            }
            let attributeName = readName()
            if attributeName.isEmpty {
                index += 1
                continue
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { continue }
            let quote = bytes[index]
            index += 1
            let valueLine = line
            let start = index
            advance(until: [quote])
            let value = String(decoding: bytes[start..<min(index, bytes.count)], as: UTF8.self)
            index += 1
            attributes.append(Attribute(name: attributeName, value: Self.decodeEntities(value), line: valueLine))
        }
        return .start(name: name, attributes: attributes, line: tagLine, selfClosing: false)
    }

    private func starts(with literal: String) -> Bool {
        let needle = Array(literal.utf8)
        guard index + needle.count <= bytes.count else { return false }
        return Array(bytes[index..<(index + needle.count)]) == needle
    }

    private mutating func readName() -> String {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            let isNameByte = byte >= 0x80 || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
            guard isNameByte else { break }
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
    }

    /// Moves to the next byte in `stops` (or the end), counting lines.
    private mutating func advance(until stops: [UInt8]) {
        while index < bytes.count, !stops.contains(bytes[index]) {
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
    }

    /// Moves to the start of the next `terminator` (or the end), counting lines.
    private mutating func advance(until terminator: [UInt8], consume: Bool) {
        while index < bytes.count {
            if index + terminator.count <= bytes.count, Array(bytes[index..<(index + terminator.count)]) == terminator {
                if consume { index += terminator.count }
                return
            }
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
    }

    /// Moves just past the next `terminator` (or to the end), counting lines.
    private mutating func advance(past terminator: String) {
        advance(until: Array(terminator.utf8), consume: true)
    }

    /// `text` with the predefined and numeric character references decoded; unknown ones kept.
    static func decodeEntities(_ text: String) -> String {
        guard text.containsByte(UInt8(ascii: "&")) else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[amp...]
            guard let semicolon = after.firstIndex(of: ";"), after.distance(from: amp, to: semicolon) <= 10 else {
                out.append("&")
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = after[after.index(after: amp)..<semicolon]
            if let decoded = decode(entity) {
                out += decoded
            } else {
                out += after[amp...semicolon]
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return out + rest
    }

    private static func decode(_ entity: Substring) -> String? {
        switch entity {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard entity.hasPrefix("#") else { return nil }
            let digits = entity.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X")
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
    }
}
