import XCTest
@testable import Extraction

final class FileKindTests: XCTestCase {
    func testDockerfileNamesAnywhereInTheTree() {
        for path in ["Dockerfile", "src/Dockerfile", "eng/Containerfile", "a/b/app.Dockerfile", "x.dockerfile",
                     "docker/Dockerfile.alpine", "Dockerfile.azurelinux.3.0", "Containerfile.build"] {
            XCTAssertEqual(FileKind.classify(path: path), .dockerfile, path)
        }
    }

    func testFilesAboutDockerfilesAreNotDockerfiles() {
        for path in ["Dockerfile.md", "docs/Dockerfile.txt", "Dockerfile.sh", "README.md", ".dockerignore"] {
            XCTAssertNil(FileKind.classify(path: path), path)
        }
    }

    func testOtherKinds() {
        XCTAssertEqual(FileKind.classify(path: "eng/pipelines/ci.yml"), .yaml)
        XCTAssertEqual(FileKind.classify(path: "values.YAML"), .yaml)
        XCTAssertEqual(FileKind.classify(path: "src/sendtohelix.proj"), .msbuild)
        XCTAssertEqual(FileKind.classify(path: "Directory.Build.props"), .msbuild)
        XCTAssertEqual(FileKind.classify(path: "app/app.csproj"), .msbuild)
        XCTAssertEqual(FileKind.classify(path: ".devcontainer/devcontainer.json"), .devcontainer)
        XCTAssertEqual(FileKind.classify(path: "quadlet/web.container"), .quadlet)
        XCTAssertEqual(FileKind.classify(path: "containers/systemd/postgres.image"), .quadlet)
        XCTAssertEqual(FileKind.classify(path: "containers/systemd/models.volume"), .quadlet)
        XCTAssertNil(FileKind.classify(path: "src/Program.cs"))
    }

    func testEnvFileIsReadOnlyBesideAComposeFile() {
        XCTAssertEqual(FileKind.classify(path: "deploy/.env"), .composeEnv)
        XCTAssertNil(FileKind.classify(path: "deploy/.env.example"))
        XCTAssertTrue(FileKind.isRead(.composeEnv, siblings: [".env", "docker-compose.yml"]))
        XCTAssertTrue(FileKind.isRead(.composeEnv, siblings: [".env", "compose.override.yaml"]))
        XCTAssertFalse(FileKind.isRead(.composeEnv, siblings: [".env", "package.json", "compose.md"]))
        XCTAssertTrue(FileKind.isRead(.yaml, siblings: []))
    }

    func testLastComponentIsTheSplitsLastComponentForEveryKindOfPath() {
        let paths = ["", "/", "//", "a", "a/", "a//", "/a", "dir/Dockerfile", "a/b/c.yml", "deploy/.env",
                     "d\u{301}ir/file.sh", "dir/\u{301}x.sh", "\u{600}/x.yml", "x/\u{600}", "caf\u{E9}/r\u{E9}sum\u{E9}.md",
                     "a/\r\n/b", "a\r/\nb", "\u{1F600}/\u{1F600}.json", "e\u{301}/e\u{301}", "a/b/"]
        for path in paths {
            XCTAssertEqual(FileKind.lastComponent(of: path), path.split(separator: "/").last.map(String.init) ?? path,
                           path.debugDescription)
        }
    }

    func testWorkflowAndMarathonNamesAreClassifiedThroughTheirFolderAndEnding() {
        XCTAssertEqual(FileKind.classify(path: ".github/workflows/triage.md"), .yaml)
        XCTAssertEqual(FileKind.classify(path: ".github/workflows/Triage.MD"), .yaml)
        XCTAssertNil(FileKind.classify(path: "docs/workflows/triage.md"))
        XCTAssertEqual(FileKind.classify(path: "deploy/Marathon.JSON"), .marathon)
        XCTAssertEqual(FileKind.classify(path: "d\u{E9}ploy/app-marathon.json"), .marathon)
        XCTAssertNil(FileKind.classify(path: "deploy/app.json"))
    }

