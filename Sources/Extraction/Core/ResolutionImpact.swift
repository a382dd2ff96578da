import Foundation

/// Which files of a branch must be resolved again when the branch differs in a few files from a
/// snapshot that is already resolved — a release branch next to `main`, or a branch one commit later.
///
/// A file's references depend on its own facts and, through `BranchResolver`, on the names other
/// files define and on who includes whom. So the answer is conservative and simple:
/// - every changed file that still exists is resolved again;
/// - when no changed file defines different names or includes differently (its `definitions` and
///   `includes` are the same before and after, and, for a file some file includes, its `references`),
///   nothing else can resolve differently;
/// - otherwise also every file whose placeholders may name one of the affected names — the names the
///   changed files define or pass as parameters, before or after, and, transitively, every name whose
///   definition or passed value refers to one of them — and every file connected through includes
///   (before or after) to a changed file, because nearest-first lookups and template parameters
///   follow those connections. A placeholder whose name is itself computed (`{{a:{{b:c}}}}`) may
///   name anything, so a file holding one is resolved again as well.
///
/// `BranchResolver.resolve(_:only:)` on the result, together with the earlier references of every
/// other file, gives exactly what resolving the whole branch gives.
public enum ResolutionImpact {
    /// The paths of `after` to resolve again. `changed` holds every path whose facts may differ
    /// (added, removed or modified files); a path missing from a side has no facts there.
    public static func pathsToResolve(before: [String: FileFacts], after: [String: FileFacts],
                                      changed: Set<String>) -> Set<String> {
        var result = changed.filter { after[$0] != nil }
        // A Dockerfile whose references changed reshapes the compose files building it: their build
        // arguments are resolved against its `FROM` references. Worked out only when some changed
        // file's references changed.
        let referencesChanged = changed.filter { (before[$0]?.references ?? []) != (after[$0]?.references ?? []) }
        // Only includes of those files matter; a file's placeholders are read only when it includes one.
        var included: Set<String> = []
        if !referencesChanged.isEmpty {
            for side in [before, after] {
                for facts in side.values where !facts.includes.isEmpty {
                    let paths = facts.includes.map(\.path).filter { referencesChanged.contains($0) }
                    if !paths.isEmpty, readsIncludedReferences(facts) { included.formUnion(paths) }
                }
            }
        }
        let reshaped = changed.filter { path in
            let old = before[path], new = after[path]
            return (old?.definitions ?? []) != (new?.definitions ?? []) || (old?.includes ?? []) != (new?.includes ?? [])
                || (included.contains(path) && referencesChanged.contains(path))
        }
        // A Helm subchart's templates render with its parent charts' values too (when the parent has a
        // `Chart.yaml`), which they do not include.
        let valuesFolders = changed.filter { ["values.yaml", "Chart.yaml"].contains(($0 as NSString).lastPathComponent) }
            .map { ($0 as NSString).deletingLastPathComponent }
        // Named templates are shared across a chart tree (a parent includes its subcharts' helpers).
        let changesHelpers = changed.contains { path in
            [before[path], after[path]].contains { $0?.definitions.contains { $0.namespace == HelmHelpersExtractor.sourceNamespace } ?? false }
        }
        if !valuesFolders.isEmpty || changesHelpers {
            result.formUnion(after.filter { path, facts in
                (changesHelpers || valuesFolders.contains { path.hasPrefix($0.isEmpty ? "" : $0 + "/") }) && facts.references.contains { fact in
                    guard case .symbolic(let text) = fact.value else { return false }
                    return SymbolPlaceholder.find(in: text).contains {
                        $0.namespace == HelmTemplate.renderNamespace || $0.namespace == HelmHelpersExtractor.defineNamespace
                    }
                }
            }.keys)
        }
        if reshaped.isEmpty { return result }

        // Every definition and include of either side: `after`, plus what the reshaped files held before.
        let sides = Array(after.values) + reshaped.compactMap { before[$0] }
        var names: Set<String> = []
        for path in reshaped {
            for facts in [before[path], after[path]].compactMap({ $0 }) {
                names.formUnion(facts.definitions.map(\.name))
                for include in facts.includes { names.formUnion(include.parameters.keys) }
            }
        }
        var grew = true
        while grew {
            grew = false
            for facts in sides {
                for definition in facts.definitions where !names.contains(definition.name)
                    && mayName(names, in: definition.value) {
                    names.insert(definition.name)
                    grew = true
                }
                for include in facts.includes {
                    for (name, value) in include.parameters where !names.contains(name) && mayName(names, in: value) {
                        names.insert(name)
                        grew = true
                    }
                }
            }
        }
        for (path, facts) in after where !result.contains(path) {
            let symbolic = facts.references.contains { fact in
                if case .symbolic(let text) = fact.value { return mayName(names, in: text) }
                return false
            }
            if symbolic { result.insert(path) }
        }
        result.formUnion(connected(to: reshaped, before: before, after: after, reshaped: reshaped)
            .filter { after[$0] != nil })
        // A kustomization's image replacements change the literal references of the manifests it renders.
        let replaces = reshaped.contains { path in
            [before[path], after[path]].contains { $0?.definitions.contains { $0.namespace == KustomizeReplacements.namespace } ?? false }
        }
        if replaces {
            result.formUnion(after.filter { $0.value.references.contains { $0.kind.hasPrefix("kubernetes/") } }.keys)
        }
        // A Bake file's named contexts decide whether a Dockerfile's `COPY --from=<name>` is an image.
        let namesContexts = reshaped.contains { path in
            [before[path], after[path]].contains { $0?.definitions.contains(where: BakeNamedContexts.defines) ?? false }
        }
        if namesContexts {
            result.formUnion(after.filter { $0.value.references.contains { BakeNamedContexts.kinds.contains($0.kind) } }.keys)
        }
        return result
    }

    /// Whether the file's references are resolved from the references of files it includes.
    static func readsIncludedReferences(_ facts: FileFacts) -> Bool {
        facts.references.contains { fact in
            if case .symbolic(let text) = fact.value {
                return SymbolPlaceholder.find(in: text).contains { $0.namespace == ComposeExtractor.buildBaseNamespace }
            }
            return false
        }
    }

    /// Whether the placeholders of `text` may name one of `names`: one of them is named, or a name
    /// is computed from other placeholders.
    static func mayName(_ names: Set<String>, in text: String) -> Bool {
        for marker in SymbolPlaceholder.find(in: text) {
            if names.contains(marker.name) || !SymbolPlaceholder.find(in: marker.name).isEmpty { return true }
            // A Helm value with a fallback names its values path before the fallback.
            if marker.namespace == HelmHelpersExtractor.valueDefaultNamespace || marker.namespace == HelmHelpersExtractor.conditionNamespace,
               names.contains(HelmHelpersExtractor.defaultedPath(marker.name)) { return true }
        }
        return false
    }

    /// Every file reachable from `start` through includes in either direction, before or after.
    private static func connected(to start: Set<String>, before: [String: FileFacts], after: [String: FileFacts],
                                  reshaped: Set<String>) -> Set<String> {
        var edges: [String: Set<String>] = [:]
        func link(_ path: String, _ facts: FileFacts) {
            for include in facts.includes {
                edges[path, default: []].insert(include.path)
                edges[include.path, default: []].insert(path)
            }
        }
        for (path, facts) in after { link(path, facts) }
        for path in reshaped { if let facts = before[path] { link(path, facts) } }
        var seen = start
        var queue = Array(start)
        while let next = queue.popLast() {
            for other in edges[next] ?? [] where seen.insert(other).inserted { queue.append(other) }
        }
        return seen
    }
}
