/// One linear pass over a shell or PowerShell script's bytes, before any lexing, that proves when
/// reading the script would give no fact at all: no reference and no warning.
///
/// Without an expansion (`$`), a command substitution or PowerShell escape (`` ` ``), a shell escape
/// (`\`) or a quote (`'`, `"`), every word of a script is a run of the file's own characters between
/// separators, and no command goes past the end of its line. Then:
/// - a command names `docker`/`podman` only when those letters stand in the file (either case; the
///   Kelvin sign `K`, which lower-cases to `k`, counts as a `k`), and a command string (`bash -c word`,
///   `eval …`) holds only text of the file too;
/// - a command has more than `ScriptLexer.maxWordsPerCommand` words only on a line of more than twice
///   that many bytes (every word a character, and a separator between words);
/// - the lexer spends at most two steps per character, and the command strings read again add at most
///   twice the text (`ScriptCommandString.maxDepth` levels), so `stepsPerByte` steps per byte bound the
///   reading: when the budget holds them, it cannot run out.
///
/// Any of those characters, the names, a long line or a tight budget sends the script to the full reader.
/// The budget's deadline is the one thing the screen does not wait for: a script it passes would have
/// been read to the same empty end unless the clock stopped it first.
enum ScriptScreen {
    /// Steps per byte that bound the full reading of a script the screen passes (see above), with room to spare.
    static let stepsPerByte = 8

    /// Whether `text` must be read: false only when reading it would give no reference and no warning.
    static func mustRead(_ text: String, budget: ExtractionBudget) -> Bool {
        let count = text.utf8.count
        guard budget.hasRoom(for: stepsPerByte * (count + 1)) else { return true }
        return text.utf8.withContiguousStorageIfAvailable { mustRead($0) } ?? mustRead(Array(text.utf8))
    }

    private static func mustRead(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { mustRead($0) }
    }

    private static let longestLine = 2 * ScriptLexer.maxWordsPerCommand

    /// What each byte is to the screen: 0 nothing, else one of the classes below.
    private static let byteClass: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in "$`\\'\"".utf8 { table[Int(byte)] = composing }
        table[Int(UInt8(ascii: "\n"))] = newline
        for byte in "dD".utf8 { table[Int(byte)] = docker }
        for byte in "pP".utf8 { table[Int(byte)] = podman }
        return table
    }()
    private static let composing: UInt8 = 1
    private static let newline: UInt8 = 2
    private static let docker: UInt8 = 3
    private static let podman: UInt8 = 4

    private static func mustRead(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        byteClass.withUnsafeBufferPointer { table in
            var lineStart = 0
            var index = 0
            let count = bytes.count
            while index < count {
                let kind = table[Int(bytes[index])]
                if kind != 0 {
                    switch kind {
                    case composing: return true
                    case newline:
                        if index - lineStart > longestLine { return true }
                        lineStart = index + 1
                    case docker: if matches(bytes, at: index, "docker") { return true }
                    default: if matches(bytes, at: index, "podman") { return true }
                    }
                }
                index += 1
            }
            return count - lineStart > longestLine
        }
    }

    /// Whether `word` (lower-case ASCII letters) stands at `start` in either case, a Kelvin sign for its `k`.
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ word: StaticString) -> Bool {
        var position = start
        var letter = 0
        let letters = word.utf8Start
        while letter < word.utf8CodeUnitCount {
            let expected = letters[letter]
            guard position < bytes.count else { return false }
            if bytes[position] | 0x20 == expected {
                position += 1
            } else if expected == UInt8(ascii: "k"), position + 2 < bytes.count, bytes[position] == 0xE2,
                      bytes[position + 1] == 0x84, bytes[position + 2] == 0xAA {
                position += 3
            } else {
                return false
            }
            letter += 1
        }
        return true
    }
}
