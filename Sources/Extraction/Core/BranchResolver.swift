/// Resolves the references of all candidate files of one branch against the names those files define.
///
/// A placeholder is looked up, nearest first: in the file itself; in the files it is connected to
/// through includes (either direction, transitively); then anywhere in the branch when exactly one
/// value is defined there. Anything else stays unresolved with its raw text and a reason.
///
/// Azure Pipelines names follow the rules of Azure Pipelines (see `DefinitionIndex.azureLookup`):
/// - A template parameter is scoped to the file declaring it: its value is what each including file
///   passes (`FileInclude.parameters`, itself resolved from that includer), or the file's `default:`
///   for includers that pass nothing (or when nothing includes the file).
/// - A name can have several values (a template included by several files passing different values,
///   a variable set differently in `${{ if }}`/`${{ else }}` branches, a matrix). **Decision: one
///   reference per distinct value** — same path, line, kind, context and raw, each with its image — so
///   every image a line can run counts, and none is guessed. Values that cannot be known add one
///   unresolved reference carrying the reasons. Past `maxValues` values the reference is unresolved.
/// - A value that was already counted where it is written (a `container:` passed by an including file
///   is its own `azure-pipelines/template-container` reference) is not counted again at the template
///   line that merely passes it through (`container: ${{ parameters.container }}`).
/// - An empty container (`container: ''`, the usual parameter default) means "no container": no reference.
public enum BranchResolver {
    /// How deep definitions may refer to other definitions before resolution gives up.
    static let maxDepth = 16
    /// How many distinct values one reference may expand to before it is reported unresolved instead.
    static let maxValues = 32

    /// Every reference of the branch, resolved where the branch allows, sorted as `census scan` prints them.
    public static func resolve(_ files: [String: FileFacts]) -> [Reference] {
        Reference.sortedForOutput(resolve(files, only: Set(files.keys)).values.flatMap { $0 })
    }

    /// The references of the files at `paths`, resolved against every file of the branch, by path
    /// (a path without references maps to an empty list), each list sorted as `census scan` prints them.
    public static func resolve(_ files: [String: FileFacts], only paths: Set<String>) -> [String: [Reference]] {
        var index: DefinitionIndex?
        var kustomize: KustomizeReplacements?
        var bake: BakeNamedContexts?
        // A file often writes one placeholder text many times (every job of a template naming the same
        // container parameter): each text is expanded once per file.
        var expanded: [String: [Expansion]] = [:]
        var out: [String: [Reference]] = [:]
        for path in paths {
            guard let facts = files[path] else { continue }
            expanded.removeAll(keepingCapacity: true)
            var references: [Reference] = []
            for fact in facts.references {
                switch fact.value {
                case .literal(let image):
                    // A named context of a Bake target (`COPY --from=binary_dir`) is a folder or a target, not an image.
                    if BakeNamedContexts.kinds.contains(fact.kind) {
                        let contexts = bake ?? BakeNamedContexts(files: files)
                        bake = contexts
                        if contexts.names(image, kind: fact.kind, at: path) { continue }
                    }
                    // A kustomize placeholder (`controller:latest`) runs as what the kustomization listing it puts in place.
                    // Only Kubernetes manifests are rendered by a kustomization: the index is built for them alone.
                    var replaced: [String] = []
                    if fact.kind.hasPrefix("kubernetes/") {
                        let replacements = kustomize ?? KustomizeReplacements(files: files)
                        kustomize = replacements
                        replaced = replacements.replacements(of: image, kind: fact.kind, at: path)
                    }
                    for image in replaced.isEmpty ? [image] : replaced {
                        references.append(Reference(path: path, fact: fact, image: image, unresolvedReason: nil))
                    }
                case .unresolved(let reason):
                    references.append(Reference(path: path, fact: fact, image: nil, unresolvedReason: reason))
                case .symbolic(let text):
                    // Built once, and only when some file needs other files' names.
                    let built = index ?? DefinitionIndex(files: files)
                    index = built
                    let outcomes = expanded[text] ?? built.expand(text, from: path, depth: 0)
                    expanded[text] = outcomes
                    references += Self.references(for: fact, at: path, outcomes: outcomes)
                }
            }
            out[path] = Reference.sortedForOutput(references)
        }
        return out
    }

    /// One reference per distinct value, plus one unresolved reference when some outcomes failed.
    static func references(for fact: ReferenceFact, at path: String, outcomes: [Expansion]) -> [Reference] {
        var values: [String] = []
        var reasons: [String] = []
        for outcome in outcomes where !outcome.countedElsewhere {
            switch outcome.result {
            case .value(let value):
                // A build argument is an image only by its value, which a pipeline variable may give only now.
                if fact.kind == "script/docker-build-arg", !StrictImageValue.isImage(value) { continue }
                if !values.contains(value) { values.append(value) }
            case .failure(let reason): if !reasons.contains(reason) { reasons.append(reason) }
            }
        }
        var references = values.sorted().map { Reference(path: path, fact: fact, image: $0, unresolvedReason: nil) }
        if !reasons.isEmpty {
            references.append(Reference(path: path, fact: fact, image: nil, unresolvedReason: reasons.joined(separator: "; ")))
        }
        return references
    }
}

