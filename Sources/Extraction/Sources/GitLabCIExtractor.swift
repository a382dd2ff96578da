import Foundation

/// GitLab CI files (`.gitlab-ci.yml` and the files it includes): `image` (string or `name:`) and
/// `services` (strings or `name:`/`alias:`) at the top level, under `default:`, in jobs and in hidden
/// `.jobs`. A job that only `extends:` a job with an image records nothing itself: the image is recorded
/// once, where it is written. `<<: *anchor` merges are uses of the anchor and are recorded at the merge.
///
/// Variables (`$VAR`, `${VAR}`; `$$` escapes) are resolved from the job's `variables:`, then the file's
/// global `variables:`; names defined in neither become `gitlab/variable` placeholders that included or
/// including files may define (this file's global variables are published the same way). GitLab's own
/// predefined variables (`GitLabPredefinedVariables`) are known only when the pipeline runs, unless the
/// file defines the name itself; `$CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX/x/y:1` is Docker Hub's `x/y:1`
/// pulled through the dependency proxy. `$[[ inputs.x ]]` takes the default of the file's `spec:` header.
/// Local `include:`s are recorded for the branch resolver.
///
/// Variables whose value is an image by `StrictImageValue` (scripts pull them: `docker pull $TOOL_IMAGE`)
/// are recorded as `gitlab-ci/variable` where the value is written, unless an `image:`/`services:` of the
/// file uses the variable (that use is already the reference).
enum GitLabCIExtractor {
    /// Bumped whenever the facts for the same bytes could change.
    static let version = 5
    static let variableNamespace = "gitlab/variable"
    static let variableKind = "gitlab-ci/variable"
    /// Added to the context of an image pulled through the dependency proxy.
    static let dependencyProxyNote = " (through the GitLab dependency proxy)"
    static let predefinedNamespace = "gitlab/predefined"

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        var inputs: [String: String] = [:]
        for root in roots {
            if let spec = root["spec"], root.keys == ["spec"] {
                for input in spec["inputs"]?.entries ?? [] {
                    if let value = input.value["default"]?.string { inputs[input.key] = value }
                }
                continue
            }
            // A document of only `variables:` found by content is read for Azure Pipelines too, which
            // records its image variables under its own kind; here it only defines names for includes.
            let definitionsOnly = root.keys == ["variables"] && YAMLFileClassifier.source(path: path) != .gitlabCI
            extractDocument(root, inputs: inputs, recordsImageVariables: !definitionsOnly, collector: &collector)
        }
        return CIScriptStep.withoutRunsOfLocalBuilds(collector.facts)
    }

    private struct Variable {
        var value: String
        var line: Int
        /// The scalar the value is written in, for recording it when it holds an image.
        var cursor: YAMLCursor
    }

    private static func extractDocument(_ root: YAMLCursor, inputs: [String: String], recordsImageVariables: Bool,
                                        collector: inout FactCollector) {
        let global = variables(root["variables"])
        let defined = Set(global.keys)
        for (name, variable) in global.sorted(by: { $0.key < $1.key }) {
            collector.define(namespace: variableNamespace, name: name,
                             value: placeholders(variable.value, defined: defined), line: variable.line)
        }
        recordIncludes(root["include"], collector: &collector)
        let scope = Scope(job: [:], global: global, inputs: inputs, work: root.traversal.work)
        var usedByImages: Set<String> = []
        recordImages(root, context: "global", scope: scope, used: &usedByImages, collector: &collector)
        if let defaults = root["default"] {
            recordImages(defaults, context: "default", scope: scope, used: &usedByImages, collector: &collector)
            recordScripts(defaults, context: "default", scope: scope, collector: &collector)
        }
        recordScripts(root, context: "global", scope: scope, collector: &collector)
        var jobVariables: [(job: String, variables: [String: Variable])] = []
        for entry in root.entries where !YAMLFileClassifier.gitlabReservedKeys.contains(entry.key) && entry.value.isMapping {
            let own = variables(entry.value["variables"])
            let jobScope = Scope(job: own, global: global, inputs: inputs, work: root.traversal.work)
            recordImages(entry.value, context: entry.key, scope: jobScope, used: &usedByImages, collector: &collector)
            recordScripts(entry.value, context: entry.key, scope: jobScope, collector: &collector)
            jobVariables.append((entry.key, own))
        }
        guard recordsImageVariables else { return }
        let skipped = usedTransitively(usedByImages, scopes: [global] + jobVariables.map(\.variables), work: root.traversal.work)
        recordImageVariables(global, context: "variables", skipping: skipped, collector: &collector)
        for (job, own) in jobVariables {
            recordImageVariables(own, context: "\(job).variables", skipping: skipped, collector: &collector)
        }
    }

    /// `names` and every variable their values use, in any scope of the file: a registry prefix that
    /// an image variable is built from (`CI_IMAGE: $BASE/ci:1`) is part of that image, not one of its own.
    private static func usedTransitively(_ names: Set<String>, scopes: [[String: Variable]], work: ExtractionBudget) -> Set<String> {
        var used = names
        var pending = Array(names)
        while let name = pending.popLast() {
            for scope in scopes {
                guard let variable = scope[name] else { continue }
                for case .variable(let inner, _, _) in DollarInterpolation.tokens(variable.value, budget: work)
                where used.insert(inner).inserted {
                    pending.append(inner)
                }
            }
        }
        return used
    }

    /// Records variables whose literal value is an image by the strict test; the ones an `image:` or
    /// `services:` of the file uses are counted there instead. A variable that sets one of GitLab's own
    /// names keeps GitLab's meaning (`CI_REGISTRY_IMAGE` is where the project pushes, not a pull).
    private static func recordImageVariables(_ variables: [String: Variable], context: String, skipping used: Set<String>,
                                             collector: inout FactCollector) {
        for (name, variable) in variables.sorted(by: { $0.value.line < $1.value.line })
        where !used.contains(name) && !isPredefined(name) && StrictImageValue.isImage(variable.value, name: name) {
            collector.add(kind: variableKind, at: variable.cursor, context: "\(context).\(name)")
        }
    }

    /// The `docker`/`podman` images of `script:`, `before_script:` and `after_script:` (a string or a list of
    /// lines). GitLab hands its variables to the shell: a `$NAME`/`${NAME}` the job or the file defines (or a
    /// GitLab predefined one) resolves as an `image:` would, and a variable the script assigns resolves as
    /// the script says.
    private static func recordScripts(_ owner: YAMLCursor, context: String, scope: Scope, collector: inout FactCollector) {
        let names = Set(scope.job.keys).union(scope.global.keys)
        let matcher: CIScriptStep.MacroMatcher = { text in
            let tokens = DollarInterpolation.tokens(String(text.prefix(CIScriptStep.maxExpressionLength)))
            guard case .variable(let name, nil, let written)? = tokens.first,
                  names.contains(name) || isPredefined(name)
            else { return nil }
            return written.count
        }
        let finish: (String) -> [(ImageExpression, String?)] = { text in
            let resolved = scope.resolve(text)
            return [(resolved.value, resolved.throughProxy ? dependencyProxyNote.trimmingWhitespace() : nil)]
        }
        // `before_script` and `script` run in one shell; `after_script` in a new one.
        var table = ScriptVariables(dialect: .shell)
        for key in ["before_script", "script", "after_script"] {
            guard let value = owner[key] else { continue }
            if key == "after_script" { table = ScriptVariables(dialect: .shell) }
            for (index, line) in value.itemsOrSelf.enumerated() {
                let lineContext = value.isSequence ? "\(context).\(key)[\(index)]" : "\(context).\(key)"
                CIScriptStep.images(in: line, context: lineContext, table: &table, macros: matcher, finish: finish,
                                    into: &collector)
            }
        }
    }

    private static func recordImages(_ owner: YAMLCursor, context: String, scope: Scope, used: inout Set<String>,
                                     collector: inout FactCollector) {
        if let image = owner["image"] {
            let name = image.isMapping ? image["name"] : image
            if let name { record("gitlab-ci/image", name, context: context, scope: scope, used: &used, collector: &collector) }
        }
        for (index, service) in (owner["services"]?.itemsOrSelf ?? []).enumerated() {
            let name = service.isMapping ? service["name"] : service
            let label = service["alias"]?.string ?? String(index)
            if let name {
                record("gitlab-ci/service", name, context: "\(context).services[\(label)]", scope: scope, used: &used,
                       collector: &collector)
            }
        }
    }

    /// Records one image value; a value pulled through the dependency proxy says so in its context.
    private static func record(_ kind: String, _ cursor: YAMLCursor, context: String, scope: Scope, used: inout Set<String>,
                               collector: inout FactCollector) {
        guard let raw = cursor.string, !raw.isEmpty else { return }
        guard raw.utf8.count <= FactCollector.maxImageLength else {
            collector.add(kind: kind, line: cursor.line, context: context, raw: raw, value: .unresolved(reason: "too long"))
            return
        }
        for case .variable(let name, _, _) in DollarInterpolation.tokens(raw, budget: scope.work) { used.insert(name) }
        let resolved = scope.resolve(raw)
        let fullContext = resolved.throughProxy ? context + dependencyProxyNote : context
        collector.add(kind: kind, line: cursor.line, context: FactCollector.context(fullContext, alias: cursor.alias),
                      raw: raw, value: resolved.value)
    }

    private static func variables(_ cursor: YAMLCursor?) -> [String: Variable] {
        var out: [String: Variable] = [:]
        for entry in cursor?.entries ?? [] {
            let value = entry.value.isMapping ? entry.value["value"] : entry.value
            if let value, let text = value.string { out[entry.key] = Variable(value: text, line: value.line, cursor: value) }
        }
        return out
    }

    private static func recordIncludes(_ cursor: YAMLCursor?, collector: inout FactCollector) {
        guard let cursor else { return }
        for item in cursor.itemsOrSelf {
            let local: YAMLCursor?
            if let text = item.string {
                local = text.contains("://") ? nil : item
            } else {
                local = item["local"]
            }
            guard let local, let text = local.string, !text.isEmpty else { continue }
            if text.contains("*") {
                collector.warn(line: local.line, "include of \(text) uses a wildcard; its files are not connected to this one")
                continue
            }
            collector.include(path: text.hasPrefix("/") ? String(text.dropFirst()) : text, line: local.line)
        }
    }

    /// Whether GitLab sets `name` itself when the pipeline runs.
    static func isPredefined(_ name: String) -> Bool {
        GitLabPredefinedVariables.contains(name)
    }

    /// A variable's value with every variable it uses written as a placeholder, for other files; a name
    /// the file defines is the file's variable even when GitLab predefines one like it.
    private static func placeholders(_ value: String, defined: Set<String>) -> String {
        var out = ""
        for token in DollarInterpolation.tokens(value) {
            switch token {
            case .text(let text): out += text
            case .variable(let name, _, _):
                let predefined = isPredefined(name) && !defined.contains(name)
                out += SymbolPlaceholder.make(namespace: predefined ? predefinedNamespace : variableNamespace, name: name)
            }
        }
        return out
    }

    /// An image value after variables and inputs, and whether it is pulled through the dependency proxy.
    struct Resolved {
        var value: ImageExpression
        var throughProxy = false
    }

    /// The variables visible to one job.
    private struct Scope {
        var job: [String: Variable]
        var global: [String: Variable]
        var inputs: [String: String]
        /// The file's extraction budget: variables that use each other many times over (`A: $B$B$B…`,
        /// `B: $C$C$C…`) would otherwise be expanded exponentially often.
        var work: ExtractionBudget

        /// Longest expansion kept; far beyond any image reference.
        static let maxExpandedLength = 8 * 1024

        func resolve(_ raw: String) -> Resolved {
            var text = raw
            if text.contains("$[[") {
                switch substituteInputs(text) {
                case .success(let substituted): text = substituted
                case .failure(let failure): return Resolved(value: .unresolved(reason: failure.reason))
                }
            }
            var placeholders = false
            switch expand(text, depth: 0, usedPlaceholders: &placeholders, visiting: []) {
            case .failure(let failure): return Resolved(value: .unresolved(reason: failure.reason))
            case .success(var expanded):
                // The proxy prefix is kept as a marker by `expand`; only as the value's first path
                // component does it mean "Docker Hub through the proxy".
                var throughProxy = false
                for name in GitLabPredefinedVariables.dependencyProxyPrefixes {
                    let marker = Self.proxyMarker(name) + "/"
                    if expanded.hasPrefix(marker) {
                        expanded.removeFirst(marker.count)
                        throughProxy = true
                    }
                }
                for name in GitLabPredefinedVariables.dependencyProxyPrefixes.sorted() where expanded.contains(Self.proxyMarker(name)) {
                    return Resolved(value: .unresolved(reason: "\(name) is a GitLab predefined variable, set when the pipeline runs"))
                }
                return Resolved(value: placeholders ? .symbolic(text: expanded) : .literal(expanded), throughProxy: throughProxy)
            }
        }

        /// Stands for a dependency proxy prefix inside an expansion until `resolve` reads it.
        private static func proxyMarker(_ name: String) -> String {
            SymbolPlaceholder.make(namespace: GitLabCIExtractor.predefinedNamespace, name: name)
        }

        private func expand(_ text: String, depth: Int, usedPlaceholders: inout Bool, visiting: Set<String>) -> Result<String, ResolutionFailure> {
            guard depth < 10 else { return .failure(ResolutionFailure(reason: "variables refer to each other too deeply")) }
            guard work.spend(1 + text.utf8.count) else {
                return .failure(ResolutionFailure(reason: "not expanded: the file's extraction budget is spent"))
            }
            var out = ""
            for token in DollarInterpolation.tokens(text) {
                switch token {
                case .text(let literal):
                    out += literal
                case .variable(let name, let modifier, let written):
                    if modifier != nil {
                        return .failure(ResolutionFailure(reason: "\(written) uses shell syntax GitLab does not expand"))
                    }
                    if visiting.contains(name) {
                        return .failure(ResolutionFailure(reason: "variable \(name) refers to itself"))
                    }
                    let defined = job[name] ?? global[name]
                    if defined == nil, GitLabPredefinedVariables.dependencyProxyPrefixes.contains(name) {
                        out += Self.proxyMarker(name)
                    } else if defined == nil, GitLabCIExtractor.isPredefined(name) {
                        return .failure(ResolutionFailure(reason: "\(name) is a GitLab predefined variable, set when the pipeline runs"))
                    } else if let variable = defined {
                        switch expand(variable.value, depth: depth + 1, usedPlaceholders: &usedPlaceholders, visiting: visiting.union([name])) {
                        case .success(let value): out += value
                        case .failure(let failure): return .failure(failure)
                        }
                        if out.utf8.count > Self.maxExpandedLength {
                            return .failure(ResolutionFailure(reason: "variables expand \(written) beyond \(Self.maxExpandedLength) bytes"))
                        }
                    } else {
                        usedPlaceholders = true
                        out += SymbolPlaceholder.make(namespace: GitLabCIExtractor.variableNamespace, name: name)
                    }
                }
            }
            return .success(out)
        }

        private func substituteInputs(_ text: String) -> Result<String, ResolutionFailure> {
            var out = ""
            var rest = Substring(text)
            while let open = rest.range(of: "$[["), let close = rest.range(of: "]]", range: open.upperBound..<rest.endIndex) {
                out += rest[..<open.lowerBound]
                let body = rest[open.upperBound..<close.lowerBound].trimmingWhitespace()
                guard body.hasPrefix("inputs."), !body.contains("|") else {
                    return .failure(ResolutionFailure(reason: "CI/CD interpolation $[[ \(body) ]] is set by the including pipeline"))
                }
                let name = String(body.dropFirst("inputs.".count))
                guard let value = inputs[name] else {
                    return .failure(ResolutionFailure(reason: "CI/CD input \(name) has no default; it is set by the including pipeline"))
                }
                out += value
                rest = rest[close.upperBound...]
            }
            return .success(out + rest)
        }
    }
}
