import XCTest
@testable import Extraction

final class HelmRendererTests: XCTestCase {
    /// Every file of the fixture chart `name`, as the same path under `charts/<name>/`.
    func fixtureChart(_ name: String) throws -> [String: String] {
        try Self.fixtureChart(name)
    }

    static func fixtureChart(_ name: String) throws -> [String: String] {
        let root = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/HelmCharts/\(name)", withExtension: nil))
        var files: [String: String] = [:]
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        for case let url as URL in enumerator where !url.hasDirectoryPath {
            let relative = url.path.dropFirst(root.path.count + 1)
            files["charts/\(name)/\(relative)"] = try String(contentsOf: url, encoding: .utf8)
        }
        return files
    }

    /// `(path:line kind context image-or-reason)` of the references of the files at paths starting with `prefix`.
    func resolved(_ files: [String: String], under prefix: String) -> [String] {
        var all: [String: FileFacts] = [:]
        for (path, text) in files { all[path] = facts(path, text) }
        return BranchResolver.resolve(all).filter { $0.path.hasPrefix(prefix) }.map {
            "\($0.path):\($0.line) \($0.kind) \($0.context ?? "-") \($0.image ?? "unresolved: \($0.reason ?? "")")"
        }
    }

    func testImageHelpersSpreadOverTheChartsHelperFilesResolveWithItsDefaultValues() throws {
        let files = try fixtureChart("gateway")
        let line = "kubernetes/container read line by line (not valid YAML)"
        XCTAssertEqual(resolved(files, under: "charts/gateway/templates/statefulset.yaml"), [
            // `include` of a helper that builds a dict and includes the base helper: tag from appVersion.
            "charts/gateway/templates/statefulset.yaml:11 \(line) docker.io/acme/gateway:2.4.1",
            // A helper in another `_*.tpl` file, quoted by a pipeline.
            "charts/gateway/templates/statefulset.yaml:14 \(line) docker.io/acme/canary:1.2",
            // A `$dict` declared in the template before the line; `sha: ""` leaves the tag.
            "charts/gateway/templates/statefulset.yaml:17 \(line) docker.io/acme/sidecar:3.0.2",
            // Inside `with .Values.mirror`: `.image` is the mirror's; a repository naming its registry keeps it.
            "charts/gateway/templates/statefulset.yaml:20 \(line) quay.io/acme/mirror:5",
            "charts/gateway/templates/statefulset.yaml:23 \(line) unresolved: include \"gateway.baseImage\" (dict \"service\" (dict \"registry\" \"docker.io\" \"reposi…: the cluster's capabilities are known only when Helm installs the chart",
            "charts/gateway/templates/statefulset.yaml:26 \(line) unresolved: the image is written inside a {{ range }} block, which census does not render",
        ])
    }

    func testAnUnquotedIncludeInATemplateThatIsValidYAMLGivesTheSameImageAsTheQuotedForm() throws {
        // `image: {{ include "x" . }}` is a YAML flow mapping: it used to give no reference at all.
        let files = try fixtureChart("gateway")
        XCTAssertEqual(resolved(files, under: "charts/gateway/templates/deployment.yaml"), [
            "charts/gateway/templates/deployment.yaml:10 kubernetes/container Deployment/gateway spec.template.spec.containers[gateway] docker.io/acme/gateway:2.4.1",
            "charts/gateway/templates/deployment.yaml:12 kubernetes/container Deployment/gateway spec.template.spec.containers[mirror] quay.io/acme/mirror:5",
            // A helper of a `_helpers.yaml`, whose registry prefixes a repository whose first segment has no dot.
            "charts/gateway/templates/deployment.yaml:14 kubernetes/container Deployment/gateway spec.template.spec.containers[provisioner] us-docker.pkg.dev/acme-global/tools/provisioner:latest",
        ])
    }

    func testOnlyTheBranchTheDefaultValuesTakeResolvesAndAGuardIsReadAsOn() throws {
        let files = try fixtureChart("gateway")
        let line = "kubernetes/container read line by line (not valid YAML)"
        XCTAssertEqual(resolved(files, under: "charts/gateway/templates/job.yaml"), [
            "charts/gateway/templates/job.yaml:11 \(line) unresolved: $registry / .Values.sidecar.image.repository : .Values.sidecar.image.tag @sha256…: the line is not rendered with the chart's default values: it is under {{ if .Values.sidecar.image.sha }}, which is not",
            // `{{ else }}` of a chain: taken because `sha: ""` is empty.
            "charts/gateway/templates/job.yaml:14 \(line) docker.io/acme/sidecar:3.0.2",
            // A plain `if` guards a part that is off by default: read as it renders once on.
            "charts/gateway/templates/job.yaml:18 \(line) docker.io/acme/migrate:0.9",
            // A rendered `| quote` is YAML's quoting, not part of the image.
            "charts/gateway/templates/job.yaml:19 \(line) docker.io/acme/canary:1.2",
            // A named template of a vendored subchart, rendered with the parent's values.
            "charts/gateway/templates/job.yaml:22 \(line) acme/cache:7.2-parent",
        ])
    }

