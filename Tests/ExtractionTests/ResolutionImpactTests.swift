import XCTest
@testable import Extraction

/// Resolving only `ResolutionImpact.pathsToResolve` and keeping every other file's earlier references
/// must give exactly what resolving the whole changed branch gives. Checked over every single-file
/// mutation of branches with cross-file aliases, variables, parameters and includes.
final class ResolutionImpactTests: XCTestCase {
    /// Facts through the real dispatch (`Extractors.facts`), as the crawler computes them.
    func facts(_ files: [String: String]) -> [String: FileFacts] {
        var facts: [String: FileFacts] = [:]
        for (path, text) in files {
            if let kind = FileKind.classify(path: path) {
                facts[path] = Extractors.facts(path: path, kind: kind, bytes: Array(text.utf8))
            }
        }
        return facts
    }

    /// Every reference of `after`, resolved differentially from `before`.
    func differential(from before: [String: String], to after: [String: String]) -> (references: [Reference], resolved: Set<String>) {
        let old = facts(before), new = facts(after)
        let previous = BranchResolver.resolve(old, only: Set(old.keys))
        let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
        let paths = ResolutionImpact.pathsToResolve(before: old, after: new, changed: changed)
        let fresh = BranchResolver.resolve(new, only: paths)
        var all: [Reference] = []
        for path in new.keys { all += fresh[path] ?? previous[path] ?? [] }
        return (Reference.sortedForOutput(all), paths)
    }

    /// Each file removed, each file edited by each replacement that applies, and a new file copied from each.
    func mutations(of files: [String: String], replacements: [(String, String)]) -> [(String, [String: String])] {
        var out: [(String, [String: String])] = []
        for path in files.keys.sorted() {
            var removed = files
            removed[path] = nil
            out.append(("remove \(path)", removed))
            let copy = (path as NSString).deletingLastPathComponent + "/copy-" + (path as NSString).lastPathComponent
            var added = files
            added[copy.hasPrefix("/") ? String(copy.dropFirst()) : copy] = files[path]
            out.append(("copy \(path)", added))
            for (from, to) in replacements where files[path]?.contains(from) == true {
                var edited = files
                edited[path] = files[path]?.replacingOccurrences(of: from, with: to)
                out.append(("\(from) -> \(to) in \(path)", edited))
            }
        }
        return out
    }

    func assertDifferentialMatchesFull(_ files: [String: String], replacements: [(String, String)],
                                       file: StaticString = #filePath, line: UInt = #line) {
        for (name, mutated) in mutations(of: files, replacements: replacements) {
            for (before, after) in [(files, mutated), (mutated, files)] {
                let full = BranchResolver.resolve(facts(after))
                XCTAssertEqual(differential(from: before, to: after).references, full, name, file: file, line: line)
            }
        }
    }

    func testAzurePipelinesAliasesVariablesAndParametersAcrossFiles() {
        assertDifferentialMatchesFull(AzurePipelinesCrossFileTests.branch, replacements: [
            ("LinuxContainer", "OtherContainer"), ("container: LinuxContainer", "container: other/image:1"),
            ("alpine-3.21", "alpine-3.22"), ("linux_x64", "linux_arm64"), ("default: ''", "default: 'x/y:1'"),
            ("prereqsTag", "prereqsLabel"), ("value: azurelinux", "value: mariner"), ("- template:", "- templat:"),
            ("/eng/pipelines/jobs/linux.yml", "/eng/pipelines/stages/test.yml"), ("'2.0'", "'3.0'"),
            ("name: sidecar", "name: helper"),
        ])
    }

    func testGitLabIncludesVariablesAndDockerfiles() {
        assertDifferentialMatchesFull(gitlab, replacements: [
            ("3.21", "3.22"), ("TAG", "VERSION"), ("- local: ci/jobs.gitlab-ci.yml", ""), ("BASE: alpine", "BASE: debian"),
            ("PG: \"16\"", "PG: \"17\""), ("$TAG", "$PG"), ("3.20", "3.19"),
            ("  - local: ci/jobs.gitlab-ci.yml", "  - local: ci/jobs.gitlab-ci.yml\n  - local: ci/pg.yml"),
        ])
    }

