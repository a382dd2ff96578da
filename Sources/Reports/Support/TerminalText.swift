/// Keeps untrusted text from steering a terminal: control characters (escape sequences included)
/// become `?`.
public enum TerminalText {
    /// `text` on one line with every control character replaced.
    public static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "?" : $0
        }))
    }
}
