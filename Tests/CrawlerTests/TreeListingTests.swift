import Foundation
import XCTest
@testable import Crawler

final class TreeListingTests: XCTestCase {
    private let blob = String(repeating: "1a", count: 20)
    private let tree = String(repeating: "2b", count: 20)

    func testAListingRoundTripsThroughItsJSONWhateverTheNames() throws {
        let listing = TreeListing(entries: [
            TreeListing.Entry(name: "Dockerfile", id: blob, kind: .file),
            TreeListing.Entry(name: "we\"ird\\na\nme\t\u{1}.yml", id: blob, kind: .executable),
            TreeListing.Entry(name: "ünïcödé 🐳.yaml", id: blob, kind: .symlink),
            TreeListing.Entry(name: "lib", id: blob, kind: .submodule),
            TreeListing.Entry(name: "eng", id: tree, kind: .tree),
        ])
        XCTAssertEqual(TreeListing(json: listing.json()), listing)
    }

    func testTheStoredFormIsACompactJSONArray() {
        let listing = TreeListing(entries: [TreeListing.Entry(name: "eng", id: tree, kind: .tree)])
        XCTAssertEqual(String(decoding: listing.json(), as: UTF8.self), "[[\"t\",\"\(tree)\",\"eng\"]]")
        XCTAssertEqual(String(decoding: TreeListing(entries: []).json(), as: UTF8.self), "[]")
    }

    func testDataThisWalkerDidNotWriteIsAMiss() {
        XCTAssertNil(TreeListing(json: Data("not json".utf8)))
        XCTAssertNil(TreeListing(json: Data(#"[{"path":"Dockerfile","blob":"abc"}]"#.utf8)))
        XCTAssertNil(TreeListing(json: Data(#"[["q","\#(blob)","x"]]"#.utf8)))
        XCTAssertNil(TreeListing(json: Data(#"[["f","short","x"]]"#.utf8)))
        XCTAssertNil(TreeListing(json: Data(#"[["f","\#(blob)",""]]"#.utf8)))
    }
}
