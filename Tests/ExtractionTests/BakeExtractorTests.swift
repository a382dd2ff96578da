import XCTest
@testable import Extraction

final class BakeExtractorTests: XCTestCase {
    func testArgsContextImagesAndTagsOfTargetsWithVariableDefaults() {
        let result = facts("docker-bake.hcl", """
        variable "REGISTRY" {
          default = "ghcr.io/example"
        }
        variable "TAG" {
          default = "1.4.0"
        }
        # the base every image starts from
        target "app" {
          context    = "."
          dockerfile = "build/app.Dockerfile"
          args = {
            BASE_IMAGE = "docker.io/library/golang:1.23-alpine"
            GO_VERSION = "1.23"
            RUNTIME_IMAGE = "${REGISTRY}/runtime:${TAG}"
          }
          contexts = {
            alpine = "docker-image://alpine:3.20" // pinned
          }
          tags = ["${REGISTRY}/app:${TAG}", "${REGISTRY}/app:latest"]
        }
        """)
        assertRefs(result, [
            Ref(12, "bake/arg", "docker.io/library/golang:1.23-alpine", lit("docker.io/library/golang:1.23-alpine")),
            Ref(14, "bake/arg", "${REGISTRY}/runtime:${TAG}", lit("ghcr.io/example/runtime:1.4.0")),
            Ref(17, "bake/context-image", "docker-image://alpine:3.20", lit("alpine:3.20")),
            Ref(19, "bake/build-tag", "${REGISTRY}/app:${TAG}", lit("ghcr.io/example/app:1.4.0")),
            Ref(19, "bake/build-tag", "${REGISTRY}/app:latest", lit("ghcr.io/example/app:latest")),
        ])
        XCTAssertEqual(contexts(result), ["target app args.BASE_IMAGE", "target app args.RUNTIME_IMAGE",
                                          "target app contexts.alpine", "target app tags (build/app.Dockerfile)",
                                          "target app tags (build/app.Dockerfile)"])
        XCTAssertEqual(ReferenceRole(kind: "bake/build-tag"), .localBuild)
        XCTAssertEqual(ReferenceRole(kind: "bake/context-image"), .pull)
        XCTAssertEqual(result.warnings, [])
    }

    func testTagsNameTheDockerfileOfTheirTargetWhenItCanBeKnown() {
        let result = facts("docker/docker-bake.hcl", """
        target "base" {
          context = "tools"
          dockerfile = "Containerfile"
        }
        target "tools" {
          inherits = ["base"]
          tags = ["registry.example.com/tools:1"]
        }
        target "remote" {
          context = "https://github.com/example/app.git"
          tags = ["registry.example.com/remote:1"]
        }
        """)
        XCTAssertEqual(contexts(result), ["target tools tags (docker/tools/Containerfile)", "target remote tags"])
        XCTAssertEqual(result.references.map { LocalBuild.dockerfile(context: $0.context) }, ["docker/tools/Containerfile", nil])
    }

    func testVariablesWithoutDefaultAndExpressionsStayUnresolved() {
        let result = facts("docker-bake.hcl", """
        variable "IMAGE_TAG" {}
        variable "GO_VERSION" {
          default = null
        }
        target "_common" {
          args = {
            GO_VERSION = GO_VERSION
            BUILDER_IMAGE = "golang:${GO_VERSION}"
          }
        }
        target "bin" {
          inherits = ["_common"]
          platforms = GOOS != "" ? ["linux/amd64", "linux/arm64"] : []
          tags = ["example/bin:${IMAGE_TAG}", notequal("", TAG) ? "x" : "y"]
        }
        """)
        assertRefs(result, [
            Ref(8, "bake/arg", "golang:${GO_VERSION}",
                .unresolved(reason: "GO_VERSION has no default in this Bake file; it is set from the environment when bake runs")),
            Ref(14, "bake/build-tag", "example/bin:${IMAGE_TAG}",
                .unresolved(reason: "IMAGE_TAG has no default in this Bake file; it is set from the environment when bake runs")),
            Ref(14, "bake/build-tag", "notequal(\"\", TAG) ? \"x\" : \"y\"", .unresolved(reason: "written as an HCL expression, which census does not evaluate")),
        ])
        XCTAssertEqual(result.warnings.map(\.line), [14])
    }

    func testValuesThatOnlyLookLikeImagesAreNotArgs() {
        let result = facts("docker-bake.override.hcl", """
        target "default" {
          args = {
            BUILD_TYPE = "Release"
            VERSION = "1.2.3"
            REGISTRY = "registry.example.com:5000/team"
            GIT_URL = "https://github.com/example/app.git"
            PLATFORM = "linux/amd64"
          }
          contexts = {
            src = "./src"
            base = "target:base"
          }
          output = ["type=cacheonly"]
        }
        """)
        assertRefs(result, [])
    }

    func testTheJSONFormReadsTheSameBlocksWithTheirLines() {
        let result = facts("deploy/docker-bake.json", """
        {
          "variable": {
            "TAG": { "default": "2.0" }
          },
          "target": {
            "web": {
              "args": { "BASE_IMAGE": "quay.io/example/base:${TAG}" },
              "contexts": { "node": "docker-image://node:22-alpine" },
              "tags": ["example/web:${TAG}"]
            }
          }
        }
        """)
        assertRefs(result, [
            Ref(7, "bake/arg", "quay.io/example/base:${TAG}", lit("quay.io/example/base:2.0")),
            Ref(8, "bake/context-image", "docker-image://node:22-alpine", lit("node:22-alpine")),
            Ref(9, "bake/build-tag", "example/web:${TAG}", lit("example/web:2.0")),
        ])
    }

