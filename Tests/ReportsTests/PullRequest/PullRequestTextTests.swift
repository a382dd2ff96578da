import Reports
import XCTest

final class PullRequestTextTests: XCTestCase {
    private let commit = "0123456789abcdef0123456789abcdef01234567"

    private func change(
        url: String = "https://github.com/dotnet/runtime", edits: [ProposedChange.Edit], leftAlone: [ProposedChange.LeftAlone] = [],
        codeowners: String? = nil, team: String? = "dnceng", contact: String? = "dnceng@example.com"
    ) -> ProposedChange {
        ProposedChange(repository: "dotnet/runtime", repositoryURL: url, baseBranch: "release/8.0", baseCommit: commit,
                       branch: "census/migrate/runtime/release/8.0", edits: edits, leftAlone: leftAlone,
                       codeowners: codeowners.map { CodeOwners(parsing: $0, path: ".github/CODEOWNERS") },
                       team: team, contact: contact)
    }

    private func at(_ path: String, _ line: Int) -> ProposedChange.Location {
        ProposedChange.Location(path: path, line: line)
    }

    func testTheBodyListsEditsUsagesWhatWasLeftAloneAndTheOwners() {
        let text = PullRequestText(change(
            edits: [
                .init(location: at("eng/pipelines/variables.yml", 4), from: "centos-7", to: "azurelinux-3.0",
                      usages: [at("eng/pipelines/ci.yml", 20), at("eng/pipelines/official.yml", 31)]),
                .init(location: at("eng/docker/Dockerfile", 1), from: "centos-7", to: "azurelinux-3.0",
                      usages: [at("eng/docker/Dockerfile", 3)]),
                .init(location: at("src/app/Dockerfile", 1), from: "centos-7", to: "azurelinux-3.0"),
            ],
            leftAlone: [
                .init(location: at("eng/pipelines/legacy.yml", 9), image: "centos-7",
                      reason: "its variable centosImage is also used by eng/pipelines/arm.yml:5, which uses another image"),
                .init(location: at("eng/helix.proj", 12), image: "$(HelixImage)", reason: "the image is not resolved in the branch"),
            ],
            codeowners: """
                * @dotnet/runtime-infra
                /eng/docker/ @dotnet/docker-team @jane
                /src/ @dotnet/app
                /src/app/ 
                """))
        XCTAssertEqual(text.title, "Move centos-7 to azurelinux-3.0 on release/8.0")
        Golden.assert(text.body, matches: "pull-request/body.md")
    }

    func testWithoutCodeownersTheTeamOfReposTxtOwnsTheChangeAndAnUnknownHostGetsPlainPlaces() {
        let text = PullRequestText(change(url: "/srv/mirrors/runtime.git",
                                          edits: [.init(location: at("Dockerfile", 1), from: "centos:7", to: "azurelinux:3.0")]))
        XCTAssertTrue(text.body.contains("- dnceng: `Dockerfile` (team in repos.txt, contact dnceng@example.com)"), text.body)
        XCTAssertTrue(text.body.contains("| `Dockerfile:1` | `centos:7` | `azurelinux:3.0` | this line |"), text.body)
        XCTAssertTrue(text.body.contains("Nothing: every matching usage is changed."), text.body)
        XCTAssertFalse(text.body.contains("/srv/mirrors"), text.body)
    }

    func testAFileNobodyOwnsIsSaidToBeUnowned() {
        let text = PullRequestText(change(edits: [.init(location: at("a/Dockerfile", 2), from: "x", to: "y")],
                                          codeowners: "/docs/ @docs", team: nil, contact: nil))
        XCTAssertTrue(text.body.contains("- Nobody is named for `a/Dockerfile`: no CODEOWNERS rule covers it and repos.txt "
                                         + "gives the repository no team."), text.body)
    }

    func testTextFromTheRepositoryAddsNoMarkupAndCredentialsInTheURLStayOut() {
        let text = PullRequestText(change(
            url: "https://x-access-token:ghp_secret@github.com/dotnet/runtime",
            edits: [.init(location: at("eng/[x](javascript:alert(1)).yml", 3), from: "a|b", to: "c`d")],
            leftAlone: [.init(location: at("b.yml", 1), image: "img", reason: "<script>alert(1)</script> | *bold*")]))
        XCTAssertFalse(text.body.contains("ghp_secret"))
        XCTAssertTrue(text.body.contains("\\<script\\>alert(1)\\</script\\> \\| \\*bold\\*"), text.body)
        XCTAssertTrue(text.body.contains("[eng/\\[x\\](javascript:alert(1)).yml:3](https://github.com/dotnet/runtime/blob/"), text.body)
        XCTAssertTrue(text.body.contains("`a\\|b` | ``c`d`` |"), text.body)
    }

    func testTitlesSayWhatMoves() {
        let two = PullRequestText(change(edits: [.init(location: at("a", 1), from: "x:1", to: "z"),
                                                 .init(location: at("b", 1), from: "y:1", to: "z")]))
        XCTAssertEqual(two.title, "Move 2 container images to z on release/8.0")
        let mixed = PullRequestText(change(edits: [.init(location: at("a", 1), from: "x", to: "z1"),
                                                   .init(location: at("b", 1), from: "y", to: "z2")]))
        XCTAssertEqual(mixed.title, "Update 2 container image references on release/8.0")
    }
}
