/// How Azure Pipelines names resolve across the files of a branch (used by `BranchResolver`).
extension DefinitionIndex {
    typealias AzureNamespace = AzurePipelinesExpression.Namespace

    /// The outcomes of an Azure Pipelines name, or `nil` for names of other namespaces.
    func azureLookup(namespace: String, name: String, from path: String, depth: Int) -> [Expansion]? {
        switch namespace {
        case AzureNamespace.parameter:
            return parameterValues(name, of: path, depth: depth)
        case AzureNamespace.variable:
            return nearestValues(namespace, name, from: path, depth: depth, describing: "variable \(name)")
        case AzureNamespace.alias:
            return nearestValues(namespace, name, from: path, depth: depth, describing: "container alias \(name)")
        case AzureNamespace.container:
            return containerValues(name, from: path, depth: depth)
        case AzureNamespace.containerParameter:
            return reachesContainer(name, depth: depth) ? [.value("")] : []
        case AzureNamespace.parameterFlow:
            return [.failure("\(name) is a parameter's use, not a value")]
        case AzureNamespace.runtime:
            return [.failure("\(name) is only known when the pipeline runs")]
        case AzureNamespace.expression:
            return [.failure("the template expression ${{ \(name) }} is not evaluated by census")]
        default:
            return nil
        }
    }

    /// Variables and aliases, nearest first and with every value there: all of the file's own
    /// definitions, else all of its connected files' definitions, else the branch's single value.
    /// Each value is expanded from the file that defines it.
    func nearestValues(_ namespace: String, _ name: String, from path: String, depth: Int,
                       describing what: String) -> [Expansion] {
        var found: [(value: String, path: String)] = []
        for value in definitions(namespace, name, in: path) where !found.contains(where: { $0.value == value }) {
            found.append((value, path))
        }
        if found.isEmpty {
            for neighbour in neighbours(of: path) {
                for value in definitions(namespace, name, in: neighbour)
                where !found.contains(where: { $0.value == value && $0.path == neighbour }) {
                    found.append((value, neighbour))
                }
            }
        }
        if found.isEmpty {
            let wide = branchDefinitions(namespace, name)
            if wide.isEmpty { return [.failure("\(what) is not defined in this branch")] }
            if wide.count > 1 {
                return [.failure("\(what) has \(wide.count) different values in this branch and none in the files connected to \(path)")]
            }
            found = wide
        }
        return capped(found.flatMap { expand($0.value, from: $0.path, depth: depth + 1) }, what: what)
    }

    /// A container position's name: an image when it can only be one, the alias's image when the branch
    /// defines the alias, else (as Azure Pipelines does) the name itself taken as an image — unless it
    /// cannot be an image name (upper case), which leaves it unresolved.
    func containerValues(_ name: String, from path: String, depth: Int) -> [Expansion] {
        // Most names hold no white space at all, which a look at their bytes tells without Characters.
        let trimmed = name.utf8.allSatisfy { $0 < 0x80 && $0 != 0x20 && !(0x09...0x0D).contains($0) }
            ? name : name.filter { !$0.isWhitespace }
        if trimmed.isEmpty { return [] }
        if trimmed.contains(where: { "/:@.".contains($0) }) { return [.value(trimmed)] }
        let aliasDefined = !definitions(AzureNamespace.alias, trimmed, in: path).isEmpty
            || neighbours(of: path).contains { !definitions(AzureNamespace.alias, trimmed, in: $0).isEmpty }
            || !branchDefinitions(AzureNamespace.alias, trimmed).isEmpty
        if aliasDefined {
            return nearestValues(AzureNamespace.alias, trimmed, from: path, depth: depth,
                                 describing: "container alias \(trimmed)")
        }
        if trimmed == trimmed.lowercased() {
            return [.value(trimmed)]
        }
        return [.failure("\(trimmed) is not a container alias defined in this branch (it may come from a template in another repository)")]
    }

    /// Whether `<template>#<parameter>` reaches a container: the template uses the parameter (or an
    /// object holding it) in a container position, spreads it in an `${{ each }}` loop, or passes it on to
    /// a template where it does; also when the template cannot be read or does not declare the parameter,
    /// since then nothing says otherwise. Each `<template>#<parameter>` is followed once (`visited`):
    /// templates forwarding each other's parameters cannot multiply the work.
    func reachesContainer(_ name: String, depth: Int) -> Bool {
        var visited: Set<String> = []
        return reachesContainer(name, depth: depth, visited: &visited)
    }

