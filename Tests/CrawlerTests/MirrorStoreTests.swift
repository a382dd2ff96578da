import Foundation
import XCTest
import Git
import TestSupport
@testable import Crawler

final class MirrorStoreTests: XCTestCase {
    private let store = MirrorStore(root: "/cache/mirrors")

    func testFolderNameIsReadableHostAndPathPlusAHash() {
        let name = store.folderName(for: "https://github.com/dotnet/arcade")
        XCTAssertEqual(name, "github.com_dotnet_arcade-" + MirrorStore.fnv1a64Hex("https://github.com/dotnet/arcade"))
        XCTAssertEqual(name.count, "github.com_dotnet_arcade-".count + 16)
    }

    func testFnv1aMatchesTheReferenceVectors() {
        XCTAssertEqual(MirrorStore.fnv1a64Hex(""), "cbf29ce484222325")
        XCTAssertEqual(MirrorStore.fnv1a64Hex("a"), "af63dc4c8601ec8c")
        XCTAssertEqual(MirrorStore.fnv1a64Hex("foobar"), "85944171f73967e8")
    }

    func testCredentialsQueryAndHostCaseDoNotChangeTheFolder() {
        let plain = store.folderName(for: "https://github.com/dotnet/arcade")
        XCTAssertEqual(store.folderName(for: "https://x-access-token:ghp_secret@GitHub.com/dotnet/arcade"), plain)
        XCTAssertEqual(store.folderName(for: "HTTPS://github.com/dotnet/arcade/?token=abc#x"), plain)
        XCTAssertEqual(store.folderName(for: "  https://github.com/dotnet/arcade//  "), plain)
    }

    func testCredentialsNeverReachTheFolderName() {
        let name = store.folderName(for: "https://user:ghp_secret@github.com/org/repo?access_token=zzz")
        XCTAssertFalse(name.contains("ghp_secret"))
        XCTAssertFalse(name.contains("user"))
        XCTAssertFalse(name.contains("zzz"))
    }

    func testSimilarURLsNeverShareAFolder() {
        let urls = [
            "https://github.com/org/a-b", "https://github.com/org/a_b", "https://github.com/org/a.b",
            "https://github.com/org/A-B", "https://github.com/org/a-b.git", "http://github.com/org/a-b",
            "https://github.com:8443/org/a-b", "https://github.com/org-a/b", "/srv/org/a-b", "ssh://github.com/org/a-b",
            "git@github.com:org/a-b",
        ]
        let names = urls.map(store.folderName(for:))
        XCTAssertEqual(Set(names).count, urls.count, "\(names)")
    }

    func testTraversalAttemptsStayInsideTheRoot() {
        for url in ["../../x", "/../../etc/passwd", "file:///../../x", "https://h/../../x", "..", ".", "", "https://../..",
                    "https://h/%2e%2e/%2e%2e/x", "a/../../../b"] {
            let name = store.folderName(for: url)
            XCTAssertFalse(name.contains("/"), url)
            XCTAssertFalse(name.contains(".."), url)
            XCTAssertFalse(name.hasPrefix("."), url)
            XCTAssertFalse(name.isEmpty, url)
            XCTAssertEqual((store.path(for: url) as NSString).deletingLastPathComponent, "/cache/mirrors", url)
        }
    }