    let gitlab = [
            ".gitlab-ci.yml": """
                include:
                  - local: ci/vars.yml
                  - local: ci/jobs.gitlab-ci.yml
                variables:
                  BASE: alpine
                build:
                  image: $BASE:$TAG
                """,
            "ci/vars.yml": """
                variables:
                  TAG: "3.21"
                  RUNNER: registry.example.com/runner:$TAG
                """,
            "ci/jobs.gitlab-ci.yml": """
                test:
                  image: $RUNNER
                  services:
                    - postgres:$PG
                """,
            "other/.gitlab-ci.yml": """
                variables:
                  PG: "16"
                lint:
                  image: node:$PG
                """,
            // Not included anywhere: PG has two values in the branch until an include connects this file.
            "ci/pg.yml": """
                variables:
                  PG: "15"
                """,
            "docker/Dockerfile": """
                ARG TAG=3.20
                FROM alpine:${TAG} AS base
                FROM base
                """,
    ]

    func testHelmChartsRenderedWithValuesHelpersAndAParentsValues() throws {
        assertDifferentialMatchesFull(try HelmRendererTests.fixtureChart("gateway"), replacements: [
            ("7.2-parent", "7.3-parent"), ("tag: \"1.2\"", "tag: \"1.3\""), ("enabled: false", "enabled: true"),
            ("appVersion: 2.4.1", "appVersion: 2.5.0"), ("define \"canary.image\"", "define \"canary.img\""),
            ("imageRegistry: null", "imageRegistry: mirror.example.com"), ("sha: \"\"", "sha: abc"),
        ])
    }

    func testUnchangedDefinitionsResolveOnlyTheChangedFiles() {
        let branch = AzurePipelinesCrossFileTests.branch
        var edited = branch
        edited["eng/pipelines/stages/test.yml"] = branch["eng/pipelines/stages/test.yml"]?
            .replacingOccurrences(of: "renovate-", with: "renovator-")
        XCTAssertEqual(differential(from: branch, to: edited).resolved, ["eng/pipelines/stages/test.yml"])
    }

    func testARedefinedNameResolvesTheFilesThatMayUseIt() {
        let branch = AzurePipelinesCrossFileTests.branch
        var edited = branch
        edited["eng/pipelines/common/variables.yml"] = branch["eng/pipelines/common/variables.yml"]?
            .replacingOccurrences(of: "net10.0-build", with: "net11.0-build")
        let resolved = differential(from: branch, to: edited).resolved
        XCTAssertTrue(resolved.isSuperset(of: ["eng/pipelines/common/variables.yml", "eng/pipelines/stages/test.yml"]))
    }

    func testKustomizeReplacementsReachTheManifestsTheyRender() {
        assertDifferentialMatchesFull(KustomizeExtractorTests.branch, replacements: [
            ("newTag: dev", "newTag: qa"), ("- name: worker", "- name: helper"), ("- ../../base", "- ../../other"),
            ("image: app", "image: app:1"), ("- manager.yaml", "- other.yaml"),
        ])
    }
}

extension ResolutionImpactTests {
    func testComposeFilesAndTheirEnvFiles() {
        assertDifferentialMatchesFull([
            "docker-compose.yml": """
                services:
                  web:
                    image: "$WEB_IMAGE"
                  cache:
                    image: "redis:${REDIS_TAG:-7.4}"
                """,
            ".env": "WEB_IMAGE=ghcr.io/example/web:1\nREDIS_TAG=7.2\n",
            "tools/compose.yaml": "services:\n  tool:\n    image: ${WEB_IMAGE}-tools\n",
        ], replacements: [
            ("web:1", "web:2"), ("REDIS_TAG=7.2\n", ""), ("$WEB_IMAGE", "example/web:3"), ("7.4", "7.5"),
        ])
    }
}

extension ResolutionImpactTests {
    func testComposeBuildArgsAndTheDockerfilesTheyFeed() {
        assertDifferentialMatchesFull([
            "docker-compose.yml": """
                services:
                  db:
                    build:
                      context: ./db
                      args:
                        - BASE_IMAGE=altinity/clickhouse-server:25.8
                """,
            "db/Dockerfile": "ARG BASE_IMAGE=altinity/clickhouse-server:23.8\nFROM ${BASE_IMAGE}\n",
        ], replacements: [
            ("FROM ${BASE_IMAGE}", "FROM ${BASE_IMAGE}-alpine"), ("25.8", "25.9"), ("ARG BASE_IMAGE=", "ARG OTHER="),
        ])
    }
}

