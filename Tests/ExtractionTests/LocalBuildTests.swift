import XCTest
@testable import Extraction

final class LocalBuildTests: XCTestCase {
    func testTheReasonOfABuildNamesItsDockerfile() {
        XCTAssertEqual(LocalBuild.dockerfile(reason: LocalBuild.reason(dockerfile: "docker/app/Dockerfile")), "docker/app/Dockerfile")
        XCTAssertNil(LocalBuild.dockerfile(reason: "built from the remote context https://example.com/app.git"))
        XCTAssertNil(LocalBuild.dockerfile(reason: nil))
    }

    func testAComposeBuildRecordsItsDockerfileInItsReason() {
        let result = facts("deploy/compose.yaml", "services:\n  app:\n    build:\n      context: ../src\n      dockerfile: app.Dockerfile\n")
        XCTAssertEqual(result.references.map(\.kind), ["compose/build"])
        guard case .unresolved(let reason)? = result.references.first?.value else { return XCTFail("\(result.references)") }
        XCTAssertEqual(LocalBuild.dockerfile(reason: reason), "src/app.Dockerfile")
    }

    func testAContextEndsWithTheDockerfileBeforeAnAliasNote() {
        XCTAssertEqual(LocalBuild.dockerfile(context: "repos[a].images[0].platforms[0].buildArgs (src/centos/7/Dockerfile)"),
                       "src/centos/7/Dockerfile")
        XCTAssertEqual(LocalBuild.dockerfile(context: "services.app.build.args (app/Dockerfile) (via *defaults)"), "app/Dockerfile")
        XCTAssertNil(LocalBuild.dockerfile(context: "services.app (via *defaults)"))
        XCTAssertNil(LocalBuild.dockerfile(context: "target app tags"))
        XCTAssertNil(LocalBuild.dockerfile(context: nil))
    }
}
