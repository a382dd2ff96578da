import Foundation
import TestSupport
import XCTest

/// Counts in the main outputs read as English: one of a thing is singular, two plural.
final class CountWordingTests: XCTestCase {
    func testTheCrawlLogAndSummaryAreSingularForOneAndPluralForTwo() throws {
        let scratch = try ScratchDirectory()
        let one = try GitFixture(in: scratch, named: "one.git")
        try one.commit(texts: ["Dockerfile": "FROM alpine:3.20\n"], on: "main")
        try one.setDefaultBranch("main")
        let list = try scratch.write("one.txt", "one.git\n")
        let crawl = ["--db", scratch.path("c.sqlite"), "--cache", scratch.path("mirrors")]

        let single = try CensusRunner.run(["crawl", "--repos", list] + crawl, in: scratch.path)
        XCTAssertEqual(single.status, 0, single.stderr)
        XCTAssertTrue(single.stderr.contains("run 1: crawling 1 repository\n"), single.stderr)
        XCTAssertTrue(single.stderr.contains("ok one: 1 branch, 1 reference ("), single.stderr)
        XCTAssertEqual(single.stdout, "run 1: 1 repository, 1 branch, 1 reference\n")

        let two = try GitFixture(in: scratch, named: "two.git")
        let main = try two.commit(texts: ["Dockerfile": "FROM alpine:3.20\nFROM ubuntu:24.04\n"], on: "main")
        try two.commit(texts: ["Dockerfile": "FROM alpine:3.19\nFROM ubuntu:22.04\n"], on: "release/1.0", parents: [main])
        try two.setDefaultBranch("main")
        let both = try scratch.write("two.txt", "one.git\ntwo.git branches=main,release/*\n")

        let plural = try CensusRunner.run(["crawl", "--repos", both] + crawl, in: scratch.path)
        XCTAssertEqual(plural.status, 0, plural.stderr)
        XCTAssertTrue(plural.stderr.contains("run 2: crawling 2 repositories\n"), plural.stderr)
        XCTAssertTrue(plural.stderr.contains("ok two: 2 branches, 4 references ("), plural.stderr)
        XCTAssertEqual(plural.stdout, "run 2: 2 repositories, 3 branches, 5 references\n")
    }

    func testTheFailureListAndThePolicyRunLineCountInWords() throws {
        let scratch = try ScratchDirectory()
        let one = try GitFixture(in: scratch, named: "one.git")
        try one.commit(texts: ["Dockerfile": "FROM ubuntu:24.04\n"], on: "main")
        try one.setDefaultBranch("main")
        try scratch.write("policy.yml", "approvedBaseImages: [mcr.microsoft.com/azurelinux/base/core]\n")
        let list = try scratch.write("repos.txt", "one.git\nmissing-a.git\nmissing-b.git\n")

        let result = try CensusRunner.run(["crawl", "--repos", list, "--db", scratch.path("c.sqlite"),
                                           "--cache", scratch.path("mirrors"), "--policy", scratch.path("policy.yml")])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stdout.contains("run 1: 3 repositories, 1 branch, 1 reference\n2 repositories failed:\n"),
                      result.stdout)
        XCTAssertTrue(result.stdout.contains("run 1: 1 finding, 1 distinct"), result.stdout)
    }

    func testTheCheckSummaryIsSingularForOneAndPluralForTwo() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("policy.yml", "approvedBaseImages: [mcr.microsoft.com/azurelinux/base/core]\n")
        try scratch.write("one/Dockerfile", "FROM ubuntu:24.04\n")
        try scratch.write("two/Dockerfile", "FROM ubuntu:24.04 AS build\nFROM debian:12\n")

        let single = try CensusRunner.run(["check", "one", "--policy", "policy.yml", "--format", "table"], in: scratch.path)
        XCTAssertTrue(single.stdout.hasSuffix("1 reference: 1 error, 0 warnings, 0 notes\n"), single.stdout + single.stderr)

        let plural = try CensusRunner.run(["check", "two", "--policy", "policy.yml", "--format", "table"], in: scratch.path)
        XCTAssertTrue(plural.stdout.hasSuffix("2 references: 2 errors, 0 warnings, 0 notes\n"), plural.stdout + plural.stderr)
    }
}
