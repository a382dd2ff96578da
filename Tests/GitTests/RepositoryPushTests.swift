import Foundation
import XCTest
@testable import Git
import TestSupport

/// Pushes proposed changes over real smart HTTP: `scripts/servers/git-http.sh` serves
/// `CENSUS_TEST_GIT_HTTP_ROOT` through git-http-backend, accepting pushes below `private/` from user
/// `x-access-token` with `CENSUS_TEST_GIT_TOKEN` only. Each test plays the migration: fetch a branch
/// into a mirror (the scan), commit a change on a new local branch whose parent is the scanned tip,
/// push it, and fetch it back from the server. Skipped when no server was started (scripts/test.sh
/// starts one).
final class RepositoryPushTests: XCTestCase {
    private var baseURL = ""
    private var hostAndPort = ""
    private var servedRoot = ""
    private var token = ""
    private var folder = ""
    private var scratch: ScratchDirectory!
    private let change = "census/migrate/app/main"
    private var local: String { "refs/heads/" + change }

    override func setUpWithError() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["CENSUS_TEST_GIT_HTTP"], let root = environment["CENSUS_TEST_GIT_HTTP_ROOT"],
              let token = environment["CENSUS_TEST_GIT_TOKEN"] else {
            throw XCTSkip("no loopback git HTTP server (start one with scripts/servers/git-http.sh start)")
        }
        baseURL = url
        hostAndPort = String(url.dropFirst("http://".count))
        servedRoot = root
        self.token = token
        folder = "push-" + UUID().uuidString.lowercased()
        scratch = try ScratchDirectory()
    }

    override func tearDownWithError() throws {
        guard !servedRoot.isEmpty else { return }
        try? FileManager.default.removeItem(atPath: servedRoot + "/" + folder)
        try? FileManager.default.removeItem(atPath: servedRoot + "/private/" + folder)
    }

    // MARK: Fixtures

    /// A served repository with a Dockerfile on `main`; returns its fixture, URL and main's tip.
    private func served(private isPrivate: Bool = true) throws -> (fixture: GitFixture, url: String, tip: ObjectID) {
        let path = (isPrivate ? "private/" : "") + folder + "/app.git"
        let fixture = try GitFixture(at: servedRoot + "/" + path)
        let tip = try fixture.commit(texts: ["Dockerfile": "FROM centos:7\r\nRUN make\r\n", "README.md": "app\n"])
        return (fixture, baseURL + "/" + path, tip)
    }

    private func credentials(_ token: String?) -> Credentials {
        Credentials(token: token, hosts: [HostPattern(hostAndPort)].compactMap { $0 })
    }

    /// A mirror holding `main` as fetched from `url` and the change on `census/migrate/app/main`.
    private func mirrorWithChange(of url: String, tip: ObjectID, name: String = "mirror.git") throws -> (Repository, ObjectID) {
        let mirror = try Repository.initBare(at: scratch.path(name))
        let fetched = try mirror.fetch(url: url, branches: ["main"], prune: false, credentials: credentials(token))
        XCTAssertEqual(fetched.branches["main"], tip)
        let commit = try mirror.commit(
            files: ["Dockerfile": .text("FROM mcr.microsoft.com/azurelinux/base/core:3.0\r\nRUN make\r\n"),
                    "README.md": .text("app\n")],
            on: change, message: "Move centos:7 to Azure Linux 3.0", author: "Census <census@example.com>",
            date: Date(timeIntervalSince1970: 1_750_000_000), parents: [tip])
        return (mirror, commit)
    }

    /// The branches of the served repository, read straight from its folder.
    private func serverBranches(_ fixture: GitFixture) throws -> [String: ObjectID] {
        try Repository.open(at: fixture.path).localBranches()
    }

    /// Fetches `branch` back from the server into a fresh repository and reads the Dockerfile there.
    private func fetchedBack(_ url: String, branch: String) throws -> (tip: ObjectID?, dockerfile: String?) {
        let copy = try Repository.initBare(at: scratch.path("back-" + UUID().uuidString + ".git"))
        let result = try copy.fetch(url: url, branches: [branch], prune: false, credentials: credentials(token))
        guard let tip = result.branches[branch] else { return (nil, nil) }
        let tree = try copy.commitInfo(tip).tree
        guard let blob = try copy.entryID(atPath: "Dockerfile", inTree: tree),
              case .bytes(let bytes) = try copy.readBlob(blob, maxSize: 1 << 20) else { return (tip, nil) }
        return (tip, String(decoding: bytes, as: UTF8.self))
    }

    private func push(_ mirror: Repository, to url: String, lease: PushLease, token: String?) throws -> PushResult {
        try mirror.push(reference: local, to: url, branch: change, lease: lease, credentials: credentials(token),
                        timeout: .seconds(120))
    }

    private func pushError(_ body: () throws -> PushResult) -> GitError? {
        do {
            _ = try body()
            XCTFail("the push was not refused")
            return nil
        } catch let error as GitError {
            return error
        } catch {
            XCTFail("unexpected error \(error)")
            return nil
        }
    }

    // MARK: Tests

    func testAChangeIsPushedToANewBranchAndFetchedBackByteForByte() throws {
        let server = try served()
        let (mirror, commit) = try mirrorWithChange(of: server.url, tip: server.tip)

        let result = try push(mirror, to: server.url, lease: PushLease(baseBranch: "main", baseTip: server.tip), token: token)

        XCTAssertEqual(result.outcome, .created)
        XCTAssertEqual(result.commit, commit)
        XCTAssertEqual(try serverBranches(server.fixture), ["main": server.tip, change: commit])
        let back = try fetchedBack(server.url, branch: change)
        XCTAssertEqual(back.tip, commit)
        XCTAssertEqual(back.dockerfile, "FROM mcr.microsoft.com/azurelinux/base/core:3.0\r\nRUN make\r\n")
        XCTAssertEqual(try mirror.commitInfo(commit).parents, [server.tip])
    }

    func testPushingTheSameCommitAgainSendsNothingAndSaysItIsAlreadyThere() throws {
        let server = try served()
        let (mirror, commit) = try mirrorWithChange(of: server.url, tip: server.tip)
        let lease = PushLease(baseBranch: "main", baseTip: server.tip)
        _ = try push(mirror, to: server.url, lease: lease, token: token)

        let again = try push(mirror, to: server.url, lease: lease, token: token)

        XCTAssertEqual(again.outcome, .alreadyPresent)
        XCTAssertEqual(try serverBranches(server.fixture), ["main": server.tip, change: commit])
    }

    func testAPushIsRefusedWhenTheBaseBranchMovedSinceTheScan() throws {
        let server = try served()
        let (mirror, _) = try mirrorWithChange(of: server.url, tip: server.tip)
        let moved = try server.fixture.commit(texts: ["Dockerfile": "FROM centos:8\n"])

        let error = pushError { try push(mirror, to: server.url, lease: PushLease(baseBranch: "main", baseTip: server.tip), token: token) }

        XCTAssertEqual(error, .pushBaseMoved(url: server.url, branch: "main", scanned: server.tip, now: moved))
        XCTAssertEqual(try serverBranches(server.fixture), ["main": moved])
        XCTAssertEqual(try fetchedBack(server.url, branch: change).tip, nil)
        let message = error?.description ?? ""
        XCTAssertTrue(message.contains("branch main of \(server.url) moved since it was scanned at \(server.tip.short)"), message)
        XCTAssertTrue(message.contains("not be a fast-forward of the scanned tip"), message)
    }

    func testAPushIsRefusedWhenTheBaseBranchWasDeleted() throws {
        let server = try served()
        let (mirror, _) = try mirrorWithChange(of: server.url, tip: server.tip)
        try server.fixture.commit(texts: ["x": "1"], on: "other")
        try server.fixture.setDefaultBranch("other")
        try server.fixture.repository.deleteBranch("main")

        let error = pushError { try push(mirror, to: server.url, lease: PushLease(baseBranch: "main", baseTip: server.tip), token: token) }

        XCTAssertEqual(error, .pushBaseMoved(url: server.url, branch: "main", scanned: server.tip, now: nil))
        XCTAssertNil(try serverBranches(server.fixture)[change])
    }

    func testATargetBranchHoldingOtherContentIsLeftAloneAndNamed() throws {
        let server = try served()
        let (mirror, _) = try mirrorWithChange(of: server.url, tip: server.tip)
        let theirs = try server.fixture.commit(texts: ["Dockerfile": "FROM theirs\n"], on: change, parents: [server.tip])

        let error = pushError { try push(mirror, to: server.url, lease: PushLease(baseBranch: "main", baseTip: server.tip), token: token) }

        XCTAssertEqual(error, .pushTargetExists(url: server.url, branch: change, tip: theirs))
        XCTAssertEqual(try serverBranches(server.fixture)[change], theirs)
        XCTAssertTrue(error?.description.contains("branch \(change) already exists in \(server.url)") == true)
    }

    func testAnEarlierPushOfOursIsReplacedOnlyWhenTheCallerNamesIt() throws {
        let server = try served()
        let (first, earlier) = try mirrorWithChange(of: server.url, tip: server.tip, name: "first.git")
        _ = try push(first, to: server.url, lease: PushLease(baseBranch: "main", baseTip: server.tip), token: token)
        let mirror = try Repository.initBare(at: scratch.path("second.git"))
        try mirror.fetch(url: server.url, branches: ["main"], prune: false, credentials: credentials(token))
        let newer = try mirror.commit(files: ["Dockerfile": .text("FROM azurelinux:3.0\n")], on: change,
                                      message: "Again", date: Date(timeIntervalSince1970: 1_760_000_000),
                                      parents: [server.tip])

        let unnamed = pushError { try push(mirror, to: server.url, lease: PushLease(baseBranch: "main", baseTip: server.tip), token: token) }
        XCTAssertEqual(unnamed, .pushTargetExists(url: server.url, branch: change, tip: earlier))

        let replaced = try push(mirror, to: server.url,
                                lease: PushLease(baseBranch: "main", baseTip: server.tip, replacing: earlier), token: token)
        XCTAssertEqual(replaced.outcome, .replaced(previous: earlier))
        XCTAssertEqual(try fetchedBack(server.url, branch: change).tip, newer)
    }

    func testAWrongTokenPushesNothingAndSaysTheServerRefusedIt() throws {
        let server = try served()
        let (mirror, _) = try mirrorWithChange(of: server.url, tip: server.tip)
        let before = try Repository.open(at: server.fixture.path).references()

        let error = pushError { try push(mirror, to: server.url, lease: PushLease(baseBranch: "main", baseTip: server.tip), token: "wrong-token-1234") }

        XCTAssertEqual(error, .pushTokenRefused(url: server.url))
        let message = error?.description ?? ""
        XCTAssertTrue(message.hasPrefix("the server refused the token for \(hostAndPort): nothing was pushed to \(server.url)"), message)
        XCTAssertFalse(message.contains("wrong-token-1234"))
        XCTAssertEqual(try Repository.open(at: server.fixture.path).references(), before)
    }

    func testAnAnonymousPushIsRefusedEverywhere() throws {
        let open = try served(private: false)
        let (mirror, _) = try mirrorWithChange(of: open.url, tip: open.tip)
        let lease = PushLease(baseBranch: "main", baseTip: open.tip)

        // The public area never accepts a push, with or without a token on offer.
        XCTAssertEqual(pushError { try push(mirror, to: open.url, lease: lease, token: nil) },
                       .pushUnauthorized(url: open.url, tokenConfigured: false))
        XCTAssertEqual(pushError { try push(mirror, to: open.url, lease: lease, token: token) },
                       .pushUnauthorized(url: open.url, tokenConfigured: true))
        XCTAssertEqual(try serverBranches(open.fixture), ["main": open.tip])

        // The private area asks for credentials, and census has none to give.
        let locked = try served()
        let (second, _) = try mirrorWithChange(of: locked.url, tip: locked.tip, name: "second.git")
        let error = pushError { try push(second, to: locked.url, lease: PushLease(baseBranch: "main", baseTip: locked.tip), token: nil) }
        XCTAssertEqual(error, .pushUnauthorized(url: locked.url, tokenConfigured: false))
        XCTAssertTrue(error?.description.contains("set \(Credentials.perHostVariable(host: "127.0.0.1", port: Int(hostAndPort.split(separator: ":").last ?? ""))) (or") == true,
                      error?.description ?? "")
        XCTAssertEqual(try serverBranches(locked.fixture), ["main": locked.tip])
    }

    func testARefusalByAHookIsReportedWithWhatTheHookSaidAndNoSecrets() throws {
        let server = try served()
        let (mirror, _) = try mirrorWithChange(of: server.url, tip: server.tip)
        let hooks = server.fixture.path + "/hooks"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        let hook = hooks + "/pre-receive"
        try """
            #!/bin/sh
            echo "branch names under census/ need a ticket: see https://ci:hunter2@rules.example.com/push" >&2
            echo "echoing your token \(token) back" >&2
            exit 1
            """.write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)

        let error = pushError { try push(mirror, to: server.url, lease: PushLease(baseBranch: "main", baseTip: server.tip), token: token) }

        guard case .pushRejected(let url, let branch, let reason, let said)? = error else {
            return XCTFail("expected a rejected push, got \(String(describing: error))")
        }
        XCTAssertEqual(url, server.url)
        XCTAssertEqual(branch, change)
        XCTAssertEqual(reason, "pre-receive hook declined")
        XCTAssertTrue(said.contains("branch names under census/ need a ticket: see https://***@rules.example.com/push"), said)
        XCTAssertTrue(said.contains("echoing your token *** back"), said)
        XCTAssertFalse(error?.description.contains(token) ?? true)
        XCTAssertFalse(error?.description.contains("hunter2") ?? true)
        XCTAssertEqual(try serverBranches(server.fixture), ["main": server.tip])
    }

    func testAnUnreachableServerIsANetworkErrorAndNothingIsPushed() throws {
        let server = try served()
        let (mirror, _) = try mirrorWithChange(of: server.url, tip: server.tip)
        let listener = try SilentListener()
        let port = listener.port
        listener.close()
        let url = "http://127.0.0.1:\(port)/private/\(folder)/app.git"

        let error = pushError {
            try mirror.push(reference: local, to: url, branch: change, lease: PushLease(baseBranch: "main", baseTip: server.tip),
                            credentials: Credentials(token: token, hosts: [HostPattern("127.0.0.1:\(port)")].compactMap { $0 }),
                            timeout: .seconds(60))
        }

        guard case .network(let shown, _)? = error else { return XCTFail("expected a network error, got \(String(describing: error))") }
        XCTAssertEqual(shown, url)
        XCTAssertEqual(try serverBranches(server.fixture), ["main": server.tip])
    }
}

