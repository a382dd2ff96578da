import Foundation

/// Reads a Docker Bake file (`docker-bake.hcl`, `docker-bake.json`, their `.override` forms and HCL
/// files named for Bake): the images its targets pull and the names it gives its builds.
///
/// - `args` values that are images by the strict test (`StrictImageValue`) are `bake/arg` pulls; an
///   argument named like an image (`*IMAGE*`, `*IMG`) whose value comes from another file or cannot be
///   known is recorded too (symbolic or unresolved).
/// - `contexts` values `docker-image://<ref>` are `bake/context-image` pulls.
/// - `tags` are `bake/build-tag`: names given to a local build, never pulls; the context ends with the
///   target's Dockerfile in parentheses (`target app tags (docker/Dockerfile)`) when it is known.
/// - `${NAME}` and bare `NAME` values take the default of the file's `variable "NAME"` block, as
///   `docker buildx bake` does when the environment does not set it. A name the file does not declare
///   becomes a `bake/variable` placeholder for the Bake files of the same folder (bake merges the files
///   passed together), which publish their defaults by folder. A declared variable without a default and
///   HCL expressions (functions, conditions) stay unresolved.
/// - Every named context (`contexts = { binary_dir = "./bin" }`) is defined in `bake/named-context`
///   (`bake/named-context-image` for `docker-image://` values) with the path of its target's Dockerfile
///   (empty when that cannot be known), so the branch resolver drops a `COPY --from=binary_dir` or a
///   `FROM` that names it (see `BakeNamedContexts`). `inherits` carries a parent's `contexts`, `context`
///   and `dockerfile` to the target.
enum BakeExtractor {
    /// Bumped whenever the output for the same bytes could change.
    static let version = 2
    /// Named build contexts that are folders, targets or URLs: name -> the repository path of the
    /// Dockerfile they serve, or "".
    static let namedContextNamespace = "bake/named-context"
    /// Variable defaults, by `<folder of the Bake file>/<name>`.
    static let variableNamespace = "bake/variable"
    /// Named build contexts that are images (`docker-image://…`), defined the same way.
    static let namedContextImageNamespace = "bake/named-context-image"
    /// How deep variables may refer to variables, and targets inherit targets, before reading gives up.
    static let maxDepth = 16

    /// Facts of the Bake file at `path`.
    static func extract(path: String, text: String, budget: ExtractionBudget) -> FileFacts {
        let body: HCLReader.Body
        var collector = FactCollector()
        if path.lowercased().hasSuffix(".json") {
            let document = JSONCDocument(text: text)
            if let error = document.error { collector.warn(line: error.line, error.message) }
            body = document.root.map(Self.body(json:)) ?? HCLReader.Body()
        } else {
            let read = HCLReader.read(text, budget: budget)
            for warning in read.warnings { collector.warn(line: warning.line, warning.message) }
            body = read.body
        }
        var file = BakeFile(path: path, body: body, budget: budget)
        file.record(into: &collector)
        if let warning = budget.warning { collector.warn(line: warning.line, warning.message) }
        return collector.facts
    }

    /// The JSON form as the HCL body it stands for: `{"target": {"app": {…}}}` is `target "app" { … }`.
    static func body(json root: JSONCDocument.Node) -> HCLReader.Body {
        var body = HCLReader.Body()
        guard case .object(let kinds) = root.value else { return body }
        for (type, node) in kinds {
            guard case .object(let named) = node.value else {
                body.attributes.append((type, value(json: node)))
                continue
            }
            for (label, block) in named {
                var inner = HCLReader.Body()
                if case .object(let members) = block.value {
                    inner.attributes = members.map { ($0.key, value(json: $0.value)) }
                }
                body.blocks.append(HCLReader.Block(type: type, labels: [label], body: inner, line: block.line))
            }
        }
        return body
    }

    private static func value(json node: JSONCDocument.Node) -> HCLReader.Node {
        let converted: HCLReader.Value = switch node.value {
        case .string(let text): .string(HCLReader.template(from: text))
        case .array(let items): .list(items.map(Self.value(json:)))
        case .object(let members): .object(members.map { ($0.key, Self.value(json: $0.value)) })
        case .other(let text): .literal(text)
        }
        return HCLReader.Node(value: converted, line: node.line)
    }
}

/// One Bake file's variables and targets, evaluated the way `docker buildx bake` does without an environment.
private struct BakeFile {
    enum Outcome {
        case value(String)
        /// Needs a variable another Bake file of the folder declares (`bake/variable` placeholders).
        case symbolic(String)
        case unresolved(String)
    }

    let path: String
    /// Variable name -> its default, `nil` when it has none.
    var variables: [String: HCLReader.Node?] = [:]
    /// Target blocks in file order; a name written twice is merged, later attributes winning.
    var targets: [(name: String, body: HCLReader.Body)] = []
    var merged: [String: HCLReader.Body] = [:]
    /// Values read as HCL expressions, which census does not evaluate: how many, and the first line.
    var expressions: (count: Int, line: Int) = (0, 0)
    /// Paid per variable looked up and per inherited target, so variables doubling each other stay bounded.
    let budget: ExtractionBudget

