import Foundation
import Inventory
import TestSupport
import XCTest

final class CensusVersionTests: XCTestCase {
    func testVersionIsPrintedShownInHelpAndRecordedInEveryRun() throws {
        let version = try CensusRunner.run(["--version"])
        XCTAssertEqual(version.status, 0, version.stderr)
        let number = version.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertNotNil(number.range(of: #"^\d+\.\d+\.\d+"#, options: .regularExpression), number)

        let help = try CensusRunner.run(["--help"])
        XCTAssertTrue(help.stdout.contains("--version"), help.stdout)

        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "tools.git")
        try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.20\n"], on: "main")
        try fixture.setDefaultBranch("main")
        let list = try scratch.write("repos.txt", "tools.git\n")
        let crawl = try CensusRunner.run(["crawl", "--repos", list, "--db", scratch.path("c.sqlite"),
                                          "--cache", scratch.path("mirrors")], in: scratch.path)
        XCTAssertEqual(crawl.status, 0, crawl.stderr)
        let runs = try AppDatabase(path: scratch.path("c.sqlite")).latestRuns(limit: 5)
        XCTAssertEqual(runs.map(\.censusVersion), [number])
    }
}
