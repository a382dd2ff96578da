import Foundation

/// A Compose project's `.env` file: the variables Compose interpolates into the compose files of the
/// same folder (the project directory), read with Compose's `.env` syntax.
///
/// Each `NAME=value` line defines `compose/env:NAME` for the compose files beside it (see
/// `DefinitionIndex.composeLookup`). The syntax is Compose's: `#` lines and blank lines are ignored, an
/// optional `export ` prefix, `NAME=value` with the value unquoted (an inline comment needs a space
/// before `#`), double-quoted (escapes `\n`, `\t`, `\\`, `\"`; may span lines) or single-quoted (taken
/// literally). Unquoted and double-quoted values are interpolated from the variables defined above them;
/// a variable the file does not define is set by the shell that runs Compose, so such a value is
/// defined as unknown. `env_file:` files are not read: Compose gives them to the container, never to
/// interpolation.
///
/// Values are kept in the facts cache, so a value that cannot be part of an image reference (spaces,
/// punctuation, over 255 characters) or whose name says it is a secret is not defined.
enum ComposeEnvFileExtractor {
    /// Bumped whenever the facts for the same bytes could change.
    static let version = 2

    /// The namespace of `.env` variables.
    static let namespace = "compose/env"
    /// The namespace marking a `.env` value that depends on the shell environment.
    static let unknownNamespace = "compose/env-unknown"
    /// A variable the file sets that census does not keep (a secret-looking name, or a value that cannot
    /// be part of an image): it is set, so a `${VAR:-default}` must not fall back to its default.
    static let withheldNamespace = "compose/env-withheld"
    /// Lines a quoted value may span; past that the quote is taken as never closed.
    static let maxQuotedLines = 64

    /// Facts of the `.env` file whose content is `text`.
    static func extract(text: String, budget: ExtractionBudget) -> FileFacts {
        var facts = FileFacts()
        var known: [String: String?] = [:]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            let lineNumber = index + 1
            guard budget.spend(lines[index].utf8.count + 1, line: lineNumber) else { break }
            var body = Substring(lines[index].hasSuffix("\r") ? String(lines[index].dropLast()) : lines[index])
            index += 1
            body = body.drop { $0 == " " || $0 == "\t" }
            if body.isEmpty || body.hasPrefix("#") { continue }
            if body.hasPrefix("export ") { body = body.dropFirst(7).drop { $0 == " " || $0 == "\t" } }
            guard let equals = body.firstIndex(of: "=") else { continue }
            let name = body[..<equals].trimmingWhitespace()
            guard isName(name) else { continue }
            var rest = String(body[body.index(after: equals)...].drop { $0 == " " || $0 == "\t" })
            let value: String?
            if rest.hasPrefix("'") {
                // Single quotes: literal, `\'` escapes a quote; may span lines.
                guard let close = quotedValue("'", in: &rest, lines: lines, index: &index, budget: budget) else {
                    facts.warnings.append(unterminated(name, line: lineNumber))
                    continue
                }
                value = String(rest[rest.index(after: rest.startIndex)..<close]).replacingOccurrences(of: "\\'", with: "'")
            } else if rest.hasPrefix("\"") {
                guard let close = quotedValue("\"", in: &rest, lines: lines, index: &index, budget: budget) else {
                    facts.warnings.append(unterminated(name, line: lineNumber))
                    continue
                }
                value = interpolate(unescape(String(rest[rest.index(after: rest.startIndex)..<close])), known: known, budget: budget)
            } else {
                var unquoted = rest
                if let comment = unquoted.range(of: " #") ?? unquoted.range(of: "\t#") {
                    unquoted = String(unquoted[..<comment.lowerBound])
                }
                value = interpolate(unquoted.trimmingWhitespace(), known: known, budget: budget)
            }
            known[name] = .some(value)
            let withheld = SymbolPlaceholder.make(namespace: withheldNamespace, name: name)
            let defined = looksSecret(name) ? withheld
                : value.map { isImagePart($0) ? $0 : withheld } ?? SymbolPlaceholder.make(namespace: unknownNamespace, name: name)
            facts.definitions.append(SymbolDefinition(namespace: namespace, name: name, value: defined, line: lineNumber))
        }
        if let warning = budget.warning { facts.warnings.append(warning) }
        return facts
    }

    /// The value with `$VAR`/`${VAR…}` taken from earlier lines; `nil` when it needs a variable the file
    /// does not set (the shell's environment decides it).
    static func interpolate(_ text: String, known: [String: String?], budget: ExtractionBudget, depth: Int = 0) -> String? {
        guard depth < 8 else { return nil }
        var out = ""
        for token in DollarInterpolation.tokens(text, budget: budget) {
            switch token {
            case .text(let literal): out += literal
            case .variable(let name, let modifier, _):
                // Not in `known`: unset, as the compose files beside it take it (defaults apply).
                // In `known` as nil: set to something the shell decides.
                let current: String?? = known[name]
                if case .some(.none) = current { return nil }
                let value: String? = current ?? nil
                switch modifier {
                case .fallback(let word, let emptyToo)?:
                    if let value, !(emptyToo && value.isEmpty) { out += value; continue }
                    guard let fallback = interpolate(word, known: known, budget: budget, depth: depth + 1) else { return nil }
                    out += fallback
                case .alternative(let word, let emptyToo)?:
                    guard let value, !(emptyToo && value.isEmpty) else { continue }
                    guard let alternative = interpolate(word, known: known, budget: budget, depth: depth + 1) else { return nil }
                    out += alternative
                case .required?, nil:
                    guard let value else { return nil }
                    out += value
                }
            }
        }
        return out
    }

    /// The index of the quote closing the value that starts with `quote`, skipping `\`-escaped quotes.
    /// The closing quote of the value `rest` opens, taking in following lines (at most
    /// `maxQuotedLines`) while it is open; nil when it never closes, and then `index` is left at the line
    /// after the opening one, so the rest of the file is still read.
    private static func quotedValue(_ quote: Character, in rest: inout String, lines: [String], index: inout Int,
                                    budget: ExtractionBudget) -> String.Index? {
        let start = index
        while closingQuote(quote, in: rest) == nil {
            guard index < lines.count, index - start < maxQuotedLines, budget.spend(lines[index].utf8.count + 1) else {
                index = start
                return nil
            }
            rest += "\n" + lines[index]
            index += 1
        }
        return closingQuote(quote, in: rest)
    }

    private static func unterminated(_ name: String, line: Int) -> ExtractionWarning {
        ExtractionWarning(line: line, message: "the quoted value of \(name) is never closed; it is not read")
    }

    private static func closingQuote(_ quote: Character, in text: String) -> String.Index? {
        var index = text.index(after: text.startIndex)
        var escaped = false
        while index < text.endIndex {
            let character = text[index]
            if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == quote { return index }
            index = text.index(after: index)
        }
        return nil
    }

    private static func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                default: out.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    private static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy {
            $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        }
    }

    /// Whether a value can be (part of) an image reference: the characters of the reference grammar.
    static func isImagePart(_ value: String) -> Bool {
        value.utf8.count <= 255 && value.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._-/:@".unicodeScalars.contains($0)
        }
    }

    /// Names that hold credentials by convention; their values never enter the facts cache.
    static func looksSecret(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "CREDENTIAL", "PRIVATE", "API_KEY", "ACCESS_KEY"].contains { upper.contains($0) }
    }
}