/// The checks a push makes on the local repository before it connects anywhere.
final class RepositoryPushLocalTests: XCTestCase {
    func testACommitThatDoesNotBuildOnTheScannedTipIsNeverPushed() throws {
        let scratch = try ScratchDirectory()
        let remote = try GitFixture(in: scratch, named: "remote.git")
        let tip = try remote.commit(texts: ["Dockerfile": "FROM centos:7\n"])
        let mirror = try GitFixture(in: scratch, named: "mirror.git")
        let unrelated = try mirror.commit(texts: ["Dockerfile": "FROM azurelinux:3.0\n"], on: "census/migrate/app/main")
        try mirror.repository.fetch(url: remote.path, branches: ["main"], prune: false)

        XCTAssertThrowsError(try mirror.repository.push(
            reference: "refs/heads/census/migrate/app/main", to: remote.path, branch: "census/migrate/app/main",
            lease: PushLease(baseBranch: "main", baseTip: tip))) { error in
            XCTAssertEqual(error as? GitError, .pushNotFastForward(reference: "refs/heads/census/migrate/app/main",
                                                                   baseBranch: "main", baseTip: tip))
        }
        XCTAssertEqual(try remote.repository.localBranches(), ["main": tip])
        XCTAssertFalse(try mirror.repository.descends(unrelated, from: tip))
        XCTAssertFalse(try mirror.repository.descends(tip, from: tip))
    }

