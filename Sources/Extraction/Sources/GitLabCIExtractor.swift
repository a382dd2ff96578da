import Foundation

/// GitLab CI files (`.gitlab-ci.yml` and the files it includes): `image` (string or `name:`) and
/// `services` (strings or `name:`/`alias:`) at the top level, under `default:`, in jobs and in hidden
/// `.jobs`. A job that only `extends:` a job with an image records nothing itself: the image is recorded
/// once, where it is written. `<<: *anchor` merges are uses of the anchor and are recorded at the merge.
///
/// Variables (`$VAR`, `${VAR}`; `$$` escapes) are resolved from the job's `variables:`, then the file's
/// global `variables:`; names defined in neither become `gitlab/variable` placeholders that included or
/// including files may define (this file's global variables are published the same way). Predefined
/// `CI_*`/`GITLAB_*` variables are known only when the pipeline runs. `$[[ inputs.x ]]` takes the
/// default of the file's `spec:` header. Local `include:`s are recorded for the branch resolver.
enum GitLabCIExtractor {
    static let variableNamespace = "gitlab/variable"
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
            extractDocument(root, inputs: inputs, collector: &collector)
        }
        return collector.facts
    }

    private struct Variable {
        var value: String
        var line: Int
    }

    private static func extractDocument(_ root: YAMLCursor, inputs: [String: String], collector: inout FactCollector) {
        let global = variables(root["variables"])
        for (name, variable) in global.sorted(by: { $0.key < $1.key }) {
            collector.define(namespace: variableNamespace, name: name, value: placeholders(variable.value), line: variable.line)
        }
        recordIncludes(root["include"], collector: &collector)
        let scope = Scope(job: [:], global: global, inputs: inputs, work: root.traversal.work)
        recordImages(root, context: "global", scope: scope, collector: &collector)
        if let defaults = root["default"] {
            recordImages(defaults, context: "default", scope: scope, collector: &collector)
        }
        for entry in root.entries where !YAMLFileClassifier.gitlabReservedKeys.contains(entry.key) && entry.value.isMapping {
            let jobScope = Scope(job: variables(entry.value["variables"]), global: global, inputs: inputs,
                                 work: root.traversal.work)
            recordImages(entry.value, context: entry.key, scope: jobScope, collector: &collector)
        }
    }

    private static func recordImages(_ owner: YAMLCursor, context: String, scope: Scope, collector: inout FactCollector) {
        if let image = owner["image"] {
            let name = image.isMapping ? image["name"] : image
            if let name { collector.add(kind: "gitlab-ci/image", at: name, context: context, value: scope.resolve) }
        }
        for (index, service) in (owner["services"]?.itemsOrSelf ?? []).enumerated() {
            let name = service.isMapping ? service["name"] : service
            let label = service["alias"]?.string ?? String(index)
            if let name {
                collector.add(kind: "gitlab-ci/service", at: name, context: "\(context).services[\(label)]", value: scope.resolve)
            }
        }
    }

    private static func variables(_ cursor: YAMLCursor?) -> [String: Variable] {
        var out: [String: Variable] = [:]
        for entry in cursor?.entries ?? [] {
            let value = entry.value.isMapping ? entry.value["value"] : entry.value
            if let value, let text = value.string { out[entry.key] = Variable(value: text, line: value.line) }
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

    static func isPredefined(_ name: String) -> Bool {
        name.hasPrefix("CI_") || name.hasPrefix("GITLAB_") || name == "CI" || name == "GITLAB_CI"
    }

    /// A variable's value with every variable it uses written as a placeholder, for other files.
    private static func placeholders(_ value: String) -> String {
        var out = ""
        for token in DollarInterpolation.tokens(value) {
            switch token {
            case .text(let text): out += text
            case .variable(let name, _, _):
                out += SymbolPlaceholder.make(namespace: isPredefined(name) ? predefinedNamespace : variableNamespace, name: name)
            }
        }
        return out
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

        func resolve(_ raw: String) -> ImageExpression {
            var text = raw
            if text.contains("$[[") {
                switch substituteInputs(text) {
                case .success(let substituted): text = substituted
                case .failure(let failure): return .unresolved(reason: failure.reason)
                }
            }
            var placeholders = false
            switch expand(text, depth: 0, usedPlaceholders: &placeholders, visiting: []) {
            case .failure(let failure): return .unresolved(reason: failure.reason)
            case .success(let expanded): return placeholders ? .symbolic(text: expanded) : .literal(expanded)
            }
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
                    if GitLabCIExtractor.isPredefined(name) {
                        return .failure(ResolutionFailure(reason: "\(name) is a GitLab predefined variable, set when the pipeline runs"))
                    }
                    if visiting.contains(name) {
                        return .failure(ResolutionFailure(reason: "variable \(name) refers to itself"))
                    }
                    if let variable = job[name] ?? global[name] {
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
                let body = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
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