    private func reachesContainer(_ name: String, depth: Int, visited: inout Set<String>) -> Bool {
        guard visited.insert(name).inserted else { return false }
        guard depth < BranchResolver.maxDepth, let hash = name.lastIndex(of: "#") else { return true }
        let template = String(name[..<hash])
        let parts = name[name.index(after: hash)...].split(separator: ".").map(String.init)
        guard let top = parts.first,
              definitions(AzureNamespace.parameterFlow, top, in: template).contains("declared") else { return true }
        for cut in 1...parts.count {
            let prefix = parts[..<cut].joined(separator: ".")
            let rest = parts[cut...]
            for flow in definitions(AzureNamespace.parameterFlow, prefix, in: template) {
                if flow == "container" { return true }
                guard flow.hasPrefix("forward:") else { continue }
                let forwarded = ([String(flow.dropFirst("forward:".count))] + rest).joined(separator: ".")
                if reachesContainer(forwarded, depth: depth + 1, visited: &visited) { return true }
            }
        }
        return false
    }

    /// A template parameter of the file at `path`: what each including file passes, else the default.
    func parameterValues(_ name: String, of path: String, depth: Int) -> [Expansion] {
        if depth >= BranchResolver.maxDepth {
            return [.failure("templates pass parameter \(name) through more than \(BranchResolver.maxDepth) levels (a cycle?)")]
        }
        let includers = callers(of: path)
        var out: [Expansion] = []
        var needsDefault = includers.isEmpty
        for (caller, include) in includers {
            if let passed = include.parameters[name] {
                let counted = AzurePipelinesExtractor.countsContainerAtCall(parameter: name, value: passed)
                out += expand(passed, from: caller, depth: depth + 1).map { $0.marked(countedElsewhere: counted) }
            } else if let forwarded = Self.forwardedObject(name, in: include.parameters) {
                out += parameterValues(forwarded, of: caller, depth: depth + 1)
            } else if include.parameters.keys.contains(where: { $0.hasPrefix(name + ".") }) {
                out.append(.failure("parameter \(name) of \(path) is given an object by \(caller)",
                                    countedElsewhere: AzurePipelinesExtractor.isContainerParameter(name)))
            } else if include.parameters[AzurePipelinesWalker.computedParametersKey] != nil {
                out.append(.failure("parameter \(name) of \(path) is passed by a ${{ each }} loop in \(caller)",
                                    countedElsewhere: AzurePipelinesExtractor.isContainerParameter(name)))
                // The loop may not pass it (it passes what the caller was given): the default applies then.
                needsDefault = true
            } else {
                needsDefault = true
            }
        }
        if needsDefault {
            if let fallback = definitions(AzureNamespace.parameter, name, in: path).last {
                out += expand(fallback, from: path, depth: depth + 1)
            } else if out.isEmpty {
                out.append(.failure("parameter \(name) of \(path) has no default and no including file passes it"))
            }
        }
        return capped(out, what: "parameter \(name)")
    }

    /// For `a.b.c` when the caller passes `a` (or `a.b`) as its own `${{ parameters.x }}`: `x.b.c`
    /// (or `x.c`), the name to look up in the caller.
    static func forwardedObject(_ name: String, in passed: [String: String]) -> String? {
        let parts = name.split(separator: ".")
        guard parts.count > 1 else { return nil }
        for cut in stride(from: parts.count - 1, through: 1, by: -1) {
            let prefix = parts[..<cut].joined(separator: ".")
            if let value = passed[prefix], let own = AzurePipelinesExpression.passedThroughParameter(value) {
                return ([own] + parts[cut...].map(String.init)).joined(separator: ".")
            }
        }
        return nil
    }

    private func capped(_ outcomes: [Expansion], what: String) -> [Expansion] {
        var distinct: [Expansion] = []
        for outcome in outcomes where !distinct.contains(outcome) { distinct.append(outcome) }
        if distinct.count > BranchResolver.maxValues {
            return [.failure("\(what) can take more than \(BranchResolver.maxValues) values")]
        }
        return distinct
    }
}

extension AzurePipelinesExtractor {
    /// Whether a template parameter (dotted name) is a `container` key, which the calling file counts as
    /// its own `azure-pipelines/template-container` reference.
    static func isContainerParameter(_ name: String) -> Bool {
        (name.split(separator: ".").last.map { $0.lowercased() }) == "container"
    }

    /// Whether a parameter default at dotted `name` (list items as `[i]`) stands where an image is
    /// written: its last key is `container` or `image`.
    static func isImageDefault(_ name: String) -> Bool {
        var last = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if let bracket = last.firstIndex(of: "[") { last = String(last[..<bracket]) }
        return last == "container" || last == "image"
    }

    /// Whether the value a caller passes for `parameter` was counted at the call: a `container` key
    /// with a value of its own (not merely the caller's `${{ parameters.x }}` passed on).
    static func countsContainerAtCall(parameter: String, value: String) -> Bool {
        isContainerParameter(parameter) && AzurePipelinesExpression.passedThroughParameter(value) == nil
    }
}
