import XCTest
@testable import Extraction

final class HelmHelpersExtractorTests: XCTestCase {
    /// `(path:line kind context image-or-reason)` of every reference of a branch.
    func resolved(_ files: [String: String]) -> [String] {
        var all: [String: FileFacts] = [:]
        for (path, text) in files { all[path] = facts(path, text) }
        return BranchResolver.resolve(all).map {
            "\($0.path):\($0.line) \($0.kind) \($0.context ?? "-") \($0.image ?? "unresolved: \($0.reason ?? "")")"
        }
    }

    static let helpers = """
    {{/*
    Expand the name of the chart. {{ not a define }}
    */}}
    {{- define "demo.name" -}}
    {{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
    {{- end }}

    {{/*
    The server image, registry/repository:tag
    */}}
    {{- define "demo.image" -}}
    {{- $registry := .Values.image.registry -}}
    {{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
    {{- printf "%s/%s:%s" $registry .Values.image.repository $tag -}}
    {{- end -}}

    {{- define "demo.sidecarImage" -}}
    {{ .Values.sidecar.image.registry }}/{{ .Values.sidecar.image.repository }}:{{ .Values.sidecar.image.tag | default "1.0" }}
    {{- end -}}

    {{- define "demo.proxyImage" -}}
    {{- if .Values.global.imageRegistry -}}
    {{- printf "%s/%s" .Values.global.imageRegistry .Values.proxy.image -}}
    {{- else -}}
    {{- .Values.proxy.image -}}
    {{- end -}}
    {{- end -}}

    {{- define "demo.debugImage" -}}
    {{- include "demo.sidecarImage" . -}}
    {{- end -}}
    """

    static let values = """
    image:
      registry: ghcr.io
      repository: example/server
      tag: null
    sidecar:
      image:
        registry: docker.io
        repository: example/sidecar
        tag: ""
    proxy:
      image: example/proxy:2.1
    """