    /// The name screen may only turn away paths that no rule accepts: over every name a rule looks at,
    /// in several cases, folders and endings, `classify` and the rules alone agree.
    func testTheNameScreenNeverTurnsAwayAPathARuleAccepts() {
        let stems = ["Dockerfile", "Containerfile", "Makefile", "GNUmakefile", ".env", "devcontainer", ".devcontainer",
                     "manifest", "docker-bake", "docker-bake.override", "bake", "bake_apps", "bake-ami.pkr", "marathon",
                     "app-marathon", "Marathon.web", "values", "app", "README", "_helpers", "main", "x", ""]
        let endings = ["", ".dockerfile", ".containerfile", ".yml", ".yaml", ".md", ".proj", ".props", ".targets",
                       ".csproj", ".fsproj", ".vbproj", ".json", ".container", ".image", ".volume", ".hcl", ".tpl",
                       ".jsonnet", ".libsonnet", ".sh", ".bash", ".ps1", ".mk", ".in", ".cs", ".txt", ".alpine",
                       ".env", ".example", ".", ".json.example"]
        let folders = ["", "src/", ".github/workflows/", ".GitHub/Workflows/", "a//.github//workflows/", "deploy/marathon/",
                       "MARATHON/", "caf\u{E9}/", "x/"]
        var checked = 0
        for folder in folders {
            for stem in stems {
                for ending in endings {
                    for name in [stem + ending, (stem + ending).uppercased(), (stem + ending).lowercased()] {
                        let path = folder + name
                        XCTAssertEqual(FileKind.classify(path: path), FileKind.classifyByRules(path: path), path.debugDescription)
                        checked += 1
                    }
                }
            }
        }
        for path in ["", "/", "a/", "Dockerfile/", "DOC\u{212A}ERFILE", "x.\u{212A}", "docs/Ma\u{212A}efile"] {
            XCTAssertEqual(FileKind.classify(path: path), FileKind.classifyByRules(path: path), path.debugDescription)
        }
        XCTAssertGreaterThan(checked, 19_000)
        // The screen does turn the common names away.
        for path in ["src/Program.cs", "docs/notes.txt", "logo.png", "LICENSE", "docs/guide.md", "package.json"] {
            XCTAssertTrue(FileKind.NameScreen.excludes(path), path)
        }
    }

    /// The same comparison on 50,000 paths put together at random (a fixed seed) from the pieces the
    /// rules look at, cases, separators and non-ASCII characters.
    func testTheNameScreenAgreesWithTheRulesOnRandomPaths() {
        let pieces = ["docker", "Docker", "file", "FILE", "container", "make", "Make", "gnu", "bake", "marathon", "MARA",
                      "thon", "manifest", "devcontainer", "compose", "values", "workflows", ".github", "env", "yml", "yaml",
                      "json", "md", "sh", "ps1", "mk", "hcl", "pkr", "tpl", "jsonnet", "libsonnet", "proj", "props", "csproj",
                      "image", "volume", "in", ".", ".", "-", "_", "/", "/", "//", "\u{212A}", "\u{E9}", "e\u{301}", "x", "1"]
        let endings = ["dockerfile", "containerfile", "yml", "yaml", "md", "proj", "props", "targets", "csproj", "json",
                       "container", "image", "volume", "hcl", "tpl", "jsonnet", "libsonnet", "sh", "bash", "ps1", "mk"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            // SplitMix64: a fixed sequence, the same on every run.
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((mixed ^ (mixed >> 31)) % UInt64(bound))
        }
        var accepted = 0
        for _ in 0..<50_000 {
            var path = (0..<(1 + next(7))).map { _ in pieces[next(pieces.count)] }.joined()
            // Half of them end in an ending some rule knows, in either case.
            if next(2) == 0 {
                let ending = endings[next(endings.count)]
                path += "." + (next(2) == 0 ? ending : ending.uppercased())
            }
            let kind = FileKind.classifyByRules(path: path)
            XCTAssertEqual(FileKind.classify(path: path), kind, path.debugDescription)
            if kind != nil { accepted += 1 }
        }
        // Enough of them are candidates for the comparison to mean something.
        XCTAssertGreaterThan(accepted, 10_000)
    }
}
