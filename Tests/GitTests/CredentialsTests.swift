import XCTest
import Git

final class CredentialsTests: XCTestCase {
    private func credentials(_ environment: [String: String]) throws -> Credentials {
        try Credentials.fromEnvironment(environment)
    }

    private func misconfiguration(_ environment: [String: String]) -> GitError? {
        do {
            _ = try Credentials.fromEnvironment(environment)
            return nil
        } catch {
            return error
        }
    }

    func testCensusGitTokenAppliesToTheHostsOfCensusGitTokenHosts() throws {
        let scoped = try credentials(["CENSUS_GIT_TOKEN": "abc123", "CENSUS_GIT_TOKEN_HOSTS": "GitHub.com, git.example.com:8443,",
                                      "OTHER": "x"])
        XCTAssertEqual(scoped.token(for: "https://github.com/org/repo")?.token, "abc123")
        XCTAssertEqual(scoped.token(for: "https://GITHUB.COM:443/org/repo")?.token, "abc123")
        XCTAssertEqual(scoped.token(for: "https://git.example.com:8443/org/repo")?.token, "abc123")
        XCTAssertEqual(scoped.username, "x-access-token")
    }

    func testATokenNeverAppliesToAnUnlistedHostAPortNotListedOrASubdomain() throws {
        let scoped = try credentials(["CENSUS_GIT_TOKEN": "abc123", "CENSUS_GIT_TOKEN_HOSTS": "github.com,git.example.com:8443"])
        for url in ["https://gitlab.com/org/repo", "https://api.github.com/org/repo", "https://evilgithub.com/x",
                    "https://github.com.evil.example/x", "https://github.com:8443/org/repo",
                    "https://git.example.com/org/repo", "http://github.com/org/repo", "ssh://git@github.com/org/repo",
                    "/srv/github.com/repo.git"] {
            XCTAssertNil(scoped.token(for: url), url)
        }
    }

    func testATokenNeverAppliesToAURLWithItsOwnCredentials() throws {
        let scoped = try credentials(["CENSUS_GIT_TOKEN_github_com": "abc123"])
        XCTAssertNil(scoped.token(for: "https://user:pw@github.com/org/repo"))
        XCTAssertNil(scoped.token(for: "https://user@github.com/org/repo"))
    }

    func testAOneHostVariableAppliesToItsHostOnlyAndComesFirst() throws {
        let scoped = try credentials([
            "CENSUS_GIT_TOKEN": "general", "CENSUS_GIT_TOKEN_HOSTS": "github.com,dev.azure.com",
            "CENSUS_GIT_TOKEN_github_com": "for-github", "CENSUS_GIT_TOKEN_127_0_0_1_8080": "for-local",
        ])
        XCTAssertEqual(scoped.token(for: "https://github.com/org/repo")?.token, "for-github")
        XCTAssertEqual(scoped.token(for: "https://github.com/org/repo")?.origin, "CENSUS_GIT_TOKEN_github_com")
        XCTAssertEqual(scoped.token(for: "https://dev.azure.com/org/_git/repo")?.token, "general")
        XCTAssertEqual(scoped.token(for: "http://127.0.0.1:8080/repo.git")?.token, "for-local")
        XCTAssertNil(scoped.token(for: "http://127.0.0.1:8081/repo.git"))
        XCTAssertNil(scoped.token(for: "https://gitlab.com/org/repo"))
        // The variable's name writes `.`, `-` and `_` alike; hosts that differ only there get nothing.
        XCTAssertNil(scoped.token(for: "https://github-com.example/org/repo"))
        let azure = try credentials(["CENSUS_GIT_TOKEN_dev_azure_com": "for-azure"])
        XCTAssertEqual(azure.token(for: "https://dev.azure.com/org/_git/repo")?.token, "for-azure")
        XCTAssertNil(azure.token(for: "https://dev-azure.com/org/_git/repo"))
        XCTAssertNil(azure.token(for: "https://dev_azure.com/org/_git/repo"))
        XCTAssertEqual(Credentials.perHostVariable(host: "git.Example.com", port: 8443), "CENSUS_GIT_TOKEN_git_example_com_8443")
    }