    static let deployment = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: {{ include "demo.name" . }}
    spec:
      template:
        spec:
          containers:
            - name: server
              image: {{ include "demo.image" . }}
            - name: sidecar
              image: "{{ template "demo.sidecarImage" . }}"
            - name: proxy
              image: {{ include "demo.proxyImage" . }}
            - name: debug
              image: {{ include "demo.debugImage" $ | quote }}
            - name: other
              image: {{ include "demo.image" (dict "image" .Values.other.image) }}
    """

    func chart(values: String = values) -> [String: String] {
        [
            "charts/demo/Chart.yaml": "apiVersion: v2\nname: demo\nversion: 0.4.0\nappVersion: 3.2.1\n",
            "charts/demo/values.yaml": values,
            "charts/demo/templates/_helpers.tpl": Self.helpers,
            "charts/demo/templates/deployment.yaml": Self.deployment,
        ]
    }

    func testIncludedNamedTemplatesResolveThroughTheChartsValues() {
        let found = resolved(chart())
        XCTAssertEqual(found.filter { $0.hasPrefix("charts/demo/templates/deployment.yaml") }, [
            "charts/demo/templates/deployment.yaml:10 kubernetes/container read line by line (not valid YAML) ghcr.io/example/server:3.2.1",
            "charts/demo/templates/deployment.yaml:12 kubernetes/container read line by line (not valid YAML) docker.io/example/sidecar:1.0",
            "charts/demo/templates/deployment.yaml:14 kubernetes/container read line by line (not valid YAML) example/proxy:2.1",
            "charts/demo/templates/deployment.yaml:16 kubernetes/container read line by line (not valid YAML) docker.io/example/sidecar:1.0",
            // The dict has no `Values`: Go prints a missing value with `%s` as `%!s(<nil>)`, no image.
            "charts/demo/templates/deployment.yaml:18 kubernetes/container read line by line (not valid YAML) unresolved: include \"demo.image\" (dict \"image\" .Values.other.image): printf %s of something other than text, which Go prints in its own way",
        ])
    }

    func testATagSetInTheValuesWinsOverTheDefault() {
        let values = Self.values.replacingOccurrences(of: "tag: null", with: "tag: \"3.3.0\"")
        XCTAssertTrue(resolved(chart(values: values)).contains {
            $0 == "charts/demo/templates/deployment.yaml:10 kubernetes/container read line by line (not valid YAML) ghcr.io/example/server:3.3.0"
        })
    }

    func testHelpersDefineEachNamedTemplateAtItsLineAndIncludeTheChartFiles() {
        let found = facts("charts/demo/templates/_helpers.tpl", Self.helpers)
        XCTAssertEqual(found.references, [])
        XCTAssertEqual(found.namedTemplates.map { "\($0.line) \($0.name)" },
                       ["4 demo.name", "11 demo.image", "17 demo.sidecarImage", "21 demo.proxyImage", "29 demo.debugImage"])
        XCTAssertEqual(found.namedTemplates.first { $0.name == "demo.image" }?.value,
                       "{{helm/value:image.registry}}/{{helm/value:image.repository}}:{{helm/value-default:image.tag||{{helm/chart:appVersion}}}}")
        XCTAssertEqual(found.includes.map(\.path), ["charts/demo/values.yaml", "charts/demo/Chart.yaml"])
    }

    func testTplFilesOutsideAChartsTemplatesGiveNothing() {
        XCTAssertEqual(FileKind.classify(path: "charts/demo/templates/_helpers.tpl"), .helmHelpers)
        // The tree walker classifies names without their folder.
        XCTAssertEqual(FileKind.classify(path: "_helpers.tpl"), .helmHelpers)
        XCTAssertEqual(facts("docs/_helpers.tpl", Self.helpers), .empty)
    }

    func testDefaultWrittenAsAFunctionWithAPrintfFallbackIsRead() {
        let helpers = """
        {{- define "exporter.image" -}}
        {{- printf "%s/%s:%s" .Values.image.registry .Values.image.repository (default (printf "%s" .Chart.AppVersion) .Values.image.tag) }}
        {{- end }}
        """
        XCTAssertEqual(facts("chart/templates/_helpers.tpl", helpers).namedTemplates.map(\.value), [
            "{{helm/value:image.registry}}/{{helm/value:image.repository}}:{{helm/value-default:image.tag||{{helm/chart:appVersion}}}}",
        ])
    }

    func testDefaultOfSomethingOtherThanAValueIsNotRead() {
        let helpers = """
        {{- define "exporter.image" -}}
        {{- printf "%s:%s" .Values.image.repository (.Chart.AppVersion | default "latest") -}}
        {{- end -}}
        """
        XCTAssertEqual(facts("chart/templates/_helpers.tpl", helpers).namedTemplates.map(\.value), [
            "{{helm/unreadable:named template exporter.image: default applies to something other than a .Values path}}",
        ])
    }

    func testASpentBudgetStopsReadingWithAWarning() {
        let long = String(repeating: Self.helpers + "\n", count: 50)
        let found = HelmHelpersExtractor.extract(path: "chart/templates/_helpers.tpl", text: long, budget: ExtractionBudget(steps: 2_000))
        XCTAssertLessThan(found.namedTemplates.count, 250)
        XCTAssertEqual(found.warnings.count, 1)
    }

    func testAnUndefinedNamedTemplateStaysUnresolved() {
        var files = chart()
        files["charts/demo/templates/_helpers.tpl"] = nil
        XCTAssertTrue(resolved(files).contains {
            $0 == "charts/demo/templates/deployment.yaml:10 kubernetes/container read line by line (not valid YAML) unresolved: include \"demo.image\" .: named template demo.image is not defined in the chart's templates (nor in a subchart vendored under its charts/ folder)"
        })
    }

    static let branchingHelpers = """
    {{- define "shop.base" -}}
    {{- $registry := .global.registry | default .service.registry -}}
    {{- printf "%s/%s:%s" $registry .service.repository (.service.tag | default .fallbackTag) -}}
    {{- end -}}

