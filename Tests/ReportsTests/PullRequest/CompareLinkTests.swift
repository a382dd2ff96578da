import Reports
import XCTest

final class CompareLinkTests: XCTestCase {
    private let branch = "census/migrate/runtime/release/8.0"

    private func link(_ url: String, base: String = "release/8.0", branch: String? = nil) -> String? {
        CompareLink.url(repositoryURL: url, base: base, branch: branch ?? self.branch)
    }

    func testGitHubComparesTheBranchWithItsBaseAndOpensTheForm() {
        let expected = "https://github.com/dotnet/runtime/compare/release/8.0...census/migrate/runtime/release/8.0?expand=1"
        XCTAssertEqual(link("https://github.com/dotnet/runtime"), expected)
        XCTAssertEqual(link("https://github.com/dotnet/runtime.git"), expected)
        XCTAssertEqual(link("git@github.com:dotnet/runtime.git"), expected)
        XCTAssertEqual(link("https://github.example.com/org/app", base: "main", branch: "census/migrate/app/main"),
                       "https://github.example.com/org/app/compare/main...census/migrate/app/main?expand=1")
    }

    func testAzureDevOpsOpensThePullRequestFormWithSourceAndTarget() {
        let expected = "https://dev.azure.com/dnceng/internal/_git/dotnet-runtime/pullrequestcreate"
            + "?sourceRef=census%2Fmigrate%2Fruntime%2Frelease%2F8.0&targetRef=release%2F8.0"
        XCTAssertEqual(link("https://dev.azure.com/dnceng/internal/_git/dotnet-runtime"), expected)
        XCTAssertEqual(link("git@ssh.dev.azure.com:v3/dnceng/internal/dotnet-runtime"), expected)
        XCTAssertEqual(link("https://dnceng.visualstudio.com/internal/_git/dotnet-runtime", base: "main", branch: "b"),
                       "https://dnceng.visualstudio.com/internal/_git/dotnet-runtime/pullrequestcreate?sourceRef=b&targetRef=main")
    }

    func testGitLabOpensTheMergeRequestFormWithSourceAndTarget() {
        XCTAssertEqual(link("https://gitlab.com/group/sub/project.git"),
                       "https://gitlab.com/group/sub/project/-/merge_requests/new"
                        + "?merge_request%5Bsource_branch%5D=census%2Fmigrate%2Fruntime%2Frelease%2F8.0"
                        + "&merge_request%5Btarget_branch%5D=release%2F8.0")
    }

    func testCredentialsInTheRepositoryURLNeverReachTheLink() throws {
        for url in ["https://x-access-token:ghp_secret@github.com/dotnet/runtime",
                    "https://user:pat_secret@dev.azure.com/dnceng/internal/_git/dotnet-runtime",
                    "https://oauth2:glpat_secret@gitlab.com/group/project"] {
            let compare = try XCTUnwrap(link(url), url)
            XCTAssertFalse(compare.contains("secret"), compare)
            XCTAssertFalse(compare.contains("@"), compare)
        }
    }

    func testBranchNamesArePercentEncoded() {
        XCTAssertEqual(link("https://github.com/o/r", base: "main", branch: "census/migrate/r/feat#1+x%"),
                       "https://github.com/o/r/compare/main...census/migrate/r/feat%231%2Bx%25?expand=1")
        XCTAssertEqual(link("https://dev.azure.com/o/p/_git/r", base: "rel&x", branch: "a=b"),
                       "https://dev.azure.com/o/p/_git/r/pullrequestcreate?sourceRef=a%3Db&targetRef=rel%26x")
        XCTAssertEqual(link("https://gitlab.com/o/r", base: "main", branch: "ü"),
                       "https://gitlab.com/o/r/-/merge_requests/new?merge_request%5Bsource_branch%5D=%C3%BC"
                        + "&merge_request%5Btarget_branch%5D=main")
    }

    func testUnknownHostsAndLocalRepositoriesHaveNoComparePage() {
        XCTAssertNil(link("https://git.example.com/org/repo.git"))
        XCTAssertNil(link("/srv/mirrors/tools.git"))
        XCTAssertNil(link("file:///srv/mirrors/tools.git"))
        XCTAssertNil(link("http://127.0.0.1:8080/private/app.git"))
    }
}
