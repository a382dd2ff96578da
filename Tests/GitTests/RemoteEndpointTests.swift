import XCTest
import Git

final class RemoteEndpointTests: XCTestCase {
    func testHostIgnoresUserinfoPortAndCase() {
        let endpoint = RemoteEndpoint(url: "https://u:p@GitHub.com:443/x")
        XCTAssertEqual(endpoint?.host, "github.com")
        XCTAssertEqual(endpoint?.port, 443)
        XCTAssertEqual(endpoint?.hasUserinfo, true)
        XCTAssertEqual(RemoteEndpoint(url: "https://[::1]:8080/x")?.host, "[::1]")
        XCTAssertEqual(RemoteEndpoint(url: "https://[::1]:8080/x")?.port, 8080)
    }

    func testTheEffectivePortIsTheSchemesDefaultWhenNoneIsWritten() {
        XCTAssertEqual(RemoteEndpoint(url: "https://github.com/org/repo")?.effectivePort, 443)
        XCTAssertEqual(RemoteEndpoint(url: "HTTP://example.com/org/repo")?.effectivePort, 80)
        XCTAssertEqual(RemoteEndpoint(url: "http://127.0.0.1:9/org/repo")?.effectivePort, 9)
    }

    func testPathsScpAddressesAndBadPortsHaveNoEndpoint() {
        XCTAssertNil(RemoteEndpoint(url: "/srv/repo.git"))
        XCTAssertNil(RemoteEndpoint(url: "git@github.com:org/repo.git"))
        XCTAssertNil(RemoteEndpoint(url: "https://github.com:99999/x"))
        XCTAssertNil(RemoteEndpoint(url: "https:///x"))
    }

    func testAnAtSignInThePathIsNotUserinfo() {
        XCTAssertEqual(RemoteEndpoint(url: "https://example.com/scoped/@org/repo")?.hasUserinfo, false)
    }
}
