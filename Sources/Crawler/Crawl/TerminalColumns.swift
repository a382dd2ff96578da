import Foundation

/// Text measured in terminal columns: how wide a string shows, shortening it to fit, and how wide the
/// terminal is.
///
/// A character takes two columns when it is East Asian wide or fullwidth (CJK, Hangul, fullwidth
/// forms) or an emoji shown as a picture, none when it only combines with the one before (accents,
/// joiners, variation selectors), and one otherwise. Control characters are shown as `?`, so a name
/// can never move the cursor.
public enum TerminalColumns {
    /// The width used when neither the terminal nor `COLUMNS` says.
    public static let fallbackWidth = 80

    /// The columns of the terminal on `descriptor` (TIOCGWINSZ), else `COLUMNS`, else 80.
    public static func width(of descriptor: Int32 = STDERR_FILENO,
                             environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 { return columns }
        return fallbackWidth
    }

    /// The columns `text` takes on a terminal.
    public static func width(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    /// The columns one character takes.
    public static func width(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if isControl(character) { return 1 }  // shown as "?"
        if character.unicodeScalars.allSatisfy(isZeroWidth) { return 0 }
        if isWide(first) || character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) {
            return 2
        }
        return 1
    }

    /// `text` with control characters replaced by `?`.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        return String(text.map { isControl($0) ? "?" : $0 })
    }

    /// `text` shortened to at most `columns` columns by replacing its middle with "…", keeping as much
    /// of its start and end (where repository names differ) as fits.
    public static func shortenedInMiddle(_ text: String, toWidth columns: Int) -> String {
        guard width(text) > columns else { return text }
        guard columns > 1 else { return columns == 1 ? "…" : "" }
        let available = columns - 1
        let head = prefix(of: Array(text), width: (available + 1) / 2)
        let tailWidth = available - width(String(head))
        let tail = prefix(of: Array(text.reversed()), width: tailWidth).reversed()
        return String(head) + "…" + String(tail)
    }

    /// `text` cut to at most `columns` columns, ending in "…" when something was cut.
    public static func truncated(_ text: String, toWidth columns: Int) -> String {
        guard width(text) > columns else { return text }
        guard columns > 1 else { return columns == 1 ? "…" : "" }
        return String(prefix(of: Array(text), width: columns - 1)) + "…"
    }

    /// The longest run of leading `characters` that fits in `columns`.
    private static func prefix(of characters: [Character], width columns: Int) -> [Character] {
        var used = 0
        var kept: [Character] = []
        for character in characters {
            let next = width(of: character)
            if used + next > columns { break }
            used += next
            kept.append(character)
        }
        return kept
    }

    private static func isControl(_ character: Character) -> Bool {
        character.unicodeScalars.first?.properties.generalCategory == .control
    }

    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return scalar.value == 0x200B || (0xFE00...0xFE0F).contains(scalar.value)
        }
    }

    /// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W and F, by block).
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