/// One way a placeholder text can turn out.
struct Expansion: Hashable {
    enum Result: Hashable {
        case value(String)
        case failure(String)
    }

    var result: Result
    /// The value was written, and counted as a reference, in the file it came from; a line that only
    /// passes it through does not count it again.
    var countedElsewhere: Bool

    static func value(_ text: String, countedElsewhere: Bool = false) -> Expansion {
        Expansion(result: .value(text), countedElsewhere: countedElsewhere)
    }

    static func failure(_ reason: String, countedElsewhere: Bool = false) -> Expansion {
        Expansion(result: .failure(reason), countedElsewhere: countedElsewhere)
    }

    func marked(countedElsewhere flag: Bool) -> Expansion {
        Expansion(result: result, countedElsewhere: countedElsewhere || flag)
    }
}

/// Definitions and includes of a branch, indexed for nearest-first lookup.
struct DefinitionIndex {
    /// path -> "ns:name" -> values, in file order.
    private let byFile: [String: [String: [String]]]
    /// path -> the index in `components` of the files connected to it through includes, either
    /// direction, transitively (itself included).
    private let componentOf: [String: Int]
    /// Each set of files connected through includes, sorted.
    private let components: [[String]]
    /// Each path's neighbours, made on first use from its component.
    private let neighbourLists = NeighbourLists()
    /// "ns:name" -> value -> the first (by path) file defining it.
    private let branchWide: [String: [String: String]]
    /// included path -> (including path, include), ordered by including path.
    private let callers: [String: [(path: String, include: FileInclude)]]
    /// Every file's facts, for lookups that read another file's references (Compose build arguments
    /// evaluate the built Dockerfile's `FROM` lines).
    let files: [String: FileFacts]
    /// Charts' default values, read once per branch for every template line rendered with them.
    let helmValues = HelmValuesCache()

    init(files: [String: FileFacts]) {
        var byFile: [String: [String: [String]]] = [:]
        var branchWide: [String: [String: String]] = [:]
        var edges: [String: Set<String>] = [:]
        var callers: [String: [(path: String, include: FileInclude)]] = [:]
        // Only files that define or include something add to the index; their order (by path) matters.
        let contributing = files.compactMap { path, facts in
            facts.definitions.isEmpty && facts.includes.isEmpty ? nil : path
        }
        for path in contributing.sorted() {
            guard let facts = files[path] else { continue }
            for definition in facts.definitions {
                let key = Self.key(definition.namespace, definition.name)
                byFile[path, default: [:]][key, default: []].append(definition.value)
                if branchWide[key]?[definition.value] == nil { branchWide[key, default: [:]][definition.value] = path }
            }
            for include in facts.includes {
                edges[path, default: []].insert(include.path)
                edges[include.path, default: []].insert(path)
                callers[include.path, default: []].append((path, include))
            }
        }
        // One walk per set of connected files (linear in the includes), not one per file: a repository
        // whose hundreds of pipelines all include the same templates would walk the set once per file.
        var componentOf: [String: Int] = [:]
        var components: [[String]] = []
        for start in edges.keys where componentOf[start] == nil {
            componentOf[start] = components.count
            var members = [start]
            var queue = [start]
            while let next = queue.popLast() {
                for other in edges[next] ?? [] where componentOf[other] == nil {
                    componentOf[other] = components.count
                    members.append(other)
                    queue.append(other)
                }
            }
            components.append(members.sorted())
        }
        self.byFile = byFile
        self.componentOf = componentOf
        self.components = components
        self.branchWide = branchWide
        self.callers = callers
        self.files = files
    }

    static func key(_ namespace: String, _ name: String) -> String {
        namespace + ":" + name
    }

    /// Values of one name defined in the file at `path`, in file order.
    func definitions(_ namespace: String, _ name: String, in path: String) -> [String] {
        byFile[path]?[Self.key(namespace, name)] ?? []
    }

    /// Files connected to `path` through includes, sorted.
    func neighbours(of path: String) -> [String] {
        guard let component = componentOf[path] else { return [] }
        if let known = neighbourLists.byPath[path] { return known }
        let list = components[component].filter { $0 != path }
        neighbourLists.byPath[path] = list
        return list
    }

    /// Every distinct value of one name in the branch, with the first file defining it.
    func branchDefinitions(_ namespace: String, _ name: String) -> [(value: String, path: String)] {
        (branchWide[Self.key(namespace, name)] ?? [:]).map { ($0.key, $0.value) }.sorted { $0.value < $1.value }
    }