    func testAChangeOnTheScannedTipIsPushedToALocalRemoteToo() throws {
        let scratch = try ScratchDirectory()
        let remote = try GitFixture(in: scratch, named: "remote.git")
        let tip = try remote.commit(texts: ["Dockerfile": "FROM centos:7\n"])
        let mirror = try Repository.initBare(at: scratch.path("mirror.git"))
        try mirror.fetch(url: remote.path, branches: ["main"], prune: false)
        let change = try mirror.commit(files: ["Dockerfile": .text("FROM azurelinux:3.0\n")], on: "census/migrate/app/main",
                                       message: "Move", date: Date(timeIntervalSince1970: 1_750_000_000), parents: [tip])
        XCTAssertTrue(try mirror.descends(change, from: tip))

        let result = try mirror.push(reference: "refs/heads/census/migrate/app/main", to: remote.path,
                                     branch: "census/migrate/app/main", lease: PushLease(baseBranch: "main", baseTip: tip))

        XCTAssertEqual(result.outcome, .created)
        XCTAssertEqual(try remote.repository.localBranches(), ["main": tip, "census/migrate/app/main": change])
    }

    func testPushingToAServerThatAcceptsAndNeverAnswersTimesOutWithTheGivenLimit() throws {
        let scratch = try ScratchDirectory()
        let mirror = try GitFixture(in: scratch, named: "mirror.git")
        let tip = try mirror.commit(texts: ["Dockerfile": "FROM centos:7\n"])
        try mirror.commit(texts: ["Dockerfile": "FROM azurelinux:3.0\n"], on: "census/migrate/app/main", parents: [tip])
        let listener = try SilentListener()
        defer { listener.close() }
        let url = "http://127.0.0.1:\(listener.port)/hung.git"

        XCTAssertThrowsError(try mirror.repository.push(
            reference: "refs/heads/census/migrate/app/main", to: url, branch: "census/migrate/app/main",
            lease: PushLease(baseBranch: "main", baseTip: tip), timeout: .seconds(1))) { error in
            XCTAssertEqual(error as? GitError, .timeout(url: url, seconds: 1))
        }
    }
}

