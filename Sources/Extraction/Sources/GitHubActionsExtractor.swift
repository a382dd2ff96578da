import Foundation

/// GitHub Actions workflows and `action.yml` metadata.
///
/// Workflows: `jobs.*.container` (string or `image:`), `jobs.*.services.*` (string or `image:`) and
/// `uses: docker://…` steps. A static `strategy.matrix` (lists, `include`, `exclude`, values that are
/// mappings) expands `${{ matrix.x }}` into one reference per distinct value, each at the same line
/// with the matrix values in its context. Other `${{ … }}` expressions are known only when the workflow
/// runs and stay unresolved with their raw text.
///
/// Values that are images by `StrictImageValue`: `env:` entries of the workflow, a job or a step
/// (`github-actions/env`, scripts pull them), and `with:` inputs named `image`, `container`, `*_image` or
/// `*-image` passed to a reusable workflow or an action (`github-actions/input`). Agentic workflows
/// (`.github/workflows/*.md`) are read from their YAML front matter, which holds one job's settings.
///
/// Actions: `runs.image: docker://…` (kind `github-actions/action-image`); `runs.image: Dockerfile`
/// builds the action locally and is recorded as `github-actions/action-dockerfile`, unresolved with a
/// reason naming the Dockerfile (whose own `FROM` lines are scanned as a Dockerfile). Composite
/// actions' `uses: docker://…` steps count as `github-actions/step-uses`.
enum GitHubActionsExtractor {
    /// Bumped whenever the facts for the same bytes could change.
    static let version = 4
    static let envKind = "github-actions/env"
    static let inputKind = "github-actions/input"
    /// The context of what an agentic workflow's front matter sets for its job.
    static let frontMatterContext = "front matter"

