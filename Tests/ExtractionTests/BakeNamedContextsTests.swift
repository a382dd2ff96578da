import XCTest
@testable import Extraction

final class BakeNamedContextsTests: XCTestCase {
    static let branch = [
        "docker-bake.hcl": """
            target "_common" {
              contexts = {
                binary_dir = "./bin"
              }
            }
            target "image" {
              inherits = ["_common"]
              dockerfile = "build/Dockerfile"
              contexts = {
                base = "target:base"
                alpine = "docker-image://alpine:3.20"
              }
            }
            """,
        "build/Dockerfile": """
            FROM alpine:3.20
            COPY --from=binary_dir /app /usr/local/bin/app
            COPY --from=base /etc/ssl /etc/ssl
            COPY --from=busybox:1.36 /bin/sh /bin/sh
            """,
        "other/Dockerfile": "FROM scratch\nCOPY --from=base /x /x\n",
    ]

    func testACopyFromANamedContextOfTheTargetIsNoImage() {
        let references = resolveBranch(Self.branch)
        XCTAssertEqual(references.map { "\($0.0):\($0.1) \($0.2 ?? "-")" }, [
            "build/Dockerfile:1 alpine:3.20",
            "build/Dockerfile:4 busybox:1.36",
            "docker-bake.hcl:11 alpine:3.20",
            // `base` is a named context of the target building build/Dockerfile only.
            "other/Dockerfile:2 base",
        ])
    }

    func testAContextOfATargetWhoseDockerfileIsUnknownCountsForEveryDockerfile() {
        var branch = Self.branch
        branch["docker-bake.hcl"] = "variable \"DOCKERFILE\" {}\ntarget \"x\" {\n  dockerfile = DOCKERFILE\n  contexts = { base = \"target:base\" }\n}\n"
        let references = resolveBranch(branch)
        XCTAssertFalse(references.contains { $0.0 == "other/Dockerfile" && $0.2 == "base" })
        XCTAssertTrue(references.contains { $0.0 == "build/Dockerfile" && $0.2 == "binary_dir" })
    }

    func testAFromNamingAContextIsNoImageButAnImageContextHidesOnlyItsOwnDockerfilesFrom() {
        let references = resolveBranch([
            "docker_build/bake_apps.hcl": """
                variable "ROOT" {}
                target "api" {
                  contexts = {
                    bake_ctx_base_img = "target:base_noble"
                    alpine = "docker-image://alpine:3.20"
                  }
                  context = "${ROOT}/app/api"
                }
                """,
            "app/api/Dockerfile": "FROM bake_ctx_base_img\nCOPY --from=alpine /bin/sh /bin/sh\n",
            "tools/Dockerfile": "FROM alpine\n",
        ])
        XCTAssertEqual(references.map { "\($0.0):\($0.1) \($0.2 ?? "-")" }, [
            "docker_build/bake_apps.hcl:5 alpine:3.20",
            // The target's Dockerfile is unknown (ROOT comes from the environment): `FROM alpine` elsewhere stays.
            "tools/Dockerfile:1 alpine",
        ])
    }

    func testWithoutABakeFileTheNameStaysAnImage() {
        var branch = Self.branch
        branch["docker-bake.hcl"] = nil
        XCTAssertTrue(resolveBranch(branch).contains { $0.0 == "build/Dockerfile" && $0.1 == 2 && $0.2 == "binary_dir" })
    }
}

extension ResolutionImpactTests {
    func testBakeNamedContextsAndTheDockerfilesUsingThem() {
        assertDifferentialMatchesFull(BakeNamedContextsTests.branch, replacements: [
            ("binary_dir = ", "bin_dir = "), ("build/Dockerfile", "other/Dockerfile"), ("--from=base", "--from=basis"),
            ("\"target:base\"", "\"docker-image://base:1\""), ("FROM alpine:3.20", "FROM base"),
        ])
    }
}