    func testUnusualCharactersAreReplacedAndLongNamesBounded() {
        let name = store.folderName(for: "https://dev.azure.com/my org/проект/_git/" + String(repeating: "very-long-", count: 30))
        let readable = name.dropLast(17)
        XCTAssertLessThanOrEqual(readable.count, MirrorStore.maxReadableLength)
        XCTAssertTrue(name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }, name)
        XCTAssertTrue(readable.hasSuffix("very-long"), name)
    }

    func testLocalPathsAreMadeAbsoluteAndStandardized() {
        XCTAssertEqual(MirrorStore.normalize("/srv/x/../mirrors/./tools.git/"), "/srv/mirrors/tools.git")
        XCTAssertEqual(MirrorStore.normalize("file:///srv//tools.git"), "file:///srv/tools.git")
        XCTAssertEqual(MirrorStore.normalize("repo"), FileManager.default.currentDirectoryPath + "/repo")
        XCTAssertEqual(MirrorStore.normalize("git@GitHub.com:Org/Repo.git"), "github.com:Org/Repo.git")
    }

    func testAMissingMirrorIsCreatedBareAndThenReused() throws {
        let scratch = try ScratchDirectory()
        let store = MirrorStore(root: scratch.path("mirrors"))
        let url = "https://github.com/dotnet/arcade"
        let (created, firstState) = try store.prepare(url: url)
        XCTAssertEqual(firstState, .created)
        XCTAssertTrue(created.isBare)
        XCTAssertEqual(created.path, store.path(for: url))
        let (_, secondState) = try store.prepare(url: url)
        XCTAssertEqual(secondState, .existing)
    }

    func testACorruptMirrorIsRecreatedAndCanBeFetchedAgain() throws {
        let scratch = try ScratchDirectory()
        let remote = try GitFixture(in: scratch, named: "remote.git")
        let tip = try remote.commit(texts: ["Dockerfile": "FROM a"])
        let store = MirrorStore(root: scratch.path("mirrors"))
        try store.openOrCreate(url: remote.path).fetch(url: remote.path, branches: ["main"], prune: false)

        let folder = store.path(for: remote.path)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: folder + "/HEAD"))
        let (mirror, state) = try store.prepare(url: remote.path)
        guard case .recreated(let reason) = state else { return XCTFail("expected recreated, got \(state)") }
        XCTAssertTrue(reason.hasPrefix("unreadable repository files: "), reason)
        XCTAssertEqual(try mirror.localBranches(), [:])
        XCTAssertEqual(try mirror.fetch(url: remote.path, branches: ["main"], prune: false).branches, ["main": tip])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path("mirrors")).sorted()
        XCTAssertEqual(leftovers, [store.folderName(for: remote.path), store.folderName(for: remote.path) + ".lock"])
    }

    func testAFolderThatIsNotARepositoryIsReplaced() throws {
        let scratch = try ScratchDirectory()
        let store = MirrorStore(root: scratch.path("mirrors"))
        let url = "https://example.com/x"
        try scratch.write("mirrors/\(store.folderName(for: url))/stray.txt", "not git")
        let (mirror, state) = try store.prepare(url: url)
        guard case .recreated = state else { return XCTFail("expected recreated, got \(state)") }
        XCTAssertTrue(mirror.isBare)
        XCTAssertFalse(FileManager.default.fileExists(atPath: store.path(for: url) + "/stray.txt"))
    }

    func testAWorkTreeInTheMirrorsPlaceIsReplacedByABareRepository() throws {
        let scratch = try ScratchDirectory()
        let store = MirrorStore(root: scratch.path("mirrors"))
        let url = "https://example.com/y"
        _ = try Repository.initWorkTree(at: store.path(for: url))
        let (mirror, state) = try store.prepare(url: url)
        XCTAssertEqual(state, .recreated(reason: "not a bare repository"))
        XCTAssertTrue(mirror.isBare)
    }

    func testAMirrorWhoseBranchTipCannotBeReadIsRecreated() throws {
        let scratch = try ScratchDirectory()
        let remote = try GitFixture(in: scratch, named: "remote.git")
        try remote.commit(texts: ["Dockerfile": "FROM a"])
        let store = MirrorStore(root: scratch.path("mirrors"))
        try store.openOrCreate(url: remote.path).fetch(url: remote.path, branches: ["main"], prune: false)
        let packs = store.path(for: remote.path) + "/objects/pack"
        for file in try FileManager.default.contentsOfDirectory(atPath: packs) {
            try FileManager.default.removeItem(atPath: packs + "/" + file)
        }
        let (mirror, state) = try store.prepare(url: remote.path)
        XCTAssertEqual(state, .recreated(reason: "missing objects on branch main"))
        XCTAssertEqual(try mirror.localBranches(), [:])
    }

    func testOnlyLeftoversOlderThanTheStoreAreDeleted() throws {
        let scratch = try ScratchDirectory()
        let url = "https://example.com/z"
        let store = MirrorStore(root: scratch.path("mirrors"), staleBefore: Date().addingTimeInterval(-60))
        _ = try store.openOrCreate(url: url)
        let folder = store.path(for: url)
        let old = Date().addingTimeInterval(-3600)
        for (name, date) in [("HEAD.lock", old), ("refs/heads/release/1.0.lock", old), ("objects/pack/pack_git2_x1", old),
                             ("refs/heads/main.lock", Date()), ("objects/pack/pack_git2_x2", Date()),
                             ("objects/pack/notes.txt", old)] {
            try scratch.write("mirrors/\(store.folderName(for: url))/\(name)", "")
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: folder + "/" + name)
        }
        let (_, state) = try store.prepare(url: url)
        XCTAssertEqual(state, .cleaned(leftovers: ["HEAD.lock", "objects/pack/pack_git2_x1", "refs/heads/release/1.0.lock"]))
        for kept in ["refs/heads/main.lock", "objects/pack/pack_git2_x2", "objects/pack/notes.txt"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/" + kept), kept)
        }
    }

    func testCopiesOfThisMirrorLeftAsideAreDeletedAndOthersKept() throws {
        let scratch = try ScratchDirectory()
        let store = MirrorStore(root: scratch.path("mirrors"))
        let url = "https://example.com/a"
        let other = store.folderName(for: "https://example.com/b") + ".damaged-12345678"
        try scratch.write("mirrors/\(store.folderName(for: url)).damaged-0badf00d/HEAD", "ref: refs/heads/main\n")
        try scratch.write("mirrors/\(other)/HEAD", "ref: refs/heads/main\n")
        _ = try store.prepare(url: url)
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.path("mirrors")).sorted()
        XCTAssertEqual(names, [store.folderName(for: url), store.folderName(for: url) + ".lock", other].sorted())
    }

    /// Listing the cache root for every mirror opened made a crawl quadratic in the number of
    /// mirrors: with 10,000 entries in the root, 40 repositories took 70 ms longer to re-crawl.
    func testTheRootIsListedOnceWhateverTheNumberOfMirrorsOpened() throws {
        let scratch = try ScratchDirectory()
        let store = MirrorStore(root: scratch.path("mirrors"))
        let urls = (0..<3).map { "https://example.com/repo\($0)" }
        // Each mirror's copy left aside is there before the store first looks.
        for url in urls {
            try scratch.write("mirrors/\(store.folderName(for: url)).damaged-0badf00d/HEAD", "ref: refs/heads/main\n")
        }
        for url in urls { _ = try store.prepare(url: url) }

        XCTAssertEqual(store.rootListings, 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.path("mirrors"))
        XCTAssertEqual(names.filter { $0.contains(MirrorStore.discardedInfix) }, [])
        XCTAssertEqual(names.count, 6) // each mirror and its lock
    }

    func testASecondHolderGivesUpNamingTheFirst() throws {
        let scratch = try ScratchDirectory()
        let store = MirrorStore(root: scratch.path("mirrors"), lockWait: .zero)
        let url = "https://example.com/x"
        let held = try store.lock(url: url)
        XCTAssertThrowsError(try store.prepare(url: url)) { error in
            guard case .mirrorBusy(let mirror, let holder, let waited) = error as? CrawlerError else {
                return XCTFail("expected mirrorBusy, got \(error)")
            }
            XCTAssertEqual(mirror, store.path(for: url))
            XCTAssertEqual(waited, 0)
            XCTAssertTrue(holder.hasPrefix("process \(getpid()) on host \(MirrorLock.hostName()) (holding it since 20"),
                          holder)
            XCTAssertTrue("\(error)".contains("--cache"), "\(error)")
        }
        held.release()
        XCTAssertEqual(try store.prepare(url: url).state, .created)
    }

    func testConcurrentUsersOfOneCacheNeverRaceOnAMirror() throws {
        // Eight threads released together create, fetch into and re-open the same mirror, round after
        // round, as crawls sharing a --cache do: without the lock they see each other's half-created
        // mirrors as damaged, move them aside and trip over each other's lock files.
        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "remote.git")
        for version in 0..<3 { try fixture.commit(texts: ["Dockerfile": "FROM a:\(version)"]) }
        let remote = fixture.path
        let failures = Failures()
        for round in 0..<5 {
            let store = MirrorStore(root: scratch.path("mirrors\(round)"))
            let start = DispatchSemaphore(value: 0)
            let done = DispatchGroup()
            for worker in 0..<8 {
                done.enter()
                Thread {
                    start.wait()
                    defer { done.leave() }
                    do {
                        let lock = try store.lock(url: remote)
                        let (mirror, state) = try store.prepare(url: remote, holding: lock)
                        if case .recreated(let reason) = state { failures.append("worker \(worker): recreated (\(reason))") }
                        try mirror.fetch(url: remote, branches: ["main"], prune: true)
                    } catch {
                        failures.append("round \(round) worker \(worker): \(error)")
                    }
                }.start()
            }
            for _ in 0..<8 { start.signal() }
            done.wait()
            let names = try FileManager.default.contentsOfDirectory(atPath: scratch.path("mirrors\(round)"))
            XCTAssertEqual(names.filter { $0.contains(MirrorStore.discardedInfix) }, [])
        }
        XCTAssertEqual(failures.all, [])
    }

    func testEntriesBelowAFolderAreListedWithoutFollowingLinksUpToTheLimit() throws {
        let scratch = try ScratchDirectory()
        for file in ["refs/heads/main", "refs/heads/release/1.0.lock", "refs/tags/v1", "outside/x"] {
            try scratch.write(file, "")
        }
        try FileManager.default.createSymbolicLink(atPath: scratch.path("refs/linked"), withDestinationPath: scratch.path("outside"))
        let all = MirrorStore.entries(below: scratch.path("refs"), limit: 100)
        XCTAssertEqual(Set(all), ["heads", "heads/main", "heads/release", "heads/release/1.0.lock", "tags", "tags/v1", "linked"])
        XCTAssertEqual(all.count, 7)
        XCTAssertEqual(MirrorStore.entries(below: scratch.path("refs"), limit: 3).count, 3)
        XCTAssertEqual(MirrorStore.entries(below: scratch.path("missing"), limit: 100), [])
    }
}

/// Failures collected from several threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func append(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
