import XCTest
import Git
import TestSupport

final class RepositoryTreeDiffTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var fixture: GitFixture!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        fixture = try GitFixture(in: scratch, named: "repo.git")
    }

    override func tearDown() {
        fixture = nil
        scratch = nil
    }

    private func tree(_ files: [String: FileContent]) throws -> ObjectID {
        try fixture.repository.commitInfo(try fixture.commit(files)).tree
    }

    private func walk(_ tree: ObjectID, include: (String) -> Bool = { _ in true }) throws -> Set<TreeEntry> {
        Set(try fixture.repository.walkTree(tree, include: include))
    }

    /// The old walk with the changes applied, as a caller keeping the old tree's entries does it.
    private func apply(_ changes: [TreeChange], to old: Set<TreeEntry>) -> Set<TreeEntry> {
        var entries = old
        for case .removed(let path) in changes {
            entries = entries.filter { $0.path != path && !$0.path.hasPrefix(path + "/") }
        }
        for case .present(let entry) in changes { entries.insert(entry) }
        return entries
    }

    let base: [String: FileContent] = [
        "Dockerfile": .text("FROM a"),
        "README.md": .text("readme"),
        "eng/docker/build.Dockerfile": .text("FROM b"),
        "eng/docker/test.Dockerfile": .text("FROM c"),
        "eng/pipelines/ci.yml": .text("jobs: []"),
        "src/deep/a/b/c/Dockerfile": .text("FROM d"),
        "tools/run.sh": .executable("#!/bin/sh"),
        "link": .symlink("eng"),
        "external/sdk": .submodule(ObjectID(hex: "abcdefabcdefabcdefabcdefabcdefabcdefabcd")!),
    ]

    func testAppliedChangesGiveTheNewTreeForEveryKindOfEdit() throws {
        let variants: [(String, (inout [String: FileContent]) -> Void)] = [
            ("edit a nested file", { $0["eng/docker/build.Dockerfile"] = .text("FROM b2") }),
            ("add a file in a new deep folder", { $0["new/x/y/Dockerfile"] = .text("FROM e") }),
            ("remove a whole folder", { $0["eng/docker/build.Dockerfile"] = nil; $0["eng/docker/test.Dockerfile"] = nil }),
            ("file becomes folder", { $0["README.md"] = nil; $0["README.md/Dockerfile"] = .text("FROM f") }),
            ("folder becomes file", { $0["src/deep/a/b/c/Dockerfile"] = nil; $0["src"] = .text("now a file") }),
            ("file becomes executable", { $0["Dockerfile"] = .executable("FROM a") }),
            ("file becomes a link", { $0["Dockerfile"] = .symlink("README.md") }),
            ("submodule moves", { $0["external/sdk"] = .submodule(ObjectID(hex: String(repeating: "1", count: 40))!) }),
            ("submodule removed", { $0["external/sdk"] = nil }),
            ("nothing", { _ in }),
        ]
        let oldTree = try tree(base)
        let old = try walk(oldTree)
        for (name, edit) in variants {
            var files = base
            edit(&files)
            let newTree = try tree(files)
            let changes = try fixture.repository.changes(from: oldTree, to: newTree) { _ in true }
            XCTAssertEqual(apply(changes, to: old), try walk(newTree), name)
            let back = try fixture.repository.changes(from: newTree, to: oldTree) { _ in true }
            XCTAssertEqual(apply(back, to: try walk(newTree)), old, name + " (reversed)")
        }
    }

    func testTheOldSideIsReadThroughTheHandleGivenForIt() throws {
        // The old tree is only in one repository and the new one only in another: the comparison
        // works because the old side is read through the handle given for it, and gives what one
        // repository holding both gives.
        let oldOnly = try GitFixture(in: scratch, named: "old.git"), newOnly = try GitFixture(in: scratch, named: "new.git")
        var files = base
        files["eng/docker/build.Dockerfile"] = .text("FROM b2")
        files["new/x/Dockerfile"] = .text("FROM e")
        files["src/deep/a/b/c/Dockerfile"] = nil
        let oldTree = try oldOnly.repository.commitInfo(try oldOnly.commit(base)).tree
        let newTree = try newOnly.repository.commitInfo(try newOnly.commit(files)).tree
        XCTAssertEqual(try tree(base), oldTree)
        XCTAssertEqual(try tree(files), newTree)
        XCTAssertThrowsError(try newOnly.repository.changes(from: oldTree, to: newTree) { _ in true })
        let split = try newOnly.repository.changes(from: oldTree, in: oldOnly.repository, to: newTree) { _ in true }
        XCTAssertEqual(Set(split), Set(try fixture.repository.changes(from: oldTree, to: newTree) { _ in true }))
        XCTAssertFalse(split.isEmpty)
    }

    func testOnlyChangedPathsAreReportedAndIncludeFiltersFilesButNotSubmodulesOrFolders() throws {
        let oldTree = try tree(base)
        var files = base
        files["eng/docker/build.Dockerfile"] = .text("FROM b2")
        files["eng/notes.txt"] = .text("not a candidate")
        files["external/sdk"] = .submodule(ObjectID(hex: String(repeating: "2", count: 40))!)
        // Files `include` refuses are not reported, edited or removed; removed directories are.
        files["README.md"] = .text("edited")
        files["tools/run.sh"] = nil
        files["src/deep/a/b/c/Dockerfile"] = nil
        let changes = try fixture.repository.changes(from: oldTree, to: try tree(files)) { $0.hasSuffix("Dockerfile") }
        let build = try fixture.repository.writeBlob(Array("FROM b2".utf8))
        XCTAssertEqual(Set(changes), [
            .removed(path: "eng/docker/build.Dockerfile"),
            .present(TreeEntry(path: "eng/docker/build.Dockerfile", id: build, kind: .blob)),
            .removed(path: "external/sdk"),
            .removed(path: "src"),
            .removed(path: "tools"), // its only file went, so the folder did
            .present(TreeEntry(path: "external/sdk", id: ObjectID(hex: String(repeating: "2", count: 40))!, kind: .submodule)),
        ])
        XCTAssertEqual(try fixture.repository.changes(from: oldTree, to: oldTree) { _ in true }, [])
    }

    func testEntriesWhoseNamesCannotBeAPathAreReportedAsTheyAppearAndRemovedAsTheyGo() throws {
        let dockerfile = try fixture.repository.writeBlob(Array("FROM a".utf8))
        let inner = try fixture.writeRawTree([.init(mode: "100644", name: "Dockerfile", id: dockerfile)])
        let plain = try fixture.writeRawTree([.init(mode: "100644", name: "Dockerfile", id: dockerfile)])
        let crafted = try fixture.writeRawTree([
            .init(mode: "100644", name: ".", id: dockerfile),
            .init(mode: "40000", name: "..", id: inner),
            .init(mode: "100644", name: "Dockerfile", id: dockerfile),
            .init(mode: "40000", name: "eng", id: try fixture.writeRawTree([
                .init(mode: "100644", name: "a/../Dockerfile", id: dockerfile)])),
        ])
        let added = try fixture.repository.changes(from: plain, to: crafted) { _ in false }
        XCTAssertEqual(Set(added), [
            .present(TreeEntry(path: ".", id: dockerfile, kind: .unusableName)),
            .present(TreeEntry(path: "..", id: inner, kind: .unusableName)),
            .present(TreeEntry(path: "eng/a/../Dockerfile", id: dockerfile, kind: .unusableName)),
        ])
        XCTAssertEqual(apply(added, to: try walk(plain, include: { _ in false })), try walk(crafted, include: { _ in false }))
        let removed = try fixture.repository.changes(from: crafted, to: plain) { _ in false }
        XCTAssertEqual(Set(removed), [.removed(path: "."), .removed(path: ".."), .removed(path: "eng")])
    }

    func testFoldersSortAsIfTheirNamesEndedInASlash() throws {
        // Git orders `a-b` and `a.b` before the folder `a` (compared as `a/`) and `a0` after it: a
        // side-by-side comparison that ordered plain names would pair the wrong entries.
        let names: [String: FileContent] = [
            "a-b": .text("dash"), "a.b": .text("dot"), "a/x/Dockerfile": .text("FROM x"), "a0": .text("zero"),
            "b": .text("file b"), "b.d/Dockerfile": .text("FROM bd"), "b-c": .text("dash c"),
        ]
        let oldTree = try tree(names)
        var edited = names
        edited["a/x/Dockerfile"] = .text("FROM y")
        let changes = try fixture.repository.changes(from: oldTree, to: try tree(edited)) { _ in true }
        let id = try fixture.repository.writeBlob(Array("FROM y".utf8))
        XCTAssertEqual(Set(changes), [.removed(path: "a/x/Dockerfile"), .present(TreeEntry(path: "a/x/Dockerfile", id: id, kind: .blob))])

        let variants: [(String, (inout [String: FileContent]) -> Void)] = [
            ("folder becomes a file between names that sort around it", { $0["a/x/Dockerfile"] = nil; $0["a"] = .text("a file") }),
            ("file becomes a folder", { $0["b"] = nil; $0["b/Dockerfile"] = .text("FROM b") }),
            ("neighbours edited", { $0["a-b"] = .text("dash 2"); $0["a0"] = nil; $0["a.c"] = .text("new") }),
        ]
        for (name, edit) in variants {
            var files = names
            edit(&files)
            let newTree = try tree(files)
            XCTAssertEqual(apply(try fixture.repository.changes(from: oldTree, to: newTree) { _ in true }, to: try walk(oldTree)),
                           try walk(newTree), name)
            XCTAssertEqual(apply(try fixture.repository.changes(from: newTree, to: oldTree) { _ in true }, to: try walk(newTree)),
                           try walk(oldTree), name + " (reversed)")
        }
    }

    func testTreesOutOfGitsOrderAreComparedByName() throws {
        // A crafted tree can list its entries in any order; compared side by side, every entry past
        // the first out of place would look removed and added.
        let blobs = try ["a", "b", "c", "d"].map { try fixture.repository.writeBlob(Array("FROM \($0)".utf8)) }
        let sorted = try fixture.writeRawTree(zip(["Dockerfile", "b.yml", "c.yml", "d.yml"], blobs).map {
            .init(mode: "100644", name: $0, id: $1)
        })
        let edited = try fixture.repository.writeBlob(Array("FROM z".utf8))
        let reversed = try fixture.writeRawTree([
            .init(mode: "100644", name: "d.yml", id: blobs[3]), .init(mode: "100644", name: "c.yml", id: edited),
            .init(mode: "100644", name: "b.yml", id: blobs[1]), .init(mode: "100644", name: "Dockerfile", id: blobs[0]),
        ])
        let expected: Set<TreeChange> = [.removed(path: "c.yml"), .present(TreeEntry(path: "c.yml", id: edited, kind: .blob))]
        XCTAssertEqual(Set(try fixture.repository.changes(from: sorted, to: reversed) { _ in true }), expected)
        XCTAssertEqual(Set(try fixture.repository.changes(from: reversed, to: sorted) { _ in true }),
                       [.removed(path: "c.yml"), .present(TreeEntry(path: "c.yml", id: blobs[2], kind: .blob))])
    }
}