    /// Most matrix combinations expanded per job; larger matrices are cut with a warning.
    static let maxCombinations = 256

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            if let runs = root["runs"] { extractAction(runs, path: path, collector: &collector) }
            if GitHubAgenticWorkflow.isWorkflow(path: path) {
                extractJob(context: frontMatterContext, root, collector: &collector)
                continue
            }
            recordImageValues(envKind, root["env"], context: "env", matrix: Matrix(nil), collector: &collector)
            let workflow = StepDefaults(env: environment(root["env"]), shell: root["defaults"]?["run"]?["shell"]?.string)
            for job in root["jobs"]?.entries ?? [] where job.value.isMapping {
                extractJob(context: "jobs.\(job.key)", job.value, defaults: workflow, collector: &collector)
            }
        }
        return CIScriptStep.withoutRunsOfLocalBuilds(collector.facts)
    }

    // MARK: Workflows

    /// What a job's `run:` steps inherit: the `env:` values known in the file and the default shell.
    struct StepDefaults {
        var env: [String: String] = [:]
        var shell: String?

        /// These defaults overridden by an `env:` mapping and a `defaults.run.shell` below them.
        func overridden(env more: [String: String], shell: String?) -> StepDefaults {
            StepDefaults(env: env.merging(more) { _, new in new }, shell: shell ?? self.shell)
        }
    }

    /// The plain values of an `env:` mapping; values holding `${{ }}` are known only when the workflow runs.
    private static func environment(_ mapping: YAMLCursor?) -> [String: String] {
        var out: [String: String] = [:]
        for entry in mapping?.entries ?? [] {
            guard let value = entry.value.string, !value.contains("${{") else { continue }
            out[entry.key] = value
        }
        return out
    }

    private static func extractJob(context jobContext: String, _ job: YAMLCursor, defaults: StepDefaults = StepDefaults(),
                                   collector: inout FactCollector) {
        let matrix = Matrix(job["strategy"]?["matrix"], collector: &collector)
        let jobDefaults = defaults.overridden(env: environment(job["env"]), shell: job["defaults"]?["run"]?["shell"]?.string)
        if let container = job["container"] {
            let image = container.isMapping ? container["image"] : container
            if let image { record("github-actions/job-container", image, context: jobContext, matrix: matrix, collector: &collector) }
        }
        for service in job["services"]?.entries ?? [] {
            let image = service.value.isMapping ? service.value["image"] : service.value
            if let image {
                record("github-actions/service", image, context: "\(jobContext).services.\(service.key)", matrix: matrix, collector: &collector)
            }
        }
        recordDockerSteps(job["steps"], context: jobContext + ".steps", matrix: matrix, defaults: jobDefaults, collector: &collector)
        recordImageValues(envKind, job["env"], context: jobContext + ".env", matrix: matrix, collector: &collector)
        if job["uses"] != nil {
            recordImageValues(inputKind, job["with"], context: jobContext + ".with", matrix: matrix, onlyImageNames: true,
                              collector: &collector)
        }
    }

    /// Whether an input's name says it takes an image.
    static func isImageInputName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "image" || lower == "container" || lower.hasSuffix("_image") || lower.hasSuffix("-image")
    }

    /// Records the entries of an `env:` or `with:` mapping whose value (after matrix expansion) is an image
    /// by the strict test; anything else, expressions evaluated at run time included, is not an image.
    private static func recordImageValues(_ kind: String, _ mapping: YAMLCursor?, context: String, matrix: Matrix,
                                          onlyImageNames: Bool = false, collector: inout FactCollector) {
        for entry in mapping?.entries ?? [] where !onlyImageNames || isImageInputName(entry.key) {
            guard let raw = entry.value.string, !raw.isEmpty, raw.utf8.count <= FactCollector.maxImageLength,
                  case .values(let values) = expand(raw, matrix: matrix) else { continue }
            let entryContext = FactCollector.context("\(context).\(entry.key)", alias: entry.value.alias)
            for (text, label) in values where StrictImageValue.isImage(text, name: entry.key) {
                let fullContext = label.map { "\(entryContext ?? "") (matrix \($0))" } ?? entryContext
                collector.add(kind: kind, line: entry.value.line, context: fullContext, raw: raw, value: .literal(text))
            }
        }
    }

    private static func recordDockerSteps(_ steps: YAMLCursor?, context: String, matrix: Matrix, defaults: StepDefaults,
                                          collector: inout FactCollector) {
        for (index, step) in (steps?.items ?? []).enumerated() {
            let label = step["id"]?.string ?? step["name"]?.string
            let stepContext = "\(context)[\(label ?? String(index))]"
            recordImageValues(envKind, step["env"], context: stepContext + ".env", matrix: matrix, collector: &collector)
            if let run = step["run"] {
                let stepDefaults = defaults.overridden(env: environment(step["env"]), shell: step["shell"]?.string)
                recordRunScript(run, context: stepContext + ".run", matrix: matrix, defaults: stepDefaults, collector: &collector)
            }
            guard let uses = step["uses"], let text = uses.string else { continue }
            guard text.hasPrefix("docker://") else {
                recordImageValues(inputKind, step["with"], context: stepContext + ".with", matrix: matrix, onlyImageNames: true,
                                  collector: &collector)
                continue
            }
            record("github-actions/step-uses", uses, context: stepContext, matrix: matrix, collector: &collector)
        }
    }

    /// The `docker`/`podman` images of a `run:` script. `shell:` picks the dialect (bash unless `pwsh` or
    /// `powershell`; `cmd` and `python` are not read). GitHub pastes `${{ }}` expressions in before the shell
    /// runs: `${{ env.X }}` takes the `env:` value written in the file and `${{ matrix.x }}` every matrix value;
    /// `env:` values are also the shell's `$X`. Other expressions are known only when the workflow runs.
    private static func recordRunScript(_ run: YAMLCursor, context: String, matrix: Matrix, defaults: StepDefaults,
                                        collector: inout FactCollector) {
        guard let script = run.string, script.contains("docker") || script.contains("podman") else { return }
        let shell = defaults.shell?.split(separator: " ").first.map { $0.lowercased() } ?? "bash"
        let dialect: ScriptDialect
        switch shell {
        case "bash", "sh": dialect = .shell
        case "pwsh", "powershell": dialect = .powerShell
        default: return
        }
        var table = ScriptVariables(dialect: dialect)
        for (name, value) in defaults.env { table.define(name, value: value) }
        let env = defaults.env
        CIScriptStep.images(in: run, context: context, table: &table, macros: CIScriptStep.templateExpression, finish: { text in
            var substituted = text
            for piece in ExpressionPieces(text).expressions where piece.hasPrefix("env.") {
                guard let value = env[String(piece.dropFirst("env.".count))] else { continue }
                substituted = substituted.replacingOccurrences(of: "${{ \(piece) }}", with: value)
                substituted = substituted.replacingOccurrences(of: "${{\(piece)}}", with: value)
            }
            switch expand(substituted, matrix: matrix) {
            case .unresolved(let reason):
                return [(.unresolved(reason: reason), nil)]
            case .values(let values):
                return values.map { (ImageExpressions.plain($0.0), $0.1.map { "(matrix \($0))" }) }
            }
        }, into: &collector)
    }

    /// Records one image value, expanding matrix expressions into one reference per value.
    private static func record(_ kind: String, _ cursor: YAMLCursor, context: String, matrix: Matrix,
                               collector: inout FactCollector) {
        guard let raw = cursor.string, !raw.isEmpty else { return }
        let context = FactCollector.context(context, alias: cursor.alias)
        switch expand(raw, matrix: matrix) {
        case .unresolved(let reason):
            collector.add(kind: kind, line: cursor.line, context: context, raw: raw, value: .unresolved(reason: reason))
        case .values(let values):
            for (text, label) in values {
                let image = text.hasPrefix("docker://") ? String(text.dropFirst("docker://".count)) : text
                let fullContext = label.map { "\(context ?? "") (matrix \($0))" } ?? context
                collector.add(kind: kind, line: cursor.line, context: fullContext, raw: raw, value: ImageExpressions.plain(image))
            }
        }
    }

    // MARK: Actions

    private static func extractAction(_ runs: YAMLCursor, path: String, collector: inout FactCollector) {
        if let image = runs["image"], let text = image.string {
            if text.hasPrefix("docker://") {
                collector.add(kind: "github-actions/action-image", at: image, context: "runs.image") { raw in
                    ImageExpressions.plain(String(raw.dropFirst("docker://".count)))
                }
            } else {
                let dockerfile = ComposeExtractor.joinPath(ComposeExtractor.parentFolder(of: path), text)
                collector.add(kind: "github-actions/action-dockerfile", line: image.line,
                              context: FactCollector.context("runs.image", alias: image.alias), raw: text,
                              value: .unresolved(reason: LocalBuild.reason(dockerfile: dockerfile)))
            }
        }
        recordDockerSteps(runs["steps"], context: "runs.steps", matrix: Matrix(nil), defaults: StepDefaults(), collector: &collector)
    }

    // MARK: Expressions

    enum Expansion {
        case unresolved(String)
        /// Distinct texts, each with the matrix values that produced it (`nil` when no matrix was used).
        case values([(String, String?)])
    }

    /// Replaces `${{ matrix.… }}` by every value the matrix gives it.
    static func expand(_ raw: String, matrix: Matrix) -> Expansion {
        let pieces = ExpressionPieces(raw)
        if pieces.expressions.isEmpty { return .values([(raw, nil)]) }
        var paths: [[String]] = []
        for expression in pieces.expressions {
            guard let path = matrixPath(expression) else {
                return .unresolved("GitHub Actions expression ${{ \(expression) }} is evaluated when the workflow runs")
            }
            paths.append(path)
        }
        if let problem = matrix.problem { return .unresolved(problem) }
        var seen: Set<String> = []
        var out: [(String, String?)] = []
        for combination in matrix.combinations {
            var text = ""
            var labels: [String] = []
            var complete = true
            for (index, literal) in pieces.literals.enumerated() {
                text += literal
                guard index < paths.count else { continue }
                guard let value = combination.lookup(paths[index]) else { complete = false; break }
                text += value
                let label = "\(paths[index].joined(separator: "."))=\(value)"
                if !labels.contains(label) { labels.append(label) }
            }
            if complete, seen.insert(text).inserted { out.append((text, labels.joined(separator: ", "))) }
        }
        if out.isEmpty {
            let names = paths.map { "matrix." + $0.joined(separator: ".") }.joined(separator: ", ")
            return .unresolved("the job's matrix gives no value for \(names)")
        }
        return .values(out)
    }

    /// `matrix.a.b` → `["a", "b"]`; `nil` for any other expression.
    private static func matrixPath(_ expression: String) -> [String]? {
        guard expression.hasPrefix("matrix.") else { return nil }
        let path = expression.dropFirst("matrix.".count).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_-"))
        guard path.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(allowed.contains) }) else { return nil }
        return path
    }

    /// A raw value split around its `${{ … }}` expressions: literals[i] precedes expressions[i].
    struct ExpressionPieces {
        var literals: [String] = []
        var expressions: [String] = []

        init(_ raw: String) {
            var rest = Substring(raw)
            while let open = rest.range(of: "${{"), let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) {
                literals.append(String(rest[..<open.lowerBound]))
                expressions.append(rest[open.upperBound..<close.lowerBound].trimmingWhitespace())
                rest = rest[close.upperBound...]
            }
            literals.append(String(rest))
        }
    }

    // MARK: Matrix

    /// A matrix value: a scalar, or a mapping read with `matrix.key.field`.
    indirect enum MatrixValue: Equatable {
        case scalar(String)
        case mapping([String: MatrixValue])
        case other

        init(_ cursor: YAMLCursor) {
            if cursor.isMapping {
                var fields: [String: MatrixValue] = [:]
                for entry in cursor.entries { fields[entry.key] = MatrixValue(entry.value) }
                self = .mapping(fields)
            } else if let text = cursor.string {
                self = .scalar(text)
            } else {
                self = .other
            }
        }
    }

    /// One combination of matrix values.
    struct Combination {
        var values: [String: MatrixValue]

        func lookup(_ path: [String]) -> String? {
            guard let first = path.first, var current = values[first] else { return nil }
            for field in path.dropFirst() {
                guard case .mapping(let fields) = current, let next = fields[field] else { return nil }
                current = next
            }
            if case .scalar(let text) = current { return text }
            return nil
        }
    }

    /// The combinations of a static `strategy.matrix`, following GitHub's rules: the product of the
    /// lists, minus `exclude` matches, then each `include` entry added to every combination whose
    /// original values it does not change, or appended as its own combination.
    struct Matrix {
        var combinations: [Combination] = [Combination(values: [:])]
        /// Why the matrix cannot be expanded statically, if so.
        var problem: String?

        init(_ cursor: YAMLCursor?) {
            var ignored = FactCollector()
            self.init(cursor, collector: &ignored)
        }

        init(_ cursor: YAMLCursor?, collector: inout FactCollector) {
            guard let cursor else { return }
            if let text = cursor.string {
                problem = "the matrix is the expression \(text), evaluated when the workflow runs"
                return
            }
            var base: [(String, [MatrixValue])] = []
            var includes: [[String: MatrixValue]] = []
            var excludes: [[String: MatrixValue]] = []
            for entry in cursor.entries {
                switch entry.key {
                case "include": includes = entry.value.items.map(Self.fields)
                case "exclude": excludes = entry.value.items.map(Self.fields)
                default:
                    if let text = entry.value.string {
                        if text.contains("${{") {
                            problem = "matrix.\(entry.key) is the expression \(text), evaluated when the workflow runs"
                            return
                        }
                        base.append((entry.key, [.scalar(text)]))
                    } else {
                        base.append((entry.key, entry.value.items.map(MatrixValue.init)))
                    }
                }
            }
            var product: [[String: MatrixValue]] = base.isEmpty ? [] : [[:]]
            for (key, values) in base {
                var next: [[String: MatrixValue]] = []
                for combination in product {
                    for value in values {
                        var extended = combination
                        extended[key] = value
                        next.append(extended)
                    }
                }
                if next.count > maxCombinations {
                    collector.warn(line: cursor.line, "matrix has more than \(maxCombinations) combinations; only the first are expanded")
                    next = Array(next.prefix(maxCombinations))
                }
                product = next
            }
            product.removeAll { combination in excludes.contains { exclude in exclude.allSatisfy { combination[$0.key] == $0.value } } }
            let originalKeys = Set(base.map(\.0))
            var expanded = product
            let originalCount = product.count
            for include in includes {
                var matched = false
                for index in 0..<originalCount {
                    let original = product[index]
                    let conflicts = include.contains { key, value in originalKeys.contains(key) && original[key] != value }
                    if !conflicts {
                        expanded[index].merge(include) { _, new in new }
                        matched = true
                    }
                }
                if !matched { expanded.append(include) }
            }
            combinations = expanded.map(Combination.init)
        }

        private static func fields(_ cursor: YAMLCursor) -> [String: MatrixValue] {
            var out: [String: MatrixValue] = [:]
            for entry in cursor.entries { out[entry.key] = MatrixValue(entry.value) }
            return out
        }
    }
}
