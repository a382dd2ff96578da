import XCTest
import Git
import TestSupport

final class RepositoryTreeTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var fixture: GitFixture!
    private let submoduleCommit = ObjectID(hex: "abcdefabcdefabcdefabcdefabcdefabcdefabcd")!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        fixture = try GitFixture(in: scratch, named: "repo.git")
    }

    override func tearDown() {
        fixture = nil
        scratch = nil
    }

    private func rootTree(_ commit: ObjectID) throws -> ObjectID {
        try fixture.repository.commitInfo(commit).tree
    }

    /// The id of the directory `name` directly inside `root`, as a tree walk reports it.
    private func subtree(_ name: String, of root: ObjectID) throws -> ObjectID {
        var found: [String: ObjectID] = [:]
        _ = try fixture.repository.walkTree(root, visitSubtree: { path, id in
            found[path] = id
            return false
        }, include: { _ in false })
        return try XCTUnwrap(found[name], "no directory \(name)")
    }

    private func blob(_ text: String) throws -> ObjectID {
        try fixture.repository.writeBlob(Array(text.utf8))
    }

    func testWalkReportsNestedFilesWithRepositoryRelativePaths() throws {
        let commit = try fixture.commit(texts: [
            "Dockerfile": "FROM a", "eng/docker/build.Dockerfile": "FROM b", "eng/pipelines/ci.yml": "jobs: []",
        ])
        let entries = try fixture.repository.walkTree(try rootTree(commit)) { _ in true }
        XCTAssertEqual(Set(entries), [
            TreeEntry(path: "Dockerfile", id: try blob("FROM a"), kind: .blob),
            TreeEntry(path: "eng/docker/build.Dockerfile", id: try blob("FROM b"), kind: .blob),
            TreeEntry(path: "eng/pipelines/ci.yml", id: try blob("jobs: []"), kind: .blob),
        ])
        XCTAssertEqual(entries.count, 3)
    }

    func testSymlinksAndSubmodulesAreReportedWithTheirKindAndNotFollowed() throws {
        let commit = try fixture.commit([
            "real/Dockerfile": .text("FROM a"),
            "link": .symlink("real"),
            "tools/build.sh": .executable("#!/bin/sh"),
            "external/sdk": .submodule(submoduleCommit),
        ])
        let entries = try fixture.repository.walkTree(try rootTree(commit)) { _ in true }
        XCTAssertEqual(Set(entries), [
            TreeEntry(path: "real/Dockerfile", id: try blob("FROM a"), kind: .blob),
            TreeEntry(path: "link", id: try blob("real"), kind: .symlink),
            TreeEntry(path: "tools/build.sh", id: try blob("#!/bin/sh"), kind: .executable),
            TreeEntry(path: "external/sdk", id: submoduleCommit, kind: .submodule),
        ])
        // The link's target is its content; nothing under "link/" or "external/sdk/" is listed.
        XCTAssertEqual(try fixture.repository.readBlob(try blob("real"), maxSize: 10), .bytes(Array("real".utf8)))
    }

    func testEntriesWhoseNamesCannotBeAPathAreReportedWhateverIncludeSaysAndNeverEntered() throws {
        let dockerfile = try blob("FROM a")
        let inner = try fixture.writeRawTree([.init(mode: "100644", name: "Dockerfile", id: dockerfile)])
        let eng = try fixture.writeRawTree([.init(mode: "100644", name: "a/../Dockerfile", id: dockerfile)])
        let root = try fixture.writeRawTree([
            .init(mode: "100644", name: ".", id: dockerfile),
            .init(mode: "40000", name: "..", id: inner),
            .init(mode: "100644", name: "Dockerfile", id: dockerfile),
            .init(mode: "40000", name: "eng", id: eng),
        ])
        let entries = try fixture.repository.walkTree(root) { $0 == "Dockerfile" }
        XCTAssertEqual(Set(entries), [
            TreeEntry(path: ".", id: dockerfile, kind: .unusableName),
            TreeEntry(path: "..", id: inner, kind: .unusableName),
            TreeEntry(path: "Dockerfile", id: dockerfile, kind: .blob),
            TreeEntry(path: "eng/a/../Dockerfile", id: dockerfile, kind: .unusableName),
        ])
        XCTAssertEqual(entries.count, 4, "nothing below '..' is listed")
    }

    func testIncludeFiltersFilesButSubmodulesAreAlwaysReported() throws {
        let commit = try fixture.commit([
            "Dockerfile": .text("FROM a"), "README.md": .text("hi"), "dep": .submodule(submoduleCommit),
            "docs/Dockerfile": .text("FROM b"),
        ])
        let entries = try fixture.repository.walkTree(try rootTree(commit)) { $0.hasSuffix("Dockerfile") }
        XCTAssertEqual(Set(entries.map(\.path)), ["Dockerfile", "docs/Dockerfile", "dep"])
    }

    func testSkippedSubtreesAreNotEntered() throws {
        let commit = try fixture.commit(texts: ["a/x": "1", "b/y": "2", "b/c/z": "3"])
        var visited: [String] = []
        let entries = try fixture.repository.walkTree(try rootTree(commit), visitSubtree: { path, _ in
            visited.append(path)
            return path != "b"
        }, include: { _ in true })
        XCTAssertEqual(entries.map(\.path), ["a/x"])
        XCTAssertEqual(visited.sorted(), ["a", "b"])
    }

    func testASubtreeWalkedWithItsPrefixMatchesTheSameEntriesFromTheRoot() throws {
        let commit = try fixture.commit(texts: ["eng/a/Dockerfile": "1", "eng/b": "2", "src/c": "3"])
        let root = try rootTree(commit)
        let eng = try subtree("eng", of: root)
        let fromRoot = try fixture.repository.walkTree(root) { _ in true }.filter { $0.path.hasPrefix("eng/") }
        let fromSubtree = try fixture.repository.walkTree(eng, under: "eng") { _ in true }
        XCTAssertEqual(Set(fromSubtree), Set(fromRoot))
        XCTAssertEqual(fromSubtree.count, 2)
    }

    func testAnEmptyTreeHasNoEntries() throws {
        let commit = try fixture.commit([:])
        XCTAssertEqual(try fixture.repository.walkTree(try rootTree(commit)) { _ in true }, [])
    }

    func testWalkingABlobIsTheWrongKind() throws {
        let id = try blob("x")
        XCTAssertThrowsError(try fixture.repository.walkTree(id) { _ in true }) { error in
            XCTAssertEqual(error as? GitError, .wrongObjectKind(what: "object \(id.hex)", expected: "tree", actual: "blob"))
        }
    }

    func testASubtreeMissingFromTheObjectDatabaseIsNotFoundRatherThanACrash() throws {
        let commit = try fixture.commit(texts: ["eng/Dockerfile": "FROM a", "README": "x"])
        let root = try rootTree(commit)
        let eng = try subtree("eng", of: root)
        // Fixture objects are loose files: deleting one simulates a damaged mirror.
        let loose = fixture.path + "/objects/" + eng.hex.prefix(2) + "/" + eng.hex.dropFirst(2)
        try FileManager.default.removeItem(atPath: loose)
        XCTAssertThrowsError(try Repository.open(at: fixture.path).walkTree(root) { _ in true }) { error in
            XCTAssertEqual(error as? GitError, .notFound(what: "object \(eng.hex)"))
        }
    }
    func testATreeWhoseContentIsNotItsIdIsCorruptWhenWalkedFromItsId() throws {
        // The header of such an object reads fine (a tree), only reading it whole checks its hash: the
        // walk, which checks the kind of the id it starts from, still says the object is corrupt.
        let commit = try fixture.commit(texts: ["eng/Dockerfile": "FROM a", "src/Dockerfile": "FROM b"])
        let root = try rootTree(commit)
        let eng = try subtree("eng", of: root), src = try subtree("src", of: root)
        func loose(_ id: ObjectID) -> String { fixture.path + "/objects/" + id.hex.prefix(2) + "/" + id.hex.dropFirst(2) }
        try FileManager.default.removeItem(atPath: loose(eng))
        try FileManager.default.copyItem(atPath: loose(src), toPath: loose(eng))
        XCTAssertThrowsError(try Repository.open(at: fixture.path).walkTree(eng) { _ in true }) { error in
            guard case .corrupt = error as? GitError else { return XCTFail("\(error)") }
        }
    }
}
