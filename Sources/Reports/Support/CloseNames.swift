/// The names worth showing when a name the user gave is unknown (`--repo`, `--team`): the known
/// names close to it (differing by case, a few typed characters, or one containing the other), or
/// else all of them when there are few.
public struct CloseNames: Sendable, Equatable {
    /// The names to show, closest first (or sorted, when none is close).
    public var names: [String]
    /// Whether `names` are the close ones rather than every known name.
    public var areClose: Bool
    /// How many names are known in all.
    public var knownCount: Int

    /// At most this many names are shown.
    static let limit = 8

    /// The known names to suggest for `name`.
    public init(for name: String, among known: [String]) {
        let wanted = name.lowercased()
        let scored = known.compactMap { candidate -> (String, Int)? in
            let distance = Self.closeness(wanted, candidate.lowercased())
            return distance.map { (candidate, $0) }
        }
        knownCount = known.count
        if !scored.isEmpty {
            // A name differing only by case is the one meant: the others are not shown beside it.
            let shown = scored.contains { $0.1 == 0 } ? scored.filter { $0.1 == 0 } : scored
            names = shown.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(Self.limit).map(\.0)
            areClose = true
        } else {
            names = known.count <= Self.limit ? known.sorted() : []
            areClose = false
        }
    }

    /// The phrase for a message: "close names: a, b", "known: a, b" or "12 are known" (`what` names
    /// the kind of name, e.g. "repositories").
    public func phrase(_ what: String) -> String {
        if knownCount == 0 { return "there are no \(what) yet" }
        if areClose { return "similar \(what): " + names.joined(separator: ", ") }
        if names.isEmpty { return "none of the \(knownCount) \(what) is similar" }
        return "\(what): " + names.joined(separator: ", ")
    }

    /// A rank when `candidate` is close to `wanted` (both lowercased), lower is closer; nil when not.
    static func closeness(_ wanted: String, _ candidate: String) -> Int? {
        if wanted == candidate { return 0 }
        // `runtime` for `dotnet/runtime`: the last path segment, or one name inside the other.
        if candidate.split(separator: "/").last.map(String.init) == wanted { return 1 }
        if min(wanted.count, candidate.count) >= 3, candidate.contains(wanted) || wanted.contains(candidate) { return 2 }
        // A few typed characters off the whole name or its last segment (`runtme` for `dotnet/runtime`).
        let segment = candidate.split(separator: "/").last.map(String.init) ?? candidate
        return [candidate, segment].compactMap { text -> Int? in
            let allowed = max(1, min(wanted.count, text.count) / 4)
            guard abs(wanted.count - text.count) <= allowed,
                  let distance = editDistance(Array(wanted), Array(text), atMost: allowed) else { return nil }
            return 2 + distance
        }.min()
    }

    /// Levenshtein distance, nil once it must exceed `bound` (rows are cut off early).
    static func editDistance(_ a: [Character], _ b: [Character], atMost bound: Int) -> Int? {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            if current.min() ?? 0 > bound { return nil }
            previous = current
        }
        return previous[b.count] <= bound ? previous[b.count] : nil
    }
}
