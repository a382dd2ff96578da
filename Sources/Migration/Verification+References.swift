import Extraction

extension Verification {
    /// Compares the references of the new commit with the scanned ones: each changed usage must now
    /// resolve to its target and every other reference of the branch must be exactly as it was. At the
    /// line of a changed usage, `raw` and `context` are not compared (a literal's text and a matrix
    /// value's context name the image that changed); the images there are.
    static func compare(before: [Reference], after: [Reference], moved: [Usage: String]) -> Verification {
        let movedPositions = Set(moved.keys.map { Position(path: $0.path, line: $0.line, kind: $0.kind) })
        func key(_ reference: Reference, image: String?) -> String {
            let position = Position(path: reference.path, line: reference.line, kind: reference.kind)
            let wild = movedPositions.contains(position)
            return "\(reference.path):\(reference.line) \(reference.kind) [\(wild ? "*" : reference.context ?? "")] "
                + "raw=\(wild ? "*" : reference.raw) "
                + "image=\(image ?? "unresolved (\(reference.reason ?? ""))")"
        }
        var expected: [String: Int] = [:]
        for reference in before {
            let image = Usage(reference).flatMap { moved[$0] } ?? reference.image
            expected[key(reference, image: image), default: 0] += 1
        }
        var actual: [String: Int] = [:]
        for reference in after { actual[key(reference, image: reference.image), default: 0] += 1 }
        var problems: [String] = []
        for (text, count) in expected.sorted(by: { $0.key < $1.key }) where (actual[text] ?? 0) < count {
            problems.append("expected but not found: \(text)")
        }
        for (text, count) in actual.sorted(by: { $0.key < $1.key }) where (expected[text] ?? 0) < count {
            problems.append("found but not expected: \(text)")
        }
        return problems.isEmpty ? .passed : .failed(problems)
    }

    private struct Position: Hashable {
        var path: String
        var line: Int
        var kind: String
    }
}
