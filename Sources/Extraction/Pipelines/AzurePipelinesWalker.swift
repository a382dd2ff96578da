import Yams

/// Walks the documents of one Azure Pipelines file, collecting its facts (see `AzurePipelinesExtractor`).
struct AzurePipelinesWalker {
    typealias Kind = AzurePipelinesExtractor.Kind
    typealias Namespace = AzurePipelinesExpression.Namespace
    typealias Structure = AzurePipelinesStructure

    /// Keys that make a mapping a step (`template` is read as a template call instead).
    static let stepKeys: Set<String> = [
        "task", "script", "bash", "pwsh", "powershell", "checkout", "download", "downloadBuild",
        "getPackage", "publish", "reviewApp",
    ]

    /// Step keys whose value is an inline script.
    static let scriptKeys: Set<String> = ["script", "bash", "pwsh", "powershell"]

    /// Where the walk stands: the structural path for `context`, the enclosing `${{ }}` blocks, and
    /// whether it is inside the `parameters:` passed to a template.
    struct Scope {
        var path: [String] = []
        var conditions: [String] = []
        var inTemplateParameters = false
        var callsOtherRepository = false
        /// Inside the `parameters:` of a call to a template of this branch: that template's path, and the
        /// length of `path` where the parameters start (what follows names the parameter).
        var calledTemplate: String?
        var parametersStart = 0

        func adding(_ segment: String) -> Scope {
            var next = self
            next.path.append(segment)
            return next
        }

        func under(_ conditions: [String]) -> Scope {
            var next = self
            next.conditions = conditions
            return next
        }

        func context(_ leaf: String? = nil) -> String? {
            var parts = path
            if let leaf { parts.append(leaf) }
            var text = parts.joined(separator: ".")
            if !conditions.isEmpty {
                text += (text.isEmpty ? "" : " ") + "(under \(conditions.joined(separator: ", ")))"
            }
            return text.isEmpty ? nil : text
        }
    }

    let path: String
    let lines: [Substring]
    var facts = FileFacts()
    /// `parameter-flow` definitions already recorded (name and value), so each is recorded once.
    var notedFlows: Set<String> = []
    /// Whether variables whose value is an image are recorded (see `isAmbiguousVariablesFile`).
    var recordsImageVariables = true
    /// The file's node budget: every node walked (and every parameter flattened) pays one step.
    let traversal: YAMLTraversal

    init(path: String, text: String, traversal: YAMLTraversal) {
        self.path = path
        self.lines = Self.lines(of: text)
        self.traversal = traversal
    }