    {{- define "shop.image" -}}
    {{- if .Values.enterprise.enabled -}}
    {{- include "shop.base" (dict "service" .Values.enterprise.image "global" .Values.global "fallbackTag" .Chart.AppVersion) -}}
    {{- else if not .Values.legacy -}}
    {{- $context := dict "service" .Values.image "global" .Values.global "fallbackTag" "9.9" -}}
    {{- include "shop.base" $context -}}
    {{- else -}}
    legacy/shop:old
    {{- end -}}
    {{- end -}}

    {{- define "shop.agentImage" -}}
    {{- with .Values.agent.image -}}
    {{ .repository }}:{{ ternary "stable" .tag $.Values.agent.useStable }}
    {{- end -}}
    {{- end -}}

    {{- define "shop.cacheImage" -}}
    {{- coalesce .Values.global.cacheImage .Values.cache.image "redis:7" | trimSuffix "/" -}}
    {{- end -}}

    {{- define "shop.mirrorImage" -}}
    {{- if .Values.mirror.host -}}mirror.example.com/shop:1{{- else -}}docker.io/shop:1{{- end -}}
    {{- end -}}
    """

    static let branchingValues = """
    enterprise:
      enabled: false
      image:
        registry: registry.example.com
        repository: shop/enterprise
        tag: ""
    legacy: {}
    global:
      registry: ""
    image:
      registry: ghcr.io
      repository: shop/server
      tag: 1.4.0
    agent:
      useStable: 0
      image:
        repository: ghcr.io/shop/agent
        tag: 2.0.1
    cache:
      image: ""
    mirror:
      host: "{{ computed }}"
    """

    static let branchingDeployment = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: {{ include "shop.fullname" . }}-app
    spec:
      template:
        spec:
          containers:
            - name: shop
              image: {{ include "shop.image" . }}
            - name: agent
              image: {{ include "shop.agentImage" . }}
            - name: cache
              image: {{ include "shop.cacheImage" . }}
    """

    func branchingChart(values: String = branchingValues) -> [String: String] {
        [
            "charts/shop/Chart.yaml": "apiVersion: v2\nname: shop\nversion: 0.1.0\nappVersion: 5.0.0\n",
            "charts/shop/values.yaml": values,
            "charts/shop/templates/_helpers.tpl": Self.branchingHelpers,
            "charts/shop/templates/deployment.yaml": Self.branchingDeployment,
        ]
    }

    func testConditionsOnValuesTakeTheBranchTheDefaultValuesTake() {
        XCTAssertEqual(resolved(branchingChart()).filter { $0.hasPrefix("charts/shop/templates/deployment.yaml") }, [
            "charts/shop/templates/deployment.yaml:10 kubernetes/container read line by line (not valid YAML) ghcr.io/shop/server:1.4.0",
            "charts/shop/templates/deployment.yaml:12 kubernetes/container read line by line (not valid YAML) ghcr.io/shop/agent:2.0.1",
            "charts/shop/templates/deployment.yaml:14 kubernetes/container read line by line (not valid YAML) redis:7",
        ])
    }

    func testTheOtherBranchIsTakenWhenTheValuesSayTrue() {
        let values = Self.branchingValues
            .replacingOccurrences(of: "enabled: false", with: "enabled: true")
            .replacingOccurrences(of: "useStable: 0", with: "useStable: yes please")
            .replacingOccurrences(of: "  image: \"\"", with: "  image: redis:6")
        XCTAssertEqual(resolved(branchingChart(values: values)).filter { $0.hasPrefix("charts/shop/templates/deployment.yaml") }, [
            "charts/shop/templates/deployment.yaml:10 kubernetes/container read line by line (not valid YAML) registry.example.com/shop/enterprise:5.0.0",
            "charts/shop/templates/deployment.yaml:12 kubernetes/container read line by line (not valid YAML) ghcr.io/shop/agent:stable",
            "charts/shop/templates/deployment.yaml:14 kubernetes/container read line by line (not valid YAML) redis:6",
        ])
    }

    func testANonEmptyMapIsTrueAndALegacyBranchIsThenTaken() {
        let values = Self.branchingValues.replacingOccurrences(of: "legacy: {}", with: "legacy:\n  on: true")
        XCTAssertTrue(resolved(branchingChart(values: values)).contains(
            "charts/shop/templates/deployment.yaml:10 kubernetes/container read line by line (not valid YAML) legacy/shop:old"))
    }

