/// A unified diff (`diff -u`, as `git diff` prints it) of a file whose lines were changed in place.
///
/// Migration edits never add or remove lines, so lines are paired by number; hunks carry three lines of
/// context. Line endings are kept as they are (a CRLF file shows its `\r`), and a last line without a
/// newline is marked as git marks it, so `git apply` takes the patch as it is.
enum UnifiedDiff {
    static let context = 3

    /// The hunks of the change from `old` to `new` (same line count), after a `--- a/path` / `+++ b/path` header.
    static func make(path: String, old: [UInt8], new: [UInt8]) -> String {
        let before = lines(old), after = lines(new)
        guard before.count == after.count else { return "" }
        let changed = before.indices.filter { before[$0] != after[$0] }
        guard !changed.isEmpty else { return "" }
        var out = "--- a/\(path)\n+++ b/\(path)\n"
        var groups: [ClosedRange<Int>] = []
        for index in changed {
            let low = max(0, index - context), high = min(before.count - 1, index + context)
            if let last = groups.last, low <= last.upperBound + 1 {
                groups[groups.count - 1] = last.lowerBound...max(last.upperBound, high)
            } else {
                groups.append(low...high)
            }
        }
        for group in groups {
            let count = group.count
            out += "@@ -\(group.lowerBound + 1),\(count) +\(group.lowerBound + 1),\(count) @@\n"
            var removed = "", added = ""
            func flush() {
                out += removed + added
                removed = ""
                added = ""
            }
            for index in group {
                if before[index] == after[index] {
                    flush()
                    out += " " + text(before[index])
                } else {
                    removed += "-" + text(before[index])
                    added += "+" + text(after[index])
                }
            }
            flush()
        }
        return out
    }

    /// The lines of a file, each with its own `\n` when it has one.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            out.append(bytes[start...index])
            start = index + 1
        }
        if start < bytes.count { out.append(bytes[start...]) }
        return out
    }

    /// A line as diff text: its bytes, then a newline, or git's marker when it has none.
    private static func text(_ line: ArraySlice<UInt8>) -> String {
        let body = String(decoding: line, as: UTF8.self)
        return line.last == UInt8(ascii: "\n") ? body : body + "\n\\ No newline at end of file\n"
    }
}