    func testASubchartRendersWithItsParentsValuesMergedOverItsOwn() throws {
        let files = try fixtureChart("gateway")
        XCTAssertEqual(resolved(files, under: "charts/gateway/charts/cache/templates/"), [
            // The parent's `cache.image.tag` wins over the subchart's values.yaml (and its `global` is copied in).
            "charts/gateway/charts/cache/templates/deployment.yaml:10 kubernetes/container Deployment/cache spec.template.spec.containers[cache] quay.io/acme/cache:7.2-parent",
        ])
    }

    func testAHelpersYAMLFileIsReadForItsNamedTemplatesNotAsAManifest() throws {
        let files = try fixtureChart("gateway")
        let helpers = facts("charts/gateway/templates/provisioner/_helpers.yaml", try XCTUnwrap(files["charts/gateway/templates/provisioner/_helpers.yaml"]))
        XCTAssertEqual(helpers.references, [])
        XCTAssertEqual(helpers.warnings, [])
        XCTAssertEqual(helpers.namedTemplates.map(\.name), ["provisioner.fullname", "provisioner.image"])
        // A reusable workflow or pipeline template named `_x.yml` under some `templates/` folder is YAML as before.
        let workflow = facts("eng/templates/_build.yml", "jobs:\n  build:\n    container: node:20\n")
        XCTAssertEqual(workflow.namedTemplates, [])
    }

