extension Collection {
    /// The collection cut, in order, into pieces of `size` elements (the last may be shorter).
    func chunked(by size: Int) -> [SubSequence] {
        var pieces: [SubSequence] = []
        var start = startIndex
        while start != endIndex {
            let end = index(start, offsetBy: Swift.max(1, size), limitedBy: endIndex) ?? endIndex
            pieces.append(self[start..<end])
            start = end
        }
        return pieces
    }
}