    /// The files that include `path`, with what each passes.
    func callers(of path: String) -> [(path: String, include: FileInclude)] {
        callers[path] ?? []
    }

    /// The value of one name as seen from `path`, single-valued: the file's own last definition, else
    /// the one value its connected files define, else the one value the branch defines.
    func lookup(namespace: String, name: String, from path: String) -> Result<String, ResolutionFailure> {
        let key = Self.key(namespace, name)
        if let own = byFile[path]?[key], let last = own.last {
            return .success(last)
        }
        let near = Set(neighbours(of: path).flatMap { byFile[$0]?[key] ?? [] })
        if near.count == 1, let only = near.first { return .success(only) }
        if near.count > 1 {
            return .failure(ResolutionFailure(reason: "\(name) has \(near.count) different values in the files this one includes or is included by"))
        }
        let wide = branchWide[key] ?? [:]
        if wide.count == 1, let only = wide.first { return .success(only.key) }
        if wide.isEmpty {
            return .failure(ResolutionFailure(reason: "\(name) is not defined in this branch"))
        }
        return .failure(ResolutionFailure(reason: "\(name) has \(wide.count) different values in this branch"))
    }

    /// Every way `text` can turn out with its placeholders replaced, recursively, as seen from `path`.
    func expand(_ text: String, from path: String, depth: Int) -> [Expansion] {
        let markers = SymbolPlaceholder.find(in: text)
        if markers.isEmpty { return [.value(text)] }
        if depth >= BranchResolver.maxDepth {
            return [.failure("definitions refer to each other more than \(BranchResolver.maxDepth) levels deep (a cycle?)")]
        }
        let whole = markers.count == 1 && markers[0].range == text.startIndex..<text.endIndex
        var partial: [Expansion] = [.value("")]
        var cursor = text.startIndex
        for marker in markers {
            let before = String(text[cursor..<marker.range.lowerBound])
            let options = expandMarker(namespace: marker.namespace, name: marker.name, from: path, depth: depth)
            var next: [Expansion] = []
            for head in partial {
                guard case .value(let prefix) = head.result else {
                    if !next.contains(head) { next.append(head) }
                    continue
                }
                for option in options {
                    let combined: Expansion
                    switch option.result {
                    case .value(let value): combined = .value(prefix + before + value)
                    case .failure: combined = option
                    }
                    let flagged = Expansion(result: combined.result, countedElsewhere: whole && option.countedElsewhere)
                    if !next.contains(flagged) { next.append(flagged) }
                }
            }
            if next.count > BranchResolver.maxValues {
                return [.failure("\(text) can take more than \(BranchResolver.maxValues) values")]
            }
            partial = next
            cursor = marker.range.upperBound
        }
        let after = String(text[cursor...])
        return partial.map { outcome in
            guard case .value(let value) = outcome.result else { return outcome }
            return Expansion(result: .value(value + after), countedElsewhere: outcome.countedElsewhere)
        }
    }

    /// The outcomes of one marker; its name may itself hold markers.
    private func expandMarker(namespace: String, name: String, from path: String, depth: Int) -> [Expansion] {
        // A Helm condition's branches are expanded only once the branch is chosen: the other may not resolve.
        if namespace == HelmHelpersExtractor.conditionNamespace,
           let helm = helmLookup(namespace: namespace, name: name, from: path, depth: depth) {
            return helm
        }
        var out: [Expansion] = []
        for concrete in expand(name, from: path, depth: depth + 1) {
            guard case .value(let resolvedName) = concrete.result else {
                out.append(concrete)
                continue
            }
            for outcome in lookupAll(namespace: namespace, name: resolvedName, from: path, depth: depth)
            where !out.contains(outcome.marked(countedElsewhere: concrete.countedElsewhere)) {
                out.append(outcome.marked(countedElsewhere: concrete.countedElsewhere))
            }
        }
        return out
    }

    /// The outcomes of one name: Azure Pipelines rules for its namespaces, else the single-valued lookup.
    private func lookupAll(namespace: String, name: String, from path: String, depth: Int) -> [Expansion] {
        if let azure = azureLookup(namespace: namespace, name: name, from: path, depth: depth) {
            return azure
        }
        if let compose = composeLookup(namespace: namespace, name: name, from: path, depth: depth) {
            return compose
        }
        if let helm = helmLookup(namespace: namespace, name: name, from: path, depth: depth) {
            return helm
        }
        switch lookup(namespace: namespace, name: name, from: path) {
        case .success(let value): return expand(value, from: path, depth: depth + 1)
        case .failure(let failure): return [.failure(failure.reason)]
        }
    }
}

struct ResolutionFailure: Error {
    var reason: String
}

/// The neighbours `DefinitionIndex` made so far, by path (an index serves one resolution on one thread).
final class NeighbourLists {
    var byPath: [String: [String]] = [:]
}