/// Which credentials a push presents where: real HTTP against `AuthLoggingServer`s on two loopback
/// addresses, each of which logs every request and answers 401 or redirects.
final class RepositoryPushAuthorizationTests: XCTestCase {
    private let token = "t0ken-" + UUID().uuidString
    private var scratch: ScratchDirectory!
    private var log = ""
    private var mirror: GitFixture!
    private var tip: ObjectID!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        log = scratch.path("requests.jsonl")
        mirror = try GitFixture(in: scratch, named: "mirror.git")
        tip = try mirror.commit(texts: ["Dockerfile": "FROM centos:7\n"])
        try mirror.commit(texts: ["Dockerfile": "FROM azurelinux:3.0\n"], on: "census/migrate/app/main", parents: [tip])
    }

    private func host(of server: AuthLoggingServer) throws -> HostPattern {
        try XCTUnwrap(HostPattern(String(server.baseURL.dropFirst("http://".count))))
    }

    private func pushError(_ url: String, _ credentials: Credentials) -> GitError? {
        do {
            _ = try mirror.repository.push(reference: "refs/heads/census/migrate/app/main", to: url,
                                           branch: "census/migrate/app/main", lease: PushLease(baseBranch: "main", baseTip: tip),
                                           credentials: credentials, timeout: .seconds(60))
            return nil
        } catch {
            return error as? GitError
        }
    }

    private func passwords(_ server: AuthLoggingServer, name: String) throws -> [String?] {
        try server.requests().filter { $0.server == name }.map(\.basicPassword)
    }

    func testAPushOffersTheTokenOnlyToItsHostAndOnlyOnce() throws {
        let mine = try AuthLoggingServer(name: "mine", log: log)
        let other = try AuthLoggingServer(name: "other", address: "127.0.0.2", log: log)
        let credentials = Credentials(token: token, hosts: [try host(of: mine)])

        let refused = pushError(mine.baseURL + "/org/repo.git", credentials)
        XCTAssertEqual(refused, .pushTokenRefused(url: mine.baseURL + "/org/repo.git"))
        XCTAssertEqual(try passwords(mine, name: "mine"), [nil, token])
        XCTAssertEqual(try mine.requests().first?.path.hasSuffix("info/refs?service=git-receive-pack"), true)
        XCTAssertFalse(refused?.description.contains(token) ?? true)

        XCTAssertEqual(pushError(other.baseURL + "/org/repo.git", credentials),
                       .pushUnauthorized(url: other.baseURL + "/org/repo.git", tokenConfigured: false))
        XCTAssertEqual(try passwords(other, name: "other"), [nil], "a third-party host never sees the token")
    }

    func testAPushNeverFollowsARedirectToAnotherHostEvenAnAllowedOne() throws {
        let target = try AuthLoggingServer(name: "target", address: "127.0.0.2", log: log)
        let origin = try AuthLoggingServer(name: "origin", log: log, redirectTo: target.baseURL)
        let credentials = Credentials(token: token, hosts: [try host(of: origin), try host(of: target)],
                                      redirectHosts: ["127.0.0.2"])
        let url = origin.baseURL + "/moved/repo.git"

        XCTAssertEqual(pushError(url, credentials), .redirectRefused(url: url, from: "127.0.0.1", to: "127.0.0.2"))
        XCTAssertEqual(try passwords(target, name: "target"), [], "the redirect was not followed")
    }
}
