import CLibGit2
import XCTest
@testable import Git

final class ObjectIDTests: XCTestCase {
    private let sample = "0123456789abcdef0123456789abcdef01234567"

    func testFortyHexDigitsParseAndKeepTheirText() throws {
        let id = try XCTUnwrap(ObjectID(hex: sample))
        XCTAssertEqual(id.hex, sample)
        XCTAssertEqual(id.description, sample)
        XCTAssertEqual(id.short, "0123456")
    }

    func testUppercaseDigitsAreLowercased() throws {
        let id = try XCTUnwrap(ObjectID(hex: sample.uppercased()))
        XCTAssertEqual(id.hex, sample)
        XCTAssertEqual(id, ObjectID(hex: sample))
    }

    func testWrongLengthOrNonHexIsRejected() {
        XCTAssertNil(ObjectID(hex: String(sample.dropLast())))
        XCTAssertNil(ObjectID(hex: sample + "0"))
        XCTAssertNil(ObjectID(hex: "g" + sample.dropFirst()))
        XCTAssertNil(ObjectID(hex: ""))
    }

    func testLibgit2RoundTripKeepsTheSameDigits() throws {
        let id = try XCTUnwrap(ObjectID(hex: sample))
        XCTAssertEqual(ObjectID(id.oid), id)
    }

    func testTheDigitsAreWhatLibgit2FormatsForEveryByteValue() {
        for first in 0..<256 {
            var oid = git_oid()
            withUnsafeMutableBytes(of: &oid.id) { bytes in
                for index in bytes.indices { bytes[index] = UInt8((first + index * 37) & 0xFF) }
            }
            var formatted = [CChar](repeating: 0, count: 41)
            _ = formatted.withUnsafeMutableBufferPointer { git_oid_fmt($0.baseAddress, &oid) }
            XCTAssertEqual(ObjectID(oid).hex, String(cString: formatted))
        }
    }

    func testEncodesAsAPlainStringAndDecodesBack() throws {
        let id = try XCTUnwrap(ObjectID(hex: sample))
        let data = try JSONEncoder().encode([id])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[\"\(sample)\"]")
        XCTAssertEqual(try JSONDecoder().decode([ObjectID].self, from: data), [id])
    }

    func testDecodingAShortStringFails() {
        XCTAssertThrowsError(try JSONDecoder().decode([ObjectID].self, from: Data("[\"abc\"]".utf8)))
    }
}
