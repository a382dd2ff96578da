/// A JSON-with-comments document (`devcontainer.json`, VS Code settings): `//` and `/* */` comments and
/// trailing commas are allowed; every value keeps its 1-based line. Parsing stops at the first error
/// with a line, keeping what was read before it.
struct JSONCDocument {
    /// A JSON value with the line it starts on.
    indirect enum Value {
        case object([(key: String, value: Node)])
        case array([Node])
        case string(String)
        case other(String)
    }

    /// A value and its line.
    struct Node {
        var value: Value
        var line: Int

        /// The member `key` of an object (the last one when repeated).
        subscript(key: String) -> Node? {
            guard case .object(let members) = value else { return nil }
            return members.last(where: { $0.key == key })?.value
        }

        /// The string value, if this is a string.
        var string: String? {
            if case .string(let text) = value { return text }
            return nil
        }
    }

    /// Deepest nesting parsed; deeper input is an error.
    static let maxDepth = 64

    var root: Node?
    var error: ExtractionWarning?

    init(text: String) {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        do {
            root = try parser.value(depth: 0)
            parser.skipTrivia()
            if parser.index < parser.scalars.count {
                throw ParseError(line: parser.line, message: "unexpected text after the JSON value")
            }
        } catch let problem as ParseError {
            error = ExtractionWarning(line: problem.line, message: "not valid JSON: \(problem.message)")
        } catch {
            self.error = ExtractionWarning(message: "not valid JSON")
        }
    }

    private struct ParseError: Error {
        var line: Int
        var message: String
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1

        mutating func value(depth: Int) throws -> Node {
            guard depth < JSONCDocument.maxDepth else { throw ParseError(line: line, message: "nesting too deep") }
            skipTrivia()
            guard index < scalars.count else { throw ParseError(line: line, message: "unexpected end of text") }
            let start = line
            switch scalars[index] {
            case "{":
                index += 1
                var members: [(key: String, value: Node)] = []
                while true {
                    skipTrivia()
                    guard index < scalars.count else { throw ParseError(line: line, message: "unclosed object") }
                    if scalars[index] == "}" { index += 1; break }
                    guard scalars[index] == "\"" else { throw ParseError(line: line, message: "expected a quoted key") }
                    let key = try string()
                    skipTrivia()
                    guard index < scalars.count, scalars[index] == ":" else { throw ParseError(line: line, message: "expected ':' after key \"\(key)\"") }
                    index += 1
                    members.append((key, try value(depth: depth + 1)))
                    skipTrivia()
                    if index < scalars.count, scalars[index] == "," { index += 1 }
                    else if index < scalars.count, scalars[index] == "}" { continue }
                    else { throw ParseError(line: line, message: "expected ',' or '}'") }
                }
                return Node(value: .object(members), line: start)
            case "[":
                index += 1
                var items: [Node] = []
                while true {
                    skipTrivia()
                    guard index < scalars.count else { throw ParseError(line: line, message: "unclosed array") }
                    if scalars[index] == "]" { index += 1; break }
                    items.append(try value(depth: depth + 1))
                    skipTrivia()
                    if index < scalars.count, scalars[index] == "," { index += 1 }
                    else if index < scalars.count, scalars[index] == "]" { continue }
                    else { throw ParseError(line: line, message: "expected ',' or ']'") }
                }
                return Node(value: .array(items), line: start)
            case "\"":
                return Node(value: .string(try string()), line: start)
            default:
                var text = ""
                while index < scalars.count, !",}] \t\r\n/".unicodeScalars.contains(scalars[index]) {
                    text.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard !text.isEmpty else { throw ParseError(line: line, message: "unexpected character '\(scalars[index])'") }
                return Node(value: .other(text), line: start)
            }
        }

        mutating func string() throws -> String {
            index += 1
            var out = ""
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                switch scalar {
                case "\"":
                    return out
                case "\n":
                    throw ParseError(line: line, message: "line break inside a string")
                case "\\":
                    guard index < scalars.count else { break }
                    let escaped = scalars[index]
                    index += 1
                    switch escaped {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "r": out.append("\r")
                    case "b": out.append("\u{8}")
                    case "f": out.append("\u{c}")
                    case "u":
                        let hex = String(String.UnicodeScalarView(scalars[index..<min(index + 4, scalars.count)]))
                        index = min(index + 4, scalars.count)
                        if let code = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(code) { out.unicodeScalars.append(decoded) }
                    default: out.unicodeScalars.append(escaped)
                    }
                default:
                    out.unicodeScalars.append(scalar)
                }
            }
            throw ParseError(line: line, message: "unclosed string")
        }

        /// Skips whitespace and comments, counting lines.
        mutating func skipTrivia() {
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "\n" { line += 1; index += 1 }
                else if scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\u{FEFF}" { index += 1 }
                else if scalar == "/", index + 1 < scalars.count, scalars[index + 1] == "/" {
                    while index < scalars.count, scalars[index] != "\n" { index += 1 }
                } else if scalar == "/", index + 1 < scalars.count, scalars[index + 1] == "*" {
                    index += 2
                    while index < scalars.count, !(scalars[index] == "*" && index + 1 < scalars.count && scalars[index + 1] == "/") {
                        if scalars[index] == "\n" { line += 1 }
                        index += 1
                    }
                    index = min(index + 2, scalars.count)
                } else { return }
            }
        }
    }
}
