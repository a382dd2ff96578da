import Foundation
import Inventory

/// The rules of one CODEOWNERS file: who owns each path of a branch.
///
/// Lines are `pattern owner…`; `#` starts a comment; the last rule whose pattern matches a path
/// decides its owners (a matching rule without owners leaves the path unowned). GitLab section
/// headers (`[Section] @default-owner`, `^[Optional]`) are understood: their default owners apply
/// to the section's rules that name none.
public struct CodeOwners: Sendable, Hashable {
    /// One line of the file.
    public struct Rule: Sendable, Hashable {
        /// The path pattern.
        public var pattern: CodeOwnersPattern
        /// The owners as written (`@org/team`, `@user`, `user@example.com`); may be empty.
        public var owners: [String]
        /// The 1-based line in the file.
        public var line: Int
    }

    /// Where the file lies in the branch (`.github/CODEOWNERS`, …).
    public var path: String
    /// The rules in file order.
    public var rules: [Rule]

    /// The file a branch's owners come from: the first of `CodeownersFile.locations` among `files`.
    public static func select(from files: [CodeownersFile]) -> CodeOwners? {
        for location in CodeownersFile.locations {
            if let file = files.first(where: { $0.path == location }) {
                return CodeOwners(parsing: file.content, path: file.path)
            }
        }
        return nil
    }

    /// Parses CODEOWNERS text; lines that cannot be rules are skipped.
    public init(parsing text: String, path: String) {
        self.path = path
        var rules: [Rule] = []
        var sectionOwners: [String] = []
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") || line.hasPrefix("^[") {
                sectionOwners = Self.sectionDefaultOwners(line)
                continue
            }
            let tokens = Self.tokens(line)
            guard let pattern = tokens.first else { continue }
            var owners = Array(tokens.dropFirst().prefix { !$0.hasPrefix("#") })
            if owners.isEmpty { owners = sectionOwners }
            rules.append(Rule(pattern: CodeOwnersPattern(pattern), owners: owners, line: index + 1))
        }
        self.rules = rules
    }

    /// The rule deciding the owners of `path`: the last one that matches.
    public func rule(for path: String) -> Rule? {
        rules.last { $0.pattern.matches(path) }
    }

    /// The owners of `path`; empty when no rule matches or the deciding rule names nobody.
    public func owners(of path: String) -> [String] {
        rule(for: path)?.owners ?? []
    }

    /// Whitespace-separated tokens; `\ ` keeps a space inside a pattern.
    static func tokens(_ line: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                // Only an escaped space or `#` loses its backslash; other escapes are for the glob.
                if character != " " && character != "#" { current.append("\\") }
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == " " || character == "\t" {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// The owners after a GitLab section header such as `[Docs][2] @docs-team`.
    static func sectionDefaultOwners(_ line: String) -> [String] {
        guard let close = line.lastIndex(of: "]") else { return [] }
        return tokens(String(line[line.index(after: close)...])).prefix { !$0.hasPrefix("#") }.map { $0 }
    }
}
