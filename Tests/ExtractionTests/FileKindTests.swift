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
}