    func testAConditionOnAValueTheChartDoesNotSetTakesTheElseBranch() {
        let values = Self.branchingValues.replacingOccurrences(of: "legacy: {}\n", with: "")
        XCTAssertTrue(resolved(branchingChart(values: values)).contains(
            "charts/shop/templates/deployment.yaml:10 kubernetes/container read line by line (not valid YAML) ghcr.io/shop/server:1.4.0"))
    }

    func testAYesNoConditionStaysUnresolved() {
        let values = Self.branchingValues.replacingOccurrences(of: "enabled: false", with: "enabled: yes")
        XCTAssertTrue(resolved(branchingChart(values: values)).contains(
            "charts/shop/templates/deployment.yaml:10 kubernetes/container read line by line (not valid YAML) unresolved: .Values.enterprise.enabled is yes/no/on/off, which YAML parsers read differently"))
    }

    func testLookAlikeConditionsStayUnresolvedWithTheirReason() {
        let helpers = """
        {{- define "a.image" -}}
        {{- if and .Values.a .Values.b -}}x:1{{- else -}}y:1{{- end -}}
        {{- end -}}
        {{- define "b.image" -}}
        {{- if eq .Values.mode "fast" -}}x:1{{- end -}}
        {{- end -}}
        {{- define "c.image" -}}
        {{- include "elsewhere.image" (dict "image" .Values.image) -}}
        {{- end -}}
        {{- define "d.image" -}}
        {{- include "a.image" (dict "image" .Values.image) -}}:{{ .missing }}
        {{- end -}}
        {{- define "e.image" -}}
        {{- range .Values.images }}{{ . }}{{ end -}}
        {{- end -}}
        """
        XCTAssertEqual(facts("chart/templates/_helpers.tpl", helpers).namedTemplates.map(\.value), [
            "{{helm/unreadable:named template a.image: the condition `and .Values.a .Values.b` is decided only by Helm}}",
            "{{helm/unreadable:named template b.image: the condition `eq .Values.mode \"fast\"` is decided only by Helm}}",
            "{{helm/unreadable:named template c.image: named template elsewhere.image is included with a dict but is not defined in this file}}",
            "{{helm/unreadable:named template d.image: the condition `and .Values.a .Values.b` is decided only by Helm}}",
            "{{helm/unreadable:named template e.image: the action `range .Values.images` is rendered only by Helm}}",
        ])
    }

    func testAConditionedDefineIsWrittenAsABranchOnItsValuesPath() {
        let found = facts("charts/shop/templates/_helpers.tpl", Self.branchingHelpers)
        XCTAssertEqual(found.namedTemplates.first { $0.name == "shop.mirrorImage" }?.value,
                       "{{helm/if:mirror.host||mirror.example.com/shop:1||docker.io/shop:1}}")
        XCTAssertEqual(found.namedTemplates.first { $0.name == "shop.cacheImage" }?.value,
                       "{{helm/trim-suffix:/||{{helm/if:global.cacheImage||{{helm/value:global.cacheImage}}||{{helm/if:cache.image||{{helm/value:cache.image}}||redis:7}}}}}}")
        XCTAssertEqual(found.namedTemplates.first { $0.name == "shop.base" }?.value,
                       "{{helm/unreadable:named template shop.base: .global.registry is rendered only by Helm}}")
    }

    func testValuesDefineHelmTruthinessOfEveryValue() {
        let found = facts("charts/shop/values.yaml", Self.branchingValues)
        let truths = Dictionary(found.definitions.filter { $0.namespace == "helm/truth" }.map { ($0.name, $0.value) }) { a, _ in a }
        XCTAssertNil(truths["enterprise.enabled"])
        XCTAssertNil(truths["enterprise.image.tag"])
        XCTAssertNil(truths["legacy"])
        XCTAssertNil(truths["agent.useStable"])
        XCTAssertEqual(truths["agent.image"], "true")
        XCTAssertEqual(truths["mirror.host"], "true")
    }

