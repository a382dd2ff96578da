/// Keeps untrusted text from steering a terminal: line breaks and tabs become spaces, every other
/// control character (escape sequences included) becomes `?`.
public enum TerminalText {
    /// `text` on one line with every control character replaced.
    public static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            if $0 == "\n" || $0 == "\r" || $0 == "\t" { return " " }
            return $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "?" : $0
        }))
    }
}