    /// `text` split where its Characters are `\n`, as `split(separator: "\n")` splits it, read from the
    /// bytes instead of Character by Character: at each LF byte not preceded by a CR (a CR and an LF
    /// form one Character, `\r\n`, which is not `\n`; an LF is a Character of its own otherwise).
    static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        var previous: UInt8 = 0
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") {
                lines.append(text[start..<index])
                start = bytes.index(after: index)
            }
            previous = byte
            index = bytes.index(after: index)
        }
        lines.append(text[start...])
        return lines
    }

    mutating func walkDocument(_ root: Node) {
        recordsImageVariables = !Self.isAmbiguousVariablesFile(root)
        walk(root, Scope(), isRoot: true)
    }

    /// Whether a document is only a `variables:` mapping with nothing Azure-specific in it: a GitLab
    /// file included for its variables reads the same, so its values are not recorded as Azure images.
    /// Azure shows in a dotted name (`imageNames.testRunner`), a `$(macro)` or a `${{ }}` expression.
    static func isAmbiguousVariablesFile(_ root: Node) -> Bool {
        let entries = Structure.entries(of: root)
        guard entries.count == 1, let only = entries.first, only.key == "variables", case .mapping = only.value else {
            return false
        }
        for variable in Structure.entries(of: only.value) {
            if variable.key.containsByte(UInt8(ascii: ".")) || variable.key.hasPrefix("${{") { return false }
            if let value = Structure.string(variable.value), value.containsBytes(of: "$(") || value.containsBytes(of: "${{") {
                return false
            }
        }
        return true
    }

    // MARK: - Generic walk

    mutating func walk(_ node: Node, _ scope: Scope, isRoot: Bool = false) {
        guard traversal.spend(1, at: Structure.line(node)) else { return }
        switch node {
        case .scalar:
            scanHelixQueues(node, scope)
        case .sequence:
            for item in Structure.items(of: node, conditions: scope.conditions) {
                walk(item.node, scope.under(item.conditions))
            }
        case .mapping:
            walkMapping(node, scope, isRoot: isRoot)
        case .alias:
            break
        }
    }

    mutating func walkMapping(_ node: Node, _ outer: Scope, isRoot: Bool) {
        let entries = Structure.entries(of: node, conditions: outer.conditions)
        let jobName = Structure.string(Structure.value("job", in: entries) ?? Structure.value("deployment", in: entries))
        let stageName = Structure.string(Structure.value("stage", in: entries))
        // A task's `inputs:` (`inputs: {script: …}`) holds a step's settings; it is never a step itself.
        let isStep = jobName == nil && stageName == nil && outer.path.last != "inputs"
            && entries.contains { Self.stepKeys.contains($0.key) }
        var scope = outer
        if let stageName { scope = scope.adding("stages[\(stageName)]") }
        if let jobName {
            scope = scope.adding("jobs[\(jobName)]")
            scope.inTemplateParameters = false
        }
        if isStep {
            scope = scope.adding("steps[\(Self.stepLabel(entries))]")
            scope.inTemplateParameters = false
        }
        if let templateNode = Structure.value("template", in: entries), let raw = Structure.string(templateNode) {
            walkTemplateCall(entries, template: templateNode, raw: raw, label: "template[\(raw)]", scope)
            return
        }
        let runsJob = jobName != nil || isRoot
        for entry in entries {
            let here = scope.under(entry.conditions)
            switch entry.key {
            case "container" where runsJob:
                containerUse(entry.value, kind: Kind.jobContainer, leaf: "container", here)
            case "services" where runsJob:
                for service in Structure.entries(of: entry.value, conditions: here.conditions) {
                    containerUse(service.value, kind: Kind.service, leaf: "services[\(service.key)]",
                                 here.under(service.conditions))
                }
            case "target" where isStep:
                stepTarget(entry.value, here)
            case "variables":
                walkVariables(entry.value, here.adding("variables"))
            case "resources" where isRoot:
                walkResources(entry.value, here.adding("resources"))
            case "parameters" where isRoot:
                walkParameterDeclarations(entry.value, here)
            case "extends" where isRoot:
                let extends = Structure.entries(of: entry.value, conditions: here.conditions)
                if let templateNode = Structure.value("template", in: extends), let raw = Structure.string(templateNode) {
                    walkTemplateCall(extends, template: templateNode, raw: raw, label: "extends", here)
                } else {
                    walk(entry.value, here.adding("extends"))
                }
            case "strategy" where jobName != nil:
                defineMatrixVariables(entry.value, here)
                walk(entry.value, here.adding("strategy"))
            case let key where here.inTemplateParameters && AzurePipelinesExtractor.isContainerParameter(key):
                containerUse(entry.value, kind: Kind.templateContainer, leaf: key, here)
            case "containers" where here.inTemplateParameters:
                walkContainerMap(entry.value, here)
            case "stages", "jobs", "steps":
                walk(entry.value, here)
            case let key where isStep && Self.scriptKeys.contains(key):
                scriptStep(entry.value, dialect: key == "pwsh" || key == "powershell" ? .powerShell : .shell, here.context(key))
                walk(entry.value, here.adding(entry.key))
            case "inputs" where isStep:
                taskScript(entries, inputs: entry.value, here)
                walk(entry.value, here.adding(entry.key))
            default:
                walk(entry.value, here.adding(entry.key))
            }
        }
    }

    static func stepLabel(_ entries: [AzurePipelinesEntry]) -> String {
        for key in ["displayName", "name", "task"] {
            if let text = Structure.string(Structure.value(key, in: entries)) { return text }
        }
        return entries.first { stepKeys.contains($0.key) }?.key ?? "step"
    }

    // MARK: - Templates

    /// A `- template: …` item or an `extends:` mapping: records the include (with the parameters it
    /// passes) and walks the passed parameters for container positions.
    mutating func walkTemplateCall(_ entries: [AzurePipelinesEntry], template: Node, raw: String, label: String,
                                   _ scope: Scope) {
        let target = AzurePipelinesTemplatePath.resolve(raw, includer: path)
        let call = scope.adding(label)
        let parameters = entries.filter { $0.key == "parameters" }
        switch target {
        case .local(let included):
            var passed: [String: [String]] = [:]
            for entry in parameters { Self.flattenParameters(entry.value, prefix: "", into: &passed, traversal: traversal) }
            noteForwardedParameters(passed, to: included, line: Structure.line(template))
            for layer in Self.layers(of: passed) {
                facts.includes.append(FileInclude(path: included, line: Structure.line(template), parameters: layer))
            }
        case .otherRepository:
            noteParametersPassedOutOfSight(parameters, line: Structure.line(template))
        case .unknown(let reason):
            noteParametersPassedOutOfSight(parameters, line: Structure.line(template))
            facts.warnings.append(ExtractionWarning(line: Structure.line(template), message: "not followed: \(reason)"))
        }
        for entry in entries where entry.key != "template" {
            var inner = call.under(entry.conditions)
            if entry.key == "parameters" {
                inner = inner.adding("parameters")
                inner.inTemplateParameters = true
                if case .otherRepository = target { inner.callsOtherRepository = true } else { inner.callsOtherRepository = false }
                if case .local(let included) = target { inner.calledTemplate = included } else { inner.calledTemplate = nil }
                inner.parametersStart = inner.path.count
            } else {
                inner = inner.adding(entry.key)
                inner.calledTemplate = nil
            }
            walk(entry.value, inner)
        }
    }

    /// Key used in `FileInclude.parameters` when a caller passes parameters whose names are computed
    /// (`${{ each parameter in job }}: ${{ parameter.key }}: …`).
    static let computedParametersKey = "${{ each }}"

    /// The scalar parameters a template call passes, nested mappings flattened to `a.b`; a key passed
    /// with several values (in `${{ if }}`/`${{ else }}` branches) keeps each value.
    static func flattenParameters(_ node: Node, prefix: String, into passed: inout [String: [String]],
                                  traversal: YAMLTraversal) {
        for entry in Structure.entries(of: node) {
            guard traversal.spend(1, at: Structure.line(entry.value)) else { return }
            if entry.key.hasPrefix("${{") {
                passed[computedParametersKey] = [""]
                continue
            }
            let name = prefix.isEmpty ? entry.key : "\(prefix).\(entry.key)"
            switch entry.value {
            case .scalar(let scalar):
                let value = AzurePipelinesExpression.translate(scalar.string)
                if !(passed[name] ?? []).contains(value) { passed[name, default: []].append(value) }
            case .mapping:
                flattenParameters(entry.value, prefix: name, into: &passed, traversal: traversal)
            case .sequence, .alias:
                continue
            }
        }
    }

    /// One parameter set per alternative: set `i` takes each key's `i`-th value (or its last), so every
    /// passed value reaches the included template without multiplying combinations.
    static func layers(of passed: [String: [String]]) -> [[String: String]] {
        let count = max(1, passed.values.map(\.count).max() ?? 1)
        return (0..<count).map { layer in
            passed.compactMapValues { values in values.isEmpty ? nil : values[min(layer, values.count - 1)] }
        }
    }

    // MARK: - Containers

    /// A container position: an image, an alias, a mapping with `image:`, or an expression of those.
    mutating func containerUse(_ node: Node, kind: String, leaf: String, _ scope: Scope) {
        switch node {
        case .scalar(let scalar):
            let raw = scalar.string
            guard !raw.isEmpty else { return }
            // A `container` passed to a template only forwards the parameter (`noteForwardedParameters`).
            if kind != Kind.templateContainer { noteContainerParameters(raw, at: node) }
            if kind == Kind.stepTarget, raw.lowercased() == "host" { return }
            if kind == Kind.templateContainer, !scope.callsOtherRepository,
               AzurePipelinesExpression.passedThroughParameter(AzurePipelinesExpression.translate(raw)) != nil {
                return
            }
            let named = Self.isAliasName(raw) ? "\(leaf)[\(raw)]" : leaf
            addReference(node, kind: kind, context: scope.context(named), raw: raw,
                         value: gated(Self.containerExpression(raw), kind: kind, leaf: leaf, scope))
        case .mapping:
            let entries = Structure.entries(of: node, conditions: scope.conditions)
            for entry in entries {
                let here = scope.under(entry.conditions)
                switch entry.key {
                case "image":
                    if let raw = Structure.string(entry.value), !raw.isEmpty {
                        if kind != Kind.templateContainer { noteContainerParameters(raw, at: entry.value) }
                        addReference(entry.value, kind: kind, context: here.context(leaf), raw: raw,
                                     value: gated(AzurePipelinesExpression.imageExpression(raw), kind: kind, leaf: leaf, here))
                    }
                default:
                    walk(entry.value, here.adding(leaf).adding(entry.key))
                }
            }
        case .sequence, .alias:
            walk(node, scope.adding(leaf))
        }
    }

    /// A `container` passed to a template of this branch counts only when that template lets it reach a
    /// container (Arcade's `get-delegation-sas.yml` takes a storage blob `container: internal`): the value
    /// is prefixed with a `container-parameter` placeholder that the branch resolves to nothing otherwise.
    func gated(_ value: ImageExpression, kind: String, leaf: String, _ scope: Scope) -> ImageExpression {
        guard kind == Kind.templateContainer, let template = scope.calledTemplate,
              scope.parametersStart <= scope.path.count else { return value }
        let parameter = (scope.path[scope.parametersStart...] + [leaf]).joined(separator: ".")
        let gate = SymbolPlaceholder.make(namespace: Namespace.containerParameter, name: "\(template)#\(parameter)")
        switch value {
        case .literal(let text): return .symbolic(text: gate + text)
        case .symbolic(let text): return .symbolic(text: gate + text)
        case .unresolved: return value
        }
    }

    // MARK: - Parameter flow

    /// Records a `parameter-flow` definition once.
    mutating func noteFlow(_ parameter: String, _ value: String, line: Int) {
        guard notedFlows.insert("\(parameter)\n\(value)").inserted else { return }
        facts.definitions.append(SymbolDefinition(namespace: Namespace.parameterFlow, name: parameter, value: value, line: line))
    }

    /// The parameters of this file a container position uses (`container: ${{ parameters.platform.container }}`).
    mutating func noteContainerParameters(_ raw: String, at node: Node) {
        for marker in SymbolPlaceholder.find(in: AzurePipelinesExpression.translate(raw))
        where marker.namespace == Namespace.parameter {
            noteFlow(marker.name, "container", line: Structure.line(node))
        }
    }

    /// The parameters of this file passed on to a template of this branch (`platform: ${{ parameters.x }}`
    /// forwards `x` to that template's `platform`).
    mutating func noteForwardedParameters(_ passed: [String: [String]], to template: String, line: Int) {
        for (key, values) in passed.sorted(by: { $0.key < $1.key }) where key != Self.computedParametersKey {
            for value in values {
                for marker in SymbolPlaceholder.find(in: value) where marker.namespace == Namespace.parameter {
                    noteFlow(marker.name, "forward:\(template)#\(key)", line: line)
                }
            }
        }
    }

    /// Parameters passed to a template census cannot read (another repository, a computed path) may
    /// reach a container there.
    mutating func noteParametersPassedOutOfSight(_ parameters: [AzurePipelinesEntry], line: Int) {
        var passed: [String: [String]] = [:]
        for entry in parameters { Self.flattenParameters(entry.value, prefix: "", into: &passed, traversal: traversal) }
        // In the order of the passed names: the facts must not depend on the process's hash seed.
        for (_, values) in passed.sorted(by: { $0.key < $1.key }) {
            for value in values {
                for marker in SymbolPlaceholder.find(in: value) where marker.namespace == Namespace.parameter {
                    noteFlow(marker.name, "container", line: line)
                }
            }
        }
    }

    /// Parameters a `${{ each … in parameters.x }}` loop (or an `${{ insert }}`) spreads: what they hold
    /// may become jobs or job properties, containers included. Read from the lines, once per file.
    mutating func noteLoopedParameters() {
        for (index, line) in lines.enumerated() {
            guard traversal.work.spend(line.utf8.count, line: index + 1) else { return }
            guard line.containsBytes(of: "${{"), line.containsBytes(of: "parameters.") else { continue }
            var rest = line[...]
            while let open = rest.rangeOfBytes("${{") {
                let after = rest[open.upperBound...]
                guard let close = after.rangeOfBytes("}}") else { break }
                let body = after[..<close.lowerBound].trimmingWhitespace()
                rest = after[close.upperBound...]
                let words = body.split(separator: " ", omittingEmptySubsequences: true)
                guard words.count >= 4, words[0] == "each", words[2] == "in" else { continue }
                if let name = AzurePipelinesExpression.accessPath(String(words[3]), root: "parameters") {
                    noteFlow(name, "container", line: index + 1)
                }
            }
        }
    }

    /// A step's `target:`, either `host`, an alias, or `{container: alias, commands: …}`.
    mutating func stepTarget(_ node: Node, _ scope: Scope) {
        if case .mapping = node {
            for entry in Structure.entries(of: node, conditions: scope.conditions) where entry.key == "container" {
                containerUse(entry.value, kind: Kind.stepTarget, leaf: "target", scope.under(entry.conditions))
            }
        } else {
            containerUse(node, kind: Kind.stepTarget, leaf: "target", scope)
        }
    }

    /// `resources: containers: - container: alias / image: …`.
    mutating func walkResources(_ node: Node, _ scope: Scope) {
        for entry in Structure.entries(of: node, conditions: scope.conditions) {
            guard entry.key == "containers" else { continue }
            for item in Structure.items(of: entry.value, conditions: entry.conditions) {
                let fields = Structure.entries(of: item.node, conditions: item.conditions)
                let aliasNode = Structure.value("container", in: fields)
                let alias = Structure.string(aliasNode)
                let conditions = fields.first { $0.key == "image" }?.conditions ?? item.conditions
                defineContainer(alias: alias, aliasNode: aliasNode, image: Structure.value("image", in: fields),
                                kind: Kind.containerResource, label: "containers[\(alias ?? "?")]",
                                scope.under(conditions))
            }
        }
    }

    /// A `containers:` map (`alias: {image: …}` or `alias: image`) or list (`- container: alias / image:`)
    /// passed to a template, as 1ES and templateDispatch pipelines do.
    mutating func walkContainerMap(_ node: Node, _ scope: Scope) {
        switch node {
        case .mapping:
            for entry in Structure.entries(of: node, conditions: scope.conditions) where !entry.key.hasPrefix("${{") {
                let image: Node?
                switch entry.value {
                case .scalar: image = entry.value
                default: image = Structure.value("image", in: Structure.entries(of: entry.value))
                }
                defineContainer(alias: entry.key, aliasNode: entry.keyNode, image: image, kind: Kind.containerMap,
                                label: "containers[\(entry.key)]", scope.under(entry.conditions))
            }
        case .sequence:
            for item in Structure.items(of: node, conditions: scope.conditions) {
                let fields = Structure.entries(of: item.node, conditions: item.conditions)
                let aliasNode = Structure.value("container", in: fields)
                let alias = Structure.string(aliasNode)
                defineContainer(alias: alias, aliasNode: aliasNode, image: Structure.value("image", in: fields),
                                kind: Kind.containerMap, label: "containers[\(alias ?? "?")]", scope.under(item.conditions))
            }
        case .scalar, .alias:
            break
        }
    }

    /// A container definition: a reference at the `image:` line and, when it has an alias, the alias.
    mutating func defineContainer(alias: String?, aliasNode: Node?, image: Node?, kind: String, label: String,
                                  _ scope: Scope) {
        guard let image, let raw = Structure.string(image), !raw.isEmpty else { return }
        noteContainerParameters(raw, at: image)
        addReference(image, kind: kind, context: scope.context(label), raw: raw,
                     value: AzurePipelinesExpression.imageExpression(raw))
        if let alias, let aliasNode, !alias.hasPrefix("${{") {
            facts.definitions.append(SymbolDefinition(namespace: Namespace.alias, name: alias,
                                                      value: AzurePipelinesExpression.translate(raw),
                                                      line: Structure.line(aliasNode)))
        }
    }

    /// The fact value of a container position: an image when the text can only be one (it has a
    /// `/`, `:`, `@` or `.` outside expressions), else a name to look up as an alias first.
    static func containerExpression(_ raw: String) -> ImageExpression {
        let translated = AzurePipelinesExpression.translate(raw)
        var literal = translated
        for marker in SymbolPlaceholder.find(in: translated).reversed() {
            literal.removeSubrange(marker.range)
        }
        if literal.contains(where: { "/:@.".contains($0) }) {
            return translated == raw ? .literal(raw) : .symbolic(text: translated)
        }
        return .symbolic(text: SymbolPlaceholder.make(namespace: Namespace.container, name: translated))
    }

    /// Whether a container value reads as an alias (a plain name) rather than an image or expression.
    static func isAliasName(_ raw: String) -> Bool {
        !raw.isEmpty && raw.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }

    // MARK: - Variables and parameters

    /// `variables:` as a map (`name: value`) or a list (`- name: …/value: …`, `- template: …`, `- group: …`).
    mutating func walkVariables(_ node: Node, _ scope: Scope) {
        switch node {
        case .mapping:
            for entry in Structure.entries(of: node, conditions: scope.conditions) {
                let here = scope.under(entry.conditions).adding(entry.key)
                if !entry.key.hasPrefix("${{") { defineVariable(entry.key, entry.value, here) }
                walk(entry.value, here)
            }
        case .sequence:
            for item in Structure.items(of: node, conditions: scope.conditions) {
                let fields = Structure.entries(of: item.node, conditions: item.conditions)
                let here = scope.under(item.conditions)
                if let templateNode = Structure.value("template", in: fields), let raw = Structure.string(templateNode) {
                    walkTemplateCall(fields, template: templateNode, raw: raw, label: "template[\(raw)]", here)
                } else if let name = Structure.string(Structure.value("name", in: fields)),
                          let value = Structure.value("value", in: fields) {
                    defineVariable(name, value, here.adding(name))
                    walk(value, here.adding(name))
                } else {
                    walk(item.node, here)
                }
            }
        case .scalar, .alias:
            walk(node, scope)
        }
    }

    /// Defines variable `name`; with `scope` (the path naming the variable), a value that is an image is
    /// also a reference of its own, since scripts use it where census cannot see (`docker pull $(name)`).
    mutating func defineVariable(_ name: String, _ value: Node, _ scope: Scope? = nil) {
        guard let text = Structure.string(value) else { return }
        facts.definitions.append(SymbolDefinition(namespace: Namespace.variable, name: name.lowercased(),
                                                  value: AzurePipelinesExpression.translate(text),
                                                  line: Structure.line(value)))
        if let scope, recordsImageVariables, AzurePipelinesExtractor.isImageValue(text) {
            addReference(value, kind: Kind.variable, context: scope.context(), raw: text, value: .literal(text))
        }
    }

    /// `strategy: matrix: {leg: {name: value}}` legs define variables, one value per leg.
    mutating func defineMatrixVariables(_ node: Node, _ scope: Scope) {
        for entry in Structure.entries(of: node) where entry.key == "matrix" {
            for leg in Structure.entries(of: entry.value) {
                for variable in Structure.entries(of: leg.value) where !variable.key.hasPrefix("${{") {
                    defineVariable(variable.key, variable.value)
                }
            }
        }
    }

    /// Root `parameters:` declarations (`- name: …/default: …` list, or the older `name: default` map):
    /// each scalar default (object defaults flattened to `name.key`) defines a parameter of this file.
    mutating func walkParameterDeclarations(_ node: Node, _ scope: Scope) {
        switch node {
        case .sequence:
            for item in Structure.items(of: node, conditions: scope.conditions) {
                let fields = Structure.entries(of: item.node, conditions: item.conditions)
                guard let name = Structure.string(Structure.value("name", in: fields)) else { continue }
                noteFlow(name, "declared", line: Structure.line(item.node))
                if let defaultValue = Structure.value("default", in: fields) {
                    defineParameter(name, defaultValue)
                    recordImageDefaults(name, defaultValue, scope.under(item.conditions).adding("parameters"))
                    walk(defaultValue, scope.under(item.conditions).adding("parameters[\(name)]"))
                }
            }
        case .mapping:
            for entry in Structure.entries(of: node, conditions: scope.conditions) where !entry.key.hasPrefix("${{") {
                noteFlow(entry.key, "declared", line: Structure.line(entry.keyNode))
                defineParameter(entry.key, entry.value)
                recordImageDefaults(entry.key, entry.value, scope.under(entry.conditions).adding("parameters"))
                walk(entry.value, scope.under(entry.conditions).adding("parameters[\(entry.key)]"))
            }
        case .scalar, .alias:
            break
        }
    }

    mutating func defineParameter(_ name: String, _ value: Node) {
        switch value {
        case .scalar(let scalar):
            facts.definitions.append(SymbolDefinition(namespace: Namespace.parameter, name: name,
                                                      value: AzurePipelinesExpression.translate(scalar.string),
                                                      line: Structure.line(value)))
        case .mapping:
            for entry in Structure.entries(of: value) where !entry.key.hasPrefix("${{") {
                guard traversal.spend(1, at: Structure.line(entry.value)) else { return }
                defineParameter("\(name).\(entry.key)", entry.value)
            }
        case .sequence, .alias:
            break
        }
    }

    /// The `container`/`image` keys of parameter `name`'s default (the parameter itself, or keys nested in
    /// an object default or a list of them) whose value is an image: each is where that image is written.
    mutating func recordImageDefaults(_ name: String, _ value: Node, _ scope: Scope) {
        guard traversal.spend(1, at: Structure.line(value)) else { return }
        switch value {
        case .scalar(let scalar):
            guard AzurePipelinesExtractor.isImageDefault(name), AzurePipelinesExtractor.isImageValue(scalar.string) else { return }
            addReference(value, kind: Kind.parameterDefault, context: scope.context(name), raw: scalar.string,
                         value: .literal(scalar.string))
        case .mapping:
            for entry in Structure.entries(of: value, conditions: scope.conditions) where !entry.key.hasPrefix("${{") {
                recordImageDefaults("\(name).\(entry.key)", entry.value, scope.under(entry.conditions))
            }
        case .sequence:
            for (index, item) in Structure.items(of: value, conditions: scope.conditions).enumerated() {
                recordImageDefaults("\(name)[\(index)]", item.node, scope.under(item.conditions))
            }
        case .alias:
            break
        }
    }

    // MARK: - Script steps

    /// The `docker`/`podman` images of a script step; `$(name)` macros and `${{ }}` expressions Azure pastes
    /// in before the script runs resolve like a container's (`docker pull $(imageNames.testRunner)`).
    mutating func scriptStep(_ node: Node, dialect: ScriptDialect, _ context: String?) {
        guard case .scalar(let scalar) = node else { return }
        var collector = FactCollector()
        // Only text naming one of the tools can hold a command of theirs; the rest is not lexed.
        guard scalar.string.containsBytes(of: "docker") || scalar.string.containsBytes(of: "podman") else { return }
        var table = ScriptVariables(dialect: dialect)
        let traversal = self.traversal
        CIScriptStep.images(in: scalar.string, firstLine: CIScriptStep.firstLine(of: node, line: Structure.line(node)),
                            context: context ?? "script", table: &table, macros: CIScriptStep.azureMacro,
                            budget: traversal.work, finish: { [(AzurePipelinesExpression.imageExpression($0), nil)] },
                            locate: CIScriptStep.keepsLines(node) ? nil : { traversal.line(of: $0, from: $1) },
                            into: &collector)
        facts.references += collector.facts.references
        facts.warnings += collector.facts.warnings
    }

    /// The inline script of a `Bash@3`, `PowerShell@2` or `AzureCLI@2` task (`inputs: script:` or
    /// `inlineScript:`); a task running a script file (`filePath`, `scriptPath`) is read as that file.
    mutating func taskScript(_ entries: [AzurePipelinesEntry], inputs: Node, _ scope: Scope) {
        guard let task = Structure.string(Structure.value("task", in: entries)) else { return }
        let name = task.split(separator: "@").first.map { $0.lowercased() } ?? ""
        let fields = Structure.entries(of: inputs, conditions: scope.conditions)
        let dialect: ScriptDialect
        switch name {
        case "bash", "cmdline":
            dialect = .shell
        case "powershell":
            dialect = .powerShell
        case "azurecli":
            // `scriptType: bash` or `pscore`/`ps`; batch scripts are not read.
            switch Structure.string(Structure.value("scriptType", in: fields))?.lowercased() {
            case "bash": dialect = .shell
            case "pscore", "ps": dialect = .powerShell
            default: return
            }
        default:
            return
        }
        for key in ["script", "inlineScript"] {
            if let script = Structure.value(key, in: fields) {
                scriptStep(script, dialect: dialect, scope.context("inputs.\(key)"))
            }
        }
    }

    // MARK: - Helix and references

    mutating func scanHelixQueues(_ node: Node, _ scope: Scope) {
        guard case .scalar(let scalar) = node else { return }
        let queues = HelixQueue.queueImages(in: scalar.string, budget: traversal.work)
        guard !queues.isEmpty else { return }
        var searchLine = Structure.line(node)
        for queue in queues {
            let line = lineOf(queue.raw, from: searchLine) ?? Structure.line(node)
            searchLine = line
            facts.references.append(ReferenceFact(line: line, kind: HelixQueue.kind, context: scope.context(),
                                                  raw: queue.raw,
                                                  value: AzurePipelinesExpression.imageExpression(queue.image)))
        }
    }

    /// The first line at or after `start` whose text holds `fragment` (values of multi-line scalars).
    func lineOf(_ fragment: String, from start: Int) -> Int? {
        guard start >= 1 else { return nil }
        // ASCII in ASCII is a plain byte search; anything else goes to Foundation's search, as before.
        let asciiFragment = fragment.utf8.allSatisfy { $0 < 0x80 }
        var index = start - 1
        while index < lines.count, index < start - 1 + 500 {
            // Many queues on one long line each search it: the file's budget pays for every search.
            let line = lines[index]
            guard traversal.work.spend(line.utf8.count, line: index + 1) else { return nil }
            let found = asciiFragment && line.utf8.allSatisfy { $0 < 0x80 } ? line.containsBytes(of: fragment) : line.contains(fragment)
            if found { return index + 1 }
            index += 1
        }
        return nil
    }

    mutating func addReference(_ node: Node, kind: String, context: String?, raw: String, value: ImageExpression) {
        let line = lineOf(raw, from: Structure.line(node)) ?? Structure.line(node)
        facts.references.append(ReferenceFact(line: line, kind: kind, context: context, raw: raw, value: value))
    }
}