    init(path: String, body: HCLReader.Body, budget: ExtractionBudget) {
        self.path = path
        self.budget = budget
        for block in body.blocks {
            guard let name = block.labels.first else { continue }
            switch block.type {
            case "variable":
                let fallback = block.body["default"]
                if case .literal("null")? = fallback?.value { variables[name] = .some(nil) } else { variables[name] = fallback }
            case "target":
                targets.append((name, block.body))
                merged[name, default: HCLReader.Body()].attributes += block.body.attributes
            default:
                break
            }
        }
    }

    mutating func record(into collector: inout FactCollector) {
        for (name, body) in targets {
            let context = "target \(name)"
            for (key, node) in members(body["args"]) {
                switch evaluate(node) {
                case .value(let value) where StrictImageValue.isImage(value, name: key):
                    collector.add(kind: "bake/arg", line: node.line, context: "\(context) args.\(key)", raw: raw(node), value: .literal(value))
                case .symbolic(let text) where Self.namesImage(key):
                    collector.add(kind: "bake/arg", line: node.line, context: "\(context) args.\(key)", raw: raw(node), value: .symbolic(text: text))
                case .unresolved(let reason) where Self.namesImage(key):
                    collector.add(kind: "bake/arg", line: node.line, context: "\(context) args.\(key)", raw: raw(node),
                                  value: .unresolved(reason: reason))
                default:
                    break
                }
            }
            for (key, node) in members(body["contexts"]) {
                let written = raw(node)
                switch evaluate(node) {
                case .value(let value) where value.hasPrefix("docker-image://"):
                    let image = String(value.dropFirst("docker-image://".count))
                    collector.add(kind: "bake/context-image", line: node.line, context: "\(context) contexts.\(key)", raw: written,
                                  value: .literal(image))
                case .symbolic(let text) where text.hasPrefix("docker-image://"):
                    collector.add(kind: "bake/context-image", line: node.line, context: "\(context) contexts.\(key)", raw: written,
                                  value: .symbolic(text: String(text.dropFirst("docker-image://".count))))
                case .unresolved(let reason) where written.hasPrefix("docker-image://"):
                    collector.add(kind: "bake/context-image", line: node.line, context: "\(context) contexts.\(key)", raw: written,
                                  value: .unresolved(reason: reason))
                default:
                    break
                }
            }
            if let tags = body["tags"] {
                // The Dockerfile the tags name, so a report can follow a base image to what is published from it.
                let built = dockerfilePath(chain: inheritance(of: name))
                let tagsContext = "\(context) tags" + (built.isEmpty ? "" : " (\(built))")
                let items: [HCLReader.Node]
                if case .list(let list) = tags.value { items = list } else { items = [tags] }
                for node in items {
                    switch evaluate(node) {
                    case .value(let value) where !value.isEmpty:
                        collector.add(kind: "bake/build-tag", line: node.line, context: tagsContext, raw: raw(node), value: .literal(value))
                    case .symbolic(let text):
                        collector.add(kind: "bake/build-tag", line: node.line, context: tagsContext, raw: raw(node), value: .symbolic(text: text))
                    case .unresolved(let reason):
                        collector.add(kind: "bake/build-tag", line: node.line, context: tagsContext, raw: raw(node),
                                      value: .unresolved(reason: reason))
                    default:
                        break
                    }
                }
            }
        }
        defineNamedContexts(into: &collector)
        // Bake merges the files passed together (`docker-bake.hcl` and its override, split files of one
        // folder): each default is published, by folder, for the files that use the variable without declaring it.
        for name in variables.keys.sorted() {
            guard let fallback = variables[name] ?? nil else { continue }
            switch evaluate(fallback) {
            case .value(let text), .symbolic(let text):
                collector.define(namespace: BakeExtractor.variableNamespace, name: qualified(name), value: text, line: fallback.line)
            case .unresolved:
                break
            }
        }
        if expressions.count > 0 {
            collector.warn(line: expressions.line, "\(expressions.count) value(s) written as HCL expressions (functions, conditions, "
                + "references to other blocks) are not evaluated; images they name are not reported")
        }
    }

    /// Every target's named contexts, inherited ones included, with the Dockerfile they serve.
    private mutating func defineNamedContexts(into collector: inout FactCollector) {
        for name in merged.keys.sorted() {
            let chain = inheritance(of: name)
            var contexts: [(key: String, value: HCLReader.Node)] = []
            for body in chain {
                for (key, node) in members(body["contexts"]) where !contexts.contains(where: { $0.key == key }) {
                    contexts.append((key, node))
                }
            }
            guard !contexts.isEmpty else { continue }
            let dockerfile = dockerfilePath(chain: chain)
            for (key, node) in contexts {
                let image = raw(node).hasPrefix("docker-image://")
                collector.define(namespace: image ? BakeExtractor.namedContextImageNamespace : BakeExtractor.namedContextNamespace,
                                 name: key, value: dockerfile, line: node.line)
            }
        }
    }