    func testBakeFileNamesAreClassified() {
        XCTAssertEqual(FileKind.classify(path: "docker-bake.hcl"), .bake)
        XCTAssertEqual(FileKind.classify(path: "build/docker-bake.override.json"), .bake)
        XCTAssertEqual(FileKind.classify(path: "docker-bake.override.hcl"), .bake)
        XCTAssertEqual(FileKind.classify(path: "docker_build/bake_apps.hcl"), .bake)
        XCTAssertNil(FileKind.classify(path: "main.hcl"))
        XCTAssertNil(FileKind.classify(path: "bake.json"))
        XCTAssertNil(FileKind.classify(path: "packer/bake-ami.pkr.hcl"))
        XCTAssertNil(FileKind.classify(path: "terraform/docker-bake.tf"))
    }
}

extension BakeExtractorTests {
    func testVariablesThatDoubleEachOtherPayTheBudget() {
        var text = "variable \"V0\" {\n  default = \"x\"\n}\n"
        for level in 1...15 { text += "variable \"V\(level)\" {\n  default = \"${V\(level - 1)}${V\(level - 1)}\"\n}\n" }
        text += "target \"t\" {\n  tags = [\"example/app:${V15}\"]\n}\n"
        let result = Extractors.facts(path: "docker-bake.hcl", kind: .bake, bytes: Array(text.utf8),
                                      budget: ExtractionBudget(steps: 20_000))
        assertRefs(result, [Ref(50, "bake/build-tag", "example/app:${V15}",
                                .unresolved(reason: "the extraction budget of this file is spent"))])
        XCTAssertTrue(result.warnings.contains { $0.message.hasPrefix("stopped reading") })
    }

    func testMalformedFilesWarnAndNeverCrash() {
        for text in ["target \"a\" {\n  tags = [\"x\"", "/* open", "x = \"${", "a = <<\n", "t \"x\" { a = <<-EOT\nFROM x\n",
                     String(repeating: "[", count: 500), "target \"a\" { args = { B = ) } }", "{\"target\": [1, 2"] {
            for path in ["docker-bake.hcl", "docker-bake.json"] {
                let result = facts(path, text)
                XCTAssertFalse(result.references.contains { if case .literal = $0.value { true } else { false } }, text)
                XCTAssertFalse(result.warnings.isEmpty, text)
            }
        }
    }
}

extension BakeExtractorTests {
    static let splitFiles = [
        "docker_build/_bake_vars.hcl": "variable BASE_LINUX {\n  default = \"ubuntu:24.04\"\n}\nvariable \"TAG\" {\n  default = \"${BASE_TAG}\"\n}\n",
        "docker_build/bake_base.hcl": """
            target "base_noble" {
              args = {
                BASE_IMG = "${BASE_LINUX}"
              }
              tags = ["registry.example.com/base:${TAG}"]
            }
            """,
        "docker_build/docker-bake.override.hcl": "variable \"BASE_TAG\" {\n  default = \"7\"\n}\n",
        "other/docker-bake.hcl": "variable BASE_LINUX {\n  default = \"debian:12\"\n}\n",
    ]

    func testVariablesDeclaredByAnotherBakeFileOfTheFolderResolve() {
        let base = facts("docker_build/bake_base.hcl", Self.splitFiles["docker_build/bake_base.hcl"] ?? "")
        assertRefs(base, [
            Ref(3, "bake/arg", "${BASE_LINUX}", .symbolic(text: "{{bake/variable:docker_build/BASE_LINUX}}")),
            Ref(5, "bake/build-tag", "registry.example.com/base:${TAG}", .symbolic(text: "registry.example.com/base:{{bake/variable:docker_build/TAG}}")),
        ])
        XCTAssertEqual(contexts(base), ["target base_noble args.BASE_IMG", "target base_noble tags (docker_build/Dockerfile)"])
        let resolved = resolveBranch(Self.splitFiles)
        XCTAssertEqual(resolved.map { "\($0.0):\($0.1) \($0.2 ?? $0.3 ?? "-")" }, [
            "docker_build/bake_base.hcl:3 ubuntu:24.04",
            "docker_build/bake_base.hcl:5 registry.example.com/base:7",
        ])
    }

    func testAVariableNoBakeFileOfTheFolderDeclaresStaysUnresolved() {
        var files = Self.splitFiles
        files["docker_build/_bake_vars.hcl"] = nil
        let resolved = resolveBranch(files)
        XCTAssertEqual(resolved.map { "\($0.0):\($0.1) \($0.2 ?? $0.3 ?? "-")" }, [
            "docker_build/bake_base.hcl:3 docker_build/BASE_LINUX is not defined in this branch",
            "docker_build/bake_base.hcl:5 docker_build/TAG is not defined in this branch",
        ])
    }
}

extension ResolutionImpactTests {
    func testBakeVariablesSharedByTheFilesOfAFolder() {
        assertDifferentialMatchesFull(BakeExtractorTests.splitFiles, replacements: [
            ("ubuntu:24.04", "ubuntu:26.04"), ("\"7\"", "\"8\""), ("${BASE_TAG}", "6"), ("variable BASE_LINUX", "variable OTHER"),
        ])
    }
}