    func testValuesAndTheGlobalRegistryDecideTheImage() throws {
        var files = try fixtureChart("gateway")
        let values = try XCTUnwrap(files["charts/gateway/values.yaml"])
        files["charts/gateway/values.yaml"] = values
            .replacingOccurrences(of: "imageRegistry: null", with: "imageRegistry: registry.example.com")
            .replacingOccurrences(of: "    tag: null\n    digest: null", with: "    tag: null\n    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
        let found = resolved(files, under: "charts/gateway/templates/deployment.yaml")
        XCTAssertEqual(found.first, "charts/gateway/templates/deployment.yaml:10 kubernetes/container Deployment/gateway spec.template.spec.containers[gateway] registry.example.com/acme/gateway@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
    }

    // MARK: - Functions and values, rendered directly

    func render(_ action: String, values: String = "", helpers: [String: String] = [:],
                chart: [String: String] = ["AppVersion": "1.0.0"]) -> String {
        var nodes = 0
        let root = YAMLDocuments.load(text: values).roots.first
        let parsed = root.flatMap { HelmValue.from($0.node, nodes: &nodes) } ?? .map([:])
        let renderer = HelmRenderer { name in
            helpers[name].map { .success($0) } ?? .failure(ResolutionFailure(reason: "no \(name)"))
        }
        do {
            return try renderer.render(prelude: [], template: "{{ \(action) }}",
                                       context: HelmRenderer.rootContext(values: parsed, chart: chart))
        } catch let failure as ResolutionFailure {
            return "failure: \(failure.reason)"
        } catch {
            return "failure"
        }
    }

    func testStringFunctionsChartsUseToAssembleImagesRenderAsHelmDoes() {
        let values = "image:\n  repository: Acme/App\n  tag: v1.2\n  list: [a, b, c]\n"
        XCTAssertEqual(render(#"lower .Values.image.repository"#, values: values), "acme/app")
        XCTAssertEqual(render(#"upper "x" | quote"#), "\"X\"")
        XCTAssertEqual(render(#".Values.image.tag | squote"#, values: values), "'v1.2'")
        XCTAssertEqual(render(#"replace "/" "-" .Values.image.repository"#, values: values), "Acme-App")
        XCTAssertEqual(render(#"(splitList "/" .Values.image.repository) | last"#, values: values), "App")
        XCTAssertEqual(render(#"first .Values.image.list"#, values: values), "a")
        XCTAssertEqual(render(#"index .Values.image.list 1"#, values: values), "b")
        XCTAssertEqual(render(#"index .Values "image" "tag""#, values: values), "v1.2")
        XCTAssertEqual(render(#"ternary "yes" "no" (hasPrefix "v" .Values.image.tag)"#, values: values), "yes")
        XCTAssertEqual(render(#"ternary "yes" "no" (hasSuffix "z" .Values.image.tag)"#, values: values), "no")
        XCTAssertEqual(render(#"ternary "same" "other" (eq .Values.image.tag "v1.2")"#, values: values), "same")
        XCTAssertEqual(render(#"ternary "same" "other" (ne .Values.image.tag "v1.2")"#, values: values), "other")
        XCTAssertEqual(render(#"or .Values.missing "fallback""#, values: values), "fallback")
        XCTAssertEqual(render(#"trimPrefix "v" .Values.image.tag | toString"#, values: values), "1.2")
        XCTAssertEqual(render(#"printf "%s:%s" .Values.image.repository .Chart.AppVersion"#, values: values), "Acme/App:1.0.0")
        // Helm stops where a text function gets a missing value, and Go prints one as `<nil>`.
        XCTAssertEqual(render(#"lower .Values.image.missing"#, values: values),
                       "failure: lower is given a missing value where Helm expects text, and stops")
        XCTAssertEqual(render(#".Values.image.missing | toString"#, values: values), "<nil>")
        XCTAssertEqual(render(#"printf "%s" .Values.image.missing"#, values: values),
                       "failure: printf %s of something other than text, which Go prints in its own way")
    }

    func testWhatOnlyAnInstallKnowsStaysUnknownWithItsReason() {
        XCTAssertEqual(render(#"printf "%s/app:1" .Release.Namespace"#),
                       "failure: the release (its name, namespace, revision) is chosen when Helm installs the chart")
        XCTAssertEqual(render(#".Capabilities.KubeVersion.Version | default "1.30""#),
                       "failure: the cluster's capabilities are known only when Helm installs the chart")
        // An unknowable value that is never written or tested does no harm.
        XCTAssertEqual(render(#"include "x" (dict "release" .Release "image" "app:1")"#, helpers: ["x": "{{ .image }}"]), "app:1")
    }

    func testNumbersAndYesNoValuesAreNotGuessed() {
        // Helm reads values through JSON: `tag: 1.10` is the float 1.1.
        XCTAssertEqual(render(#".Values.tag | toString"#, values: "tag: 1.10\n"),
                       "failure: the number 1.10 is printed by Helm as a float, not as written")
        XCTAssertEqual(render(#".Values.tag | toString"#, values: "tag: 42\n"), "42")
        XCTAssertEqual(render(#"ternary "a:1" "b:1" (not .Values.flag)"#, values: "flag: no\n"),
                       "failure: the value `no` is yes/no/on/off, which YAML parsers read differently")
    }

    func testBlocksVariablesAndFailureRenderThroughNamedTemplates() {
        let helpers = [
            "img": """
            {{- $tag := "1" -}}
            {{- if .Values.pin -}}{{- $tag = .Values.pin -}}{{- end -}}
            {{- with .Values.image -}}{{ .repository }}{{- end -}}:{{ $tag }}
            """,
            "stop": #"{{- fail "image.sha is gone, use image.digest" -}}"#,
            "loop": #"{{- range .Values.images }}{{ . }}{{- end }}"#,
        ]
        let values = "pin: \"2\"\nimage:\n  repository: acme/app\nimages: [a]\n"
        XCTAssertEqual(render(#"include "img" ."#, values: values, helpers: helpers), "acme/app:2")
        XCTAssertEqual(render(#"include "stop" ."#, values: values, helpers: helpers),
                       "failure: the chart stops with fail: image.sha is gone, use image.digest")
        XCTAssertEqual(render(#"include "loop" ."#, values: values, helpers: helpers),
                       "failure: {{ range }} blocks are not rendered by census")
    }

    func testTemplatesThatMultiplyAtEveryLevelStopAtTheStepBudget() {
        // Each template includes the next eight times: 8^8 renderings unless the budget stops them.
        var helpers: [String: String] = ["t8": "x"]
        for level in 0..<8 { helpers["t\(level)"] = String(repeating: "{{ include \"t\(level + 1)\" . }}", count: 8) }
        XCTAssertEqual(render(#"include "t0" ."#, helpers: helpers),
                       "failure: rendering takes more than \(HelmRenderer.maxSteps) steps, more than any image needs")
        // Text that doubles at every assignment stops at the length bound.
        helpers["grow"] = "{{- $r := \"a\" -}}" + String(repeating: "{{- $r = printf \"%s%s\" $r $r -}}", count: 40) + "{{ $r }}"
        XCTAssertEqual(render(#"include "grow" ."#, helpers: helpers),
                       "failure: renders more than 65536 characters, which no image is")
    }
}