extension ResolutionImpactTests {
    func testHelmNamedTemplatesTheirHelpersAndTheChartsValues() {
        assertDifferentialMatchesFull([
            "chart/Chart.yaml": "apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: 2.0.0\n",
            "chart/values.yaml": "image:\n  registry: ghcr.io\n  repository: example/app\n  tag: \"\"\n",
            "chart/templates/_helpers.tpl": """
                {{- define "demo.image" -}}
                {{- printf "%s/%s:%s" .Values.image.registry .Values.image.repository (.Values.image.tag | default "1.0") -}}
                {{- end -}}
                """,
            "chart/templates/deployment.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: {{ include "demo.image" . }}
                """,
        ], replacements: [
            ("tag: \"\"", "tag: \"1.5\""), ("default \"1.0\"", "default .Chart.AppVersion"), ("2.0.0", "2.1.0"),
            ("ghcr.io", "quay.io"), ("\"demo.image\" .", "\"demo.other\" ."),
        ])
    }

    func testHelmBranchesOnValuesDictContextsAndTrims() {
        let files = [
            "chart/Chart.yaml": "apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: 2.0.0\n",
            "chart/values.yaml": "edition:\n  paid: false\n  image:\n    repository: paid/app\nimage:\n  registry: ghcr.io/\n  repository: example/app\n",
            "chart/templates/_helpers.tpl": """
                {{- define "demo.base" -}}
                {{- printf "%s/%s:%s" (.registry | trimSuffix "/") .service.repository .version -}}
                {{- end -}}
                {{- define "demo.image" -}}
                {{- if .Values.edition.paid -}}
                {{- include "demo.base" (dict "service" .Values.edition.image "registry" "registry.example.com" "version" .Chart.AppVersion) -}}
                {{- else -}}
                {{- include "demo.base" (dict "service" .Values.image "registry" .Values.image.registry "version" "1.0") -}}
                {{- end -}}
                {{- end -}}
                {{- define "demo.mirror" -}}
                {{- if .Values.edition.paid -}}paid/mirror:1{{- else -}}free/mirror:1{{- end -}}
                {{- end -}}
                """,
            "chart/templates/deployment.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}-app
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: {{ include "demo.image" . }}
                        - name: mirror
                          image: {{ include "demo.mirror" . }}
                """,
        ]
        XCTAssertEqual(BranchResolver.resolve(facts(files)).filter { $0.path.hasSuffix("deployment.yaml") }.map { $0.image ?? "-" },
                       ["ghcr.io/example/app:1.0", "free/mirror:1"])
        assertDifferentialMatchesFull(files, replacements: [
            ("paid: false", "paid: true"), ("paid: false", "paid: {}"), ("ghcr.io/", "quay.io"), ("2.0.0", "2.1.0"),
            ("if .Values.edition.paid", "if not .Values.edition.paid"), ("\"demo.image\" .", "\"demo.other\" ."),
        ])
    }
}

extension ResolutionImpactTests {
    func testImageBuilderBuildArgsAndTheDockerfilesTheyFeed() {
        assertDifferentialMatchesFull([
            "manifest.json": """
                {
                  "repos": [
                    { "name": "prereqs", "images": [ { "platforms": [
                      { "dockerfile": "src/sdk/amd64", "os": "linux", "buildArgs": { "SDK_TAG": "8.0-noble" } }
                    ] } ] }
                  ]
                }
                """,
            "src/sdk/amd64/Dockerfile": "ARG SDK_TAG\nFROM mcr.microsoft.com/dotnet/sdk:$SDK_TAG\n",
        ], replacements: [
            ("8.0-noble", "9.0-noble"), ("dotnet/sdk:$SDK_TAG", "dotnet/sdk:$SDK_TAG-amd64"), ("ARG SDK_TAG\n", ""),
        ])
    }
}