    func testATokenWithoutItsHostsIsAConfigurationError() {
        guard case .credentialsMisconfigured(let variable, let problem)? = misconfiguration(["CENSUS_GIT_TOKEN": "abc123"]) else {
            return XCTFail("expected a configuration error")
        }
        XCTAssertEqual(variable, "CENSUS_GIT_TOKEN")
        XCTAssertTrue(problem.contains("CENSUS_GIT_TOKEN_HOSTS=github.com"), problem)
        XCTAssertFalse(problem.contains("abc123"))
        XCTAssertNotNil(misconfiguration(["CENSUS_GIT_TOKEN": "abc123", "CENSUS_GIT_TOKEN_HOSTS": " , "]))
    }

    func testHostEntriesWithASchemeUserPathOrBadPortAreConfigurationErrors() {
        for entry in ["https://github.com", "user@github.com", "github.com/org", "github.com:http", "github.com:0", "a b"] {
            XCTAssertEqual(misconfiguration(["CENSUS_GIT_TOKEN": "t", "CENSUS_GIT_TOKEN_HOSTS": entry]),
                           .credentialsMisconfigured(variable: "CENSUS_GIT_TOKEN_HOSTS", problem: """
                               '\(entry)' is not a host name: write host or host:port without scheme, user or path, e.g. github.com
                               """), entry)
        }
        XCTAssertEqual(misconfiguration(["CENSUS_GIT_ALLOW_REDIRECT_HOSTS": "gitlab.com:443"]),
                       .credentialsMisconfigured(variable: "CENSUS_GIT_ALLOW_REDIRECT_HOSTS",
                                                 problem: "'gitlab.com:443' has a port: redirects are allowed by host name only, write gitlab.com"))
    }

    func testMissingOrEmptyTokensMeanAnonymous() throws {
        XCTAssertEqual(try credentials([:]).tokens.count, 0)
        XCTAssertEqual(try credentials(["CENSUS_GIT_TOKEN": "", "CENSUS_GIT_TOKEN_github_com": ""]).tokens.count, 0)
        XCTAssertEqual(try credentials(["CENSUS_GIT_TOKEN_HOSTS": "github.com"]).tokens.count, 0,
                       "hosts without a token (a CI secret that is not set) crawl anonymously")
    }

    func testRedirectHostsAreComparedWithoutCase() throws {
        let allowed = try credentials(["CENSUS_GIT_ALLOW_REDIRECT_HOSTS": "Dev.Azure.com, gitlab.example.com"])
        XCTAssertTrue(allowed.allowsRedirect(to: "dev.azure.com"))
        XCTAssertTrue(allowed.allowsRedirect(to: "GITLAB.example.com"))
        XCTAssertFalse(allowed.allowsRedirect(to: "evil.example"))
        XCTAssertFalse(try credentials([:]).allowsRedirect(to: "dev.azure.com"))
    }

    func testDescriptionAndDumpNeverShowTheToken() throws {
        let scoped = try credentials(["CENSUS_GIT_TOKEN": "very-secret-token", "CENSUS_GIT_TOKEN_HOSTS": "github.com",
                                      "CENSUS_GIT_TOKEN_gitlab_com": "other-secret"])
        var dumped = ""
        dump(scoped, to: &dumped)
        for text in [scoped.description, scoped.debugDescription, "\(scoped)", dumped] {
            XCTAssertFalse(text.contains("very-secret-token"), text)
            XCTAssertFalse(text.contains("other-secret"), text)
        }
        XCTAssertEqual(scoped.description, "Credentials(CENSUS_GIT_TOKEN_gitlab_com: ***, CENSUS_GIT_TOKEN: ***)")
        XCTAssertEqual(Credentials.anonymous.description, "Credentials(anonymous)")
        XCTAssertEqual(Set(scoped.secrets), ["very-secret-token", "other-secret"])
    }
}
