/// One reference update a push asks the remote for: `reference` from `old` (nil: it does not exist
/// yet) to `new`. The remote applies it only if the reference still points at `old`.
struct PushUpdate: Sendable, Hashable, CustomStringConvertible {
    /// The full name of the remote reference (`refs/heads/census/migrate/app/main`).
    var reference: String
    /// What the remote reference points at now, as advertised; nil when it does not exist.
    var old: ObjectID?
    /// What it is to point at.
    var new: ObjectID

    /// `refs/heads/x: 1a2b3c4 -> 5d6e7f8` (`(new)` for a reference being created).
    var description: String { "\(reference): \(old?.short ?? "(new)") -> \(new.short)" }
}
