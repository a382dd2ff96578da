import Foundation

/// The texts of a target's test files, as seed inputs: every `"""` block (its indentation removed as
/// Swift does) and every one-line string literal of some length, with `\n`, `\t`, `\"` and `\\` undone.
/// Interpolations (`\(…)`) are kept as written: odd text is what a fuzzer wants anyway.
enum SeedHarvester {
    static func seeds(inTestFile text: String) -> [String] {
        var seeds: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasSuffix("\"\"\"") && line.trimmingCharacters(in: .whitespaces) != "\"\"\"" {
                // An opening `"""` at the end of a line: the block runs to a line of only `"""…`.
                var body: [String] = []
                index += 1
                while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("\"\"\"") {
                    body.append(lines[index])
                    index += 1
                }
                let indent = index < lines.count ? lines[index].prefix { $0 == " " }.count : 0
                seeds.append(body.map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }
                    .joined(separator: "\n") + "\n")
            } else {
                seeds += literals(in: line).filter { $0.count >= 4 }
            }
            index += 1
        }
        return seeds
    }

    /// One-line `"…"` literals of a line of Swift.
    private static func literals(in line: String) -> [String] {
        var found: [String] = []
        var current: String?
        var escaped = false
        for character in line {
            guard var text = current else {
                if character == "\"" { current = "" }
                continue
            }
            if escaped {
                switch character {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "0": text.append("\0")
                default: text.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                found.append(text)
                current = nil
                continue
            } else {
                text.append(character)
            }
            current = text
        }
        return found
    }
}
