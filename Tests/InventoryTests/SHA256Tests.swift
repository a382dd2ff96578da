@testable import Inventory
import XCTest

final class SHA256Tests: XCTestCase {
    // The FIPS 180-2 appendix B examples (and the empty message).
    func testTheEmptyMessage() {
        XCTAssertEqual(SHA256.hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testTheOneBlockMessageAbc() {
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testTheTwoBlock448BitMessage() {
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testTheTwoBlock896BitMessage() {
        let message = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        XCTAssertEqual(SHA256.hex(Array(message.utf8)),
                       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    func testAMillionLetterAs() {
        XCTAssertEqual(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testAMillionLetterAsFedInUnevenPiecesGiveTheSameDigest() {
        var hasher = SHA256()
        var left = 1_000_000
        var size = 1
        while left > 0 {
            let piece = min(size, left)
            hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: piece))
            left -= piece
            size = size % 131 + 7   // crosses block boundaries at every offset
        }
        XCTAssertEqual(hasher.finalizeHex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testMessagesAroundThePaddingBoundaryDiffer() {
        // 55 bytes pad into one block, 56 need a second: both paths of the padding.
        let digests = (54...65).map { SHA256.hex([UInt8](repeating: 0x61, count: $0)) }
        XCTAssertEqual(Set(digests).count, digests.count)
        XCTAssertEqual(SHA256.hex([UInt8](repeating: 0x61, count: 64)),
                       "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }
}