    func testAFieldOfAGroupIsTheValueAtThatPath() {
        let helpers = """
        {{- define "app.image" -}}
        {{- $registry := (.Values.global).imageRegistry | default .Values.image.registry -}}
        {{ $registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}
        {{- end -}}
        """
        let values = "global: {}\nimage:\n  registry: quay.io\n  repository: team/app\n  tag: 0.9.1\n"
        let deployment = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-app\nspec:\n  containers:\n    - name: app\n      image: {{ include \"app.image\" . }}\n"
        let found = resolved([
            "app/Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\n",
            "app/values.yaml": values,
            "app/templates/_helpers.tpl": helpers,
            "app/templates/pod.yaml": deployment,
        ])
        XCTAssertTrue(found.contains("app/templates/pod.yaml:8 kubernetes/container read line by line (not valid YAML) quay.io/team/app:0.9.1"), "\(found)")
    }

    func testAVariableAssignedInABranchFollowsTheBranchAndOneDeclaredThereEndsWithIt() {
        let helpers = """
        {{- define "app.image" -}}
        {{- $registry := "docker.io" -}}
        {{- $tag := "1.0" -}}
        {{- if .Values.useMirror -}}
        {{- $registry = "mirror.example.com" -}}
        {{- $tag := "shadowed" -}}
        {{- end -}}
        {{ $registry }}/team/app:{{ $tag }}
        {{- end -}}
        """
        XCTAssertEqual(facts("app/templates/_helpers.tpl", helpers).namedTemplates.map(\.value), [
            "{{helm/if:useMirror||mirror.example.com||docker.io}}/team/app:1.0",
        ])
    }

    func testChainedDefaultsTakeTheFirstValueTheChartSets() {
        let helpers = """
        {{- define "app.image" -}}
        {{- $registry := .Values.global.imageRegistry | default .Values.image.registry | default "docker.io" -}}
        {{ $registry }}/team/app:2.2
        {{- end -}}
        """
        let deployment = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-app\nspec:\n  containers:\n    - name: app\n      image: {{ include \"app.image\" . }}\n"
        func image(values: String) -> [String] {
            resolved([
                "app/Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\n",
                "app/values.yaml": values,
                "app/templates/_helpers.tpl": helpers,
                "app/templates/pod.yaml": deployment,
            ]).filter { $0.hasPrefix("app/templates/pod.yaml") }
        }
        XCTAssertEqual(image(values: "global:\n  imageRegistry: \"\"\nimage:\n  registry: quay.io\n"),
                       ["app/templates/pod.yaml:8 kubernetes/container read line by line (not valid YAML) quay.io/team/app:2.2"])
        XCTAssertEqual(image(values: "global:\n  imageRegistry: mirror.example.com\nimage:\n  registry: quay.io\n"),
                       ["app/templates/pod.yaml:8 kubernetes/container read line by line (not valid YAML) mirror.example.com/team/app:2.2"])
        XCTAssertEqual(image(values: "global: {}\n"),
                       ["app/templates/pod.yaml:8 kubernetes/container read line by line (not valid YAML) docker.io/team/app:2.2"])
    }

    func testAFailInABranchTheValuesDoNotTakeIsSkippedAndOneTheyTakeIsTheReason() {
        let helpers = """
        {{- define "app.image" -}}
        {{- if .Values.image.sha -}}
        {{- fail "image.sha is gone, use image.digest" -}}
        {{- end -}}
        {{- printf "%s:%s" .Values.image.repository .Values.image.tag -}}
        {{- end -}}
        """
        let deployment = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-app\nspec:\n  containers:\n    - name: app\n      image: {{ include \"app.image\" . }}\n"
        func image(values: String) -> [String] {
            resolved([
                "app/Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\n",
                "app/values.yaml": values,
                "app/templates/_helpers.tpl": helpers,
                "app/templates/pod.yaml": deployment,
            ]).filter { $0.hasPrefix("app/templates/pod.yaml") }
        }
        XCTAssertEqual(image(values: "image:\n  repository: quay.io/team/app\n  tag: 3.1\n  sha: \"\"\n"),
                       ["app/templates/pod.yaml:8 kubernetes/container read line by line (not valid YAML) quay.io/team/app:3.1"])
        XCTAssertEqual(image(values: "image:\n  repository: quay.io/team/app\n  tag: 3.1\n  sha: abc\n"), [
            "app/templates/pod.yaml:8 kubernetes/container read line by line (not valid YAML) unresolved: the chart stops with fail: image.sha is gone, use image.digest",
        ])
    }

    func testDictIncludesThatMultiplyAtEveryLevelStopAtTheBudgetWithAWarning() {
        // Each define includes the next one eight times: 8^6 renderings unless the budget stops them.
        var helpers = "{{- define \"t6\" -}}{{ .r }}{{- end -}}\n"
        for level in stride(from: 5, through: 0, by: -1) {
            let include = "{{ include \"t\(level + 1)\" (dict \"r\" .r) }}"
            helpers += "{{- define \"t\(level)\" -}}" + String(repeating: include, count: 8) + "{{- end -}}\n"
        }
        helpers += "{{- define \"app.image\" -}}{{ include \"t0\" (dict \"r\" \"x\") }}{{- end -}}\n"
        let budget = ExtractionBudget(steps: 50_000)
        let found = HelmHelpersExtractor.extract(path: "chart/templates/_helpers.tpl", text: helpers, budget: budget)
        XCTAssertEqual(found.warnings.count, 1)
        XCTAssertEqual(found.namedTemplates.first { $0.name == "app.image" }?.value,
                       "{{helm/unreadable:named template app.image: the file's extraction budget ran out}}")
    }

    func testATooBigValuesFileSaysItsTruthsAreIncompleteAndKeepsItsImageLeaves() {
        let many = (0..<4_001).map { "key\($0): true\n" }.joined()
        let found = facts("charts/shop/values.yaml", many + Self.branchingValues)
        XCTAssertTrue(found.definitions.contains { $0.namespace == "helm/truth" && $0.name == "" && $0.value == "incomplete" })
        XCTAssertTrue(found.definitions.contains { $0.namespace == "helm/value" && $0.name == "image.registry" && $0.value == "ghcr.io" })
    }

    func testAWithWhoseValueIsUnsetRendersNothingAndStaysUnresolved() {
        let values = Self.branchingValues.replacingOccurrences(of: "    repository: ghcr.io/shop/agent\n    tag: 2.0.1\n", with: "    {}\n")
            .replacingOccurrences(of: "  image:\n    {}", with: "  image: {}")
        XCTAssertTrue(resolved(branchingChart(values: values)).contains(
            "charts/shop/templates/deployment.yaml:12 kubernetes/container read line by line (not valid YAML) unresolved: named template shop.agentImage renders nothing with the chart's values"))
    }

    func testTextThatDoublesAtEveryActionStopsLongBeforeItCostsMemory() {
        // 30 doublings of 1 character would be a gigabyte of text from a file under 1 KB.
        let doublings = String(repeating: "{{- $r = printf \"%s%s\" $r $r -}}\n", count: 30)
        let helpers = "{{- define \"app.image\" -}}\n{{- $r := \"a\" -}}\n" + doublings + "{{- $r -}}\n{{- end -}}\n"
        let found = HelmHelpersExtractor.extract(path: "chart/templates/_helpers.tpl", text: helpers,
                                                 budget: ExtractionBudget(steps: 1_000_000))
        let values = found.namedTemplates.map(\.value)
        XCTAssertFalse(values.isEmpty)
        XCTAssertTrue(values.allSatisfy { $0.utf8.count < 1_000 }, "\(values.map(\.utf8.count))")
        XCTAssertTrue(values.contains { $0.contains("renders more than 65536 characters") }, "\(values)")
    }
}

extension FileFacts {
    /// The named templates a helpers file defines (their readings), without their body texts.
    var namedTemplates: [SymbolDefinition] {
        definitions.filter { $0.namespace == HelmHelpersExtractor.defineNamespace }
    }
}
