/// Resolves the references of all candidate files of one branch against the names those files define.
///
/// A placeholder is looked up, nearest first: in the file itself; in the files it is connected to
/// through includes (either direction, transitively); then anywhere in the branch when exactly one
/// value is defined there. Anything else stays unresolved with its raw text and a reason.
public enum BranchResolver {
    /// How deep definitions may refer to other definitions before resolution gives up.
    static let maxDepth = 16

    /// Every reference of the branch, resolved where the branch allows, sorted as SPEC §5 prints them.
    public static func resolve(_ files: [String: FileFacts]) -> [Reference] {
        let index = DefinitionIndex(files: files)
        var out: [Reference] = []
        for (path, facts) in files {
            for fact in facts.references {
                switch fact.value {
                case .literal(let image):
                    out.append(Reference(path: path, fact: fact, image: image, unresolvedReason: nil))
                case .unresolved(let reason):
                    out.append(Reference(path: path, fact: fact, image: nil, unresolvedReason: reason))
                case .symbolic(let text):
                    switch index.substitute(text, from: path, depth: 0) {
                    case .success(let image):
                        out.append(Reference(path: path, fact: fact, image: image, unresolvedReason: nil))
                    case .failure(let failure):
                        out.append(Reference(path: path, fact: fact, image: nil, unresolvedReason: failure.reason))
                    }
                }
            }
        }
        return Reference.sortedForOutput(out)
    }
}

struct ResolutionFailure: Error {
    var reason: String
}

/// Definitions of a branch, indexed for nearest-first lookup.
struct DefinitionIndex {
    private let byFile: [String: [String: [String]]]   // path -> "ns:name" -> values
    private let neighbours: [String: Set<String>]
    private let branchWide: [String: Set<String>]

    init(files: [String: FileFacts]) {
        var byFile: [String: [String: [String]]] = [:]
        var branchWide: [String: Set<String>] = [:]
        var edges: [String: Set<String>] = [:]
        for (path, facts) in files {
            for definition in facts.definitions {
                let key = "\(definition.namespace):\(definition.name)"
                byFile[path, default: [:]][key, default: []].append(definition.value)
                branchWide[key, default: []].insert(definition.value)
            }
            for include in facts.includes {
                edges[path, default: []].insert(include.path)
                edges[include.path, default: []].insert(path)
            }
        }
        var neighbours: [String: Set<String>] = [:]
        for start in edges.keys {
            var seen: Set<String> = [start]
            var queue = [start]
            while let next = queue.popLast() {
                for other in edges[next] ?? [] where seen.insert(other).inserted { queue.append(other) }
            }
            seen.remove(start)
            neighbours[start] = seen
        }
        self.byFile = byFile
        self.neighbours = neighbours
        self.branchWide = branchWide
    }

    /// The value of one name as seen from `path`.
    func lookup(namespace: String, name: String, from path: String) -> Result<String, ResolutionFailure> {
        let key = "\(namespace):\(name)"
        if let own = byFile[path]?[key], let first = own.last {
            return .success(first)
        }
        let near = Set((neighbours[path] ?? []).flatMap { byFile[$0]?[key] ?? [] })
        if near.count == 1, let only = near.first { return .success(only) }
        if near.count > 1 {
            return .failure(ResolutionFailure(reason: "\(name) has \(near.count) different values in the files this one includes or is included by"))
        }
        let wide = branchWide[key] ?? []
        if wide.count == 1, let only = wide.first { return .success(only) }
        if wide.isEmpty {
            return .failure(ResolutionFailure(reason: "\(name) is not defined in this branch"))
        }
        return .failure(ResolutionFailure(reason: "\(name) has \(wide.count) different values in this branch"))
    }

    /// `text` with every placeholder replaced, recursively.
    func substitute(_ text: String, from path: String, depth: Int) -> Result<String, ResolutionFailure> {
        let markers = SymbolPlaceholder.find(in: text)
        if markers.isEmpty { return .success(text) }
        if depth >= BranchResolver.maxDepth {
            return .failure(ResolutionFailure(reason: "definitions refer to each other more than \(BranchResolver.maxDepth) levels deep (a cycle?)"))
        }
        var result = ""
        var cursor = text.startIndex
        for marker in markers {
            result += text[cursor..<marker.range.lowerBound]
            switch lookup(namespace: marker.namespace, name: marker.name, from: path) {
            case .success(let value):
                switch substitute(value, from: path, depth: depth + 1) {
                case .success(let expanded): result += expanded
                case .failure(let failure): return .failure(failure)
                }
            case .failure(let failure):
                return .failure(failure)
            }
            cursor = marker.range.upperBound
        }
        result += text[cursor...]
        return .success(result)
    }
}
