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
}