    /// The target's body and those it inherits, nearest first.
    private func inheritance(of name: String) -> [HCLReader.Body] {
        var chain: [HCLReader.Body] = []
        var seen: Set<String> = []
        var queue = [name]
        while let next = queue.first, chain.count < BakeExtractor.maxDepth {
            guard budget.spend() else { break }
            queue.removeFirst()
            guard seen.insert(next).inserted, let body = merged[next] else { continue }
            chain.append(body)
            if case .list(let parents)? = body["inherits"]?.value {
                for parent in parents { if case .string(let template) = parent.value { queue.append(template.raw) } }
            }
        }
        return chain
    }

    /// The repository path of the Dockerfile a target builds, or "" when it cannot be known (a remote
    /// context, an inline Dockerfile, a value set from the environment).
    private mutating func dockerfilePath(chain: [HCLReader.Body]) -> String {
        guard !chain.contains(where: { $0["dockerfile-inline"] != nil }) else { return "" }
        var context = "."
        var dockerfile = "Dockerfile"
        if let node = chain.lazy.compactMap({ $0["context"] }).first {
            guard case .value(let value) = evaluate(node) else { return "" }
            context = value
        }
        if let node = chain.lazy.compactMap({ $0["dockerfile"] }).first {
            guard case .value(let value) = evaluate(node) else { return "" }
            dockerfile = value
        }
        if context.contains("://") || context.hasPrefix("git@") || context.hasPrefix("/") || dockerfile.hasPrefix("/") { return "" }
        let folder = (path as NSString).deletingLastPathComponent
        var parts: [Substring] = []
        for part in "\(folder)/\(context)/\(dockerfile)".split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return "" }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// Whether an argument's name says it holds an image (`BASE_IMAGE`, `BUILDER_IMG`).
    static func namesImage(_ key: String) -> Bool {
        let upper = key.uppercased()
        return upper.contains("IMAGE") || upper.hasSuffix("IMG") || upper.contains("_IMG_")
    }

    /// The published name of a variable: the folder of the Bake file and the name, so only Bake files
    /// of one folder share values.
    private func qualified(_ name: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? name : folder + "/" + name
    }

    private func members(_ node: HCLReader.Node?) -> [(key: String, value: HCLReader.Node)] {
        guard case .object(let members)? = node?.value else { return [] }
        return members
    }

    private func raw(_ node: HCLReader.Node) -> String {
        switch node.value {
        case .string(let template): template.raw
        case .variable(let name): name
        case .literal(let text), .expression(let text): text
        case .list, .object: ""
        }
    }

    /// The value of `node` with the file's variable defaults in place.
    private mutating func evaluate(_ node: HCLReader.Node, depth: Int = 0) -> Outcome {
        switch node.value {
        case .string(let template): return evaluate(template, line: node.line, depth: depth)
        case .variable(let name): return variable(name, line: node.line, depth: depth)
        case .literal(let text): return text == "null" ? .unresolved("the value is null") : .value(text)
        case .expression:
            noteExpression(at: node.line)
            return .unresolved("written as an HCL expression, which census does not evaluate")
        case .list, .object: return .unresolved("not a single value")
        }
    }

    private mutating func evaluate(_ template: HCLReader.Template, line: Int, depth: Int) -> Outcome {
        var text = ""
        var symbolic = false
        for part in template.parts {
            switch part {
            case .text(let literal):
                // Written braces would read as placeholders once the text is symbolic.
                if literal.contains("{{") || literal.contains("}}") { return .unresolved("the text holds {{ or }}") }
                text += literal
            case .variable(let name):
                switch variable(name, line: line, depth: depth) {
                case .value(let value): text += value
                case .symbolic(let placeholder):
                    text += placeholder
                    symbolic = true
                case .unresolved(let reason): return .unresolved(reason)
                }
            case .expression:
                noteExpression(at: line)
                return .unresolved("built with an HCL expression, which census does not evaluate")
            }
        }
        return symbolic ? .symbolic(text) : .value(text)
    }

    private mutating func variable(_ name: String, line: Int, depth: Int) -> Outcome {
        guard budget.spend() else { return .unresolved("the extraction budget of this file is spent") }
        guard depth < BakeExtractor.maxDepth else {
            return .unresolved("variables refer to each other more than \(BakeExtractor.maxDepth) levels deep (a cycle?)")
        }
        guard let declared = variables[name] else {
            // Declared by another Bake file of the folder, or set from the environment.
            return .symbolic(SymbolPlaceholder.make(namespace: BakeExtractor.variableNamespace, name: qualified(name)))
        }
        guard let fallback = declared else {
            return .unresolved("\(name) has no default in this Bake file; it is set from the environment when bake runs")
        }
        return evaluate(fallback, depth: depth + 1)
    }

    private mutating func noteExpression(at line: Int) {
        if expressions.count == 0 { expressions.line = line }
        expressions.count += 1
    }
}
