import Reports
import XCTest

final class SourceLinkTests: XCTestCase {
    let sha = "0123456789abcdef0123456789abcdef01234567"

    func link(_ url: String, path: String = "eng/docker/Dockerfile", line: Int? = 7) -> String? {
        SourceLink.url(repositoryURL: url, commit: sha, path: path, line: line)
    }

    func testGitHubLinksPointAtTheBlobAtTheCommitAndLine() {
        let expected = "https://github.com/dotnet/runtime/blob/\(sha)/eng/docker/Dockerfile#L7"
        XCTAssertEqual(link("https://github.com/dotnet/runtime"), expected)
        XCTAssertEqual(link("https://github.com/dotnet/runtime.git"), expected)
        XCTAssertEqual(link("https://github.com/dotnet/runtime/"), expected)
        XCTAssertEqual(link("git@github.com:dotnet/runtime.git"), expected)
        XCTAssertEqual(link("ssh://git@github.com/dotnet/runtime.git"), expected)
        XCTAssertEqual(link("https://github.com/dotnet/runtime", line: nil),
                       "https://github.com/dotnet/runtime/blob/\(sha)/eng/docker/Dockerfile")
    }

    func testAzureDevOpsLinksUseThePathAndVersionQuery() {
        let expected = "https://dev.azure.com/dnceng/internal/_git/dotnet-runtime?path=/eng/docker/Dockerfile"
            + "&version=GC\(sha)&line=7&lineEnd=7&lineStartColumn=1"
        XCTAssertEqual(link("https://dev.azure.com/dnceng/internal/_git/dotnet-runtime"), expected)
        XCTAssertEqual(link("https://dnceng@dev.azure.com/dnceng/internal/_git/dotnet-runtime"), expected)
        XCTAssertEqual(link("git@ssh.dev.azure.com:v3/dnceng/internal/dotnet-runtime"), expected)
        XCTAssertEqual(link("https://dnceng.visualstudio.com/internal/_git/dotnet-runtime"),
                       "https://dnceng.visualstudio.com/internal/_git/dotnet-runtime?path=/eng/docker/Dockerfile"
                        + "&version=GC\(sha)&line=7&lineEnd=7&lineStartColumn=1")
    }

    func testGitLabLinksUseTheDashBlobForm() {
        XCTAssertEqual(link("https://gitlab.example.com/platform/images/base.git"),
                       "https://gitlab.example.com/platform/images/base/-/blob/\(sha)/eng/docker/Dockerfile#L7")
        XCTAssertEqual(link("git@gitlab.com:group/project.git"),
                       "https://gitlab.com/group/project/-/blob/\(sha)/eng/docker/Dockerfile#L7")
    }

    func testLocalRepositoriesAndUnknownHostsGetNoLink() {
        XCTAssertNil(link("/srv/mirrors/tools.git"))
        XCTAssertNil(link("repos/runtime.git"))
        XCTAssertNil(link("file:///srv/mirrors/tools.git"))
        XCTAssertNil(link("C:/mirrors/tools.git"))
        XCTAssertNil(link("https://git.example.com/tools.git"))
        XCTAssertNil(link("https://github.com/"))
    }

    func testPathsAreEncodedSoTheyCannotChangeTheLink() {
        XCTAssertEqual(link("https://github.com/o/r", path: "docs/my file#1?.yml", line: 2),
                       "https://github.com/o/r/blob/\(sha)/docs/my%20file%231%3F.yml#L2")
        XCTAssertEqual(link("https://dev.azure.com/o/p/_git/r", path: "a&b=c.yml", line: 1),
                       "https://dev.azure.com/o/p/_git/r?path=/a%26b%3Dc.yml&version=GC\(sha)&line=1&lineEnd=1&lineStartColumn=1")
    }
}
