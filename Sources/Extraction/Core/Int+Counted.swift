extension Int {
    /// The count followed by its noun, singular for exactly one: `1.counted("branch")` is "1 branch",
    /// `2.counted("branch")` is "2 branches", `0.counted("repository")` is "0 repositories".
    ///
    /// The plural is formed by the regular English rules (`-es` after s, x, z, ch and sh; `-ies` after
    /// a consonant and y; otherwise `-s`); give `plural` for any other noun.
    public func counted(_ noun: String, plural: String? = nil) -> String {
        "\(self) " + self.noun(noun, plural: plural)
    }

    /// The noun alone as this count takes it: `1.noun("error")` is "error", `3.noun("error")` "errors"
    /// (for counts written another way, such as grouped by thousands in reports).
    public func noun(_ singular: String, plural: String? = nil) -> String {
        self == 1 ? singular : plural ?? Self.plural(of: singular)
    }

    /// The regular English plural of `noun`.
    static func plural(of noun: String) -> String {
        let lowered = noun.lowercased()
        if ["s", "x", "z", "ch", "sh"].contains(where: lowered.hasSuffix) { return noun + "es" }
        if lowered.hasSuffix("y"), let before = lowered.dropLast().last, !"aeiou".contains(before) {
            return noun.dropLast() + "ies"
        }
        return noun + "s"
    }
}
