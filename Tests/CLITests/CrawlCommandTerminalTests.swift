import Foundation
import Inventory
import TestSupport
import XCTest

/// `census crawl` as a person at a terminal meets it: the progress line on a real terminal (a pty,
/// through util-linux `script`), Ctrl-C, and a server that never answers.
final class CrawlCommandTerminalTests: XCTestCase {
    private var scratch: ScratchDirectory!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
    }

    /// A local repository `name.git` whose main branch holds one Dockerfile.
    private func repository(_ name: String) throws {
        let fixture = try GitFixture(in: scratch, named: name + ".git")
        try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.20\n"], on: "main")
        try fixture.setDefaultBranch("main")
    }

    private func crawl(_ list: String, _ extra: [String] = []) -> [String] {
        ["crawl", "--repos", list, "--db", scratch.path("c.sqlite"), "--cache", scratch.path("mirrors")] + extra
    }

    func testTheProgressLineNeverWrapsOnAnEightyColumnTerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            throw XCTSkip("util-linux script is needed to give census a terminal")
        }
        var lines: [String] = []
        for index in 0..<12 {
            let name = String(format: "build-infrastructure-pipelines-%02d", index)
            try repository(name)
            lines.append("\(name).git name=contoso-platform/\(name)")
        }
        let list = try scratch.write("repos.txt", lines.joined(separator: "\n") + "\n")
        let census = ([CensusRunner.executable] + crawl(list, ["--jobs", "2"]))
            .map { "'" + $0.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }.joined(separator: " ")
        let command = "stty cols 80 rows 24; exec " + census

        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        script.arguments = ["--quiet", "--return", "--command", command, "/dev/null"]
        script.currentDirectoryURL = URL(fileURLWithPath: scratch.path)
        let output = Pipe()
        script.standardOutput = output
        script.standardInput = FileHandle.nullDevice
        try script.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        script.waitUntilExit()
        XCTAssertEqual(script.terminationStatus, 0, text)

        // What each redraw leaves on screen: the text between carriage returns and newlines.
        let rows = text.replacingOccurrences(of: "\u{1B}[K", with: "")
            .split(omittingEmptySubsequences: true) { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        let status = rows.filter { $0.hasPrefix("[") }
        XCTAssertFalse(status.isEmpty, "no progress line on a terminal: \(text)")
        XCTAssertTrue(status.contains { $0.contains("— contoso-platform/") && $0.contains("…") },
                      "long names are shortened in the middle: \(status)")
        for row in status {
            XCTAssertLessThan(Self.columns(row), 80, "wraps at 80 columns: \(row)")
        }
        XCTAssertTrue(text.contains("run 1: 12 repositories, 12 branches, 12 references"), text)
    }

    func testCtrlCEndsTheCrawlSayingWhatWasRecordedAndTheNextCrawlFinishesIt() throws {
        try repository("good")
        let listener = try SilentListener()
        defer { listener.close() }
        let list = try scratch.write("repos.txt", "good.git\nhttp://127.0.0.1:\(listener.port)/hung.git\n")

        // Interrupt once the good repository is recorded: the other one hangs until then.
        let crawling = try InterruptibleCrawl(crawl(list, ["--timeout", "600"]), in: scratch.path)
        var said = crawling.standardError(until: "ok good: ")
        crawling.process.interrupt()
        said += crawling.remainingStandardError()
        let process = crawling.process
        process.waitUntilExit()

        XCTAssertEqual(process.terminationReason, .exit, said)
        XCTAssertEqual(process.terminationStatus, 130, said)
        XCTAssertTrue(said.contains("census: interrupted; run 1 recorded 1 of 2 repositories, which are kept.\n"
                                    + "The next census crawl marks run 1 interrupted and finishes the crawl"), said)

        listener.close()
        let goodOnly = try scratch.write("good.txt", "good.git\n")
        let next = try CensusRunner.run(crawl(goodOnly), in: scratch.path)
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertTrue(next.stderr.contains("note: run 1 was interrupted; its recorded branches are kept"), next.stderr)
        let runs = try AppDatabase(path: scratch.path("c.sqlite")).latestRuns(limit: 5)
        XCTAssertEqual(runs.map(\.status), [.ok, .interrupted])
    }

    /// Ctrl-C the moment the crawl has begun, many times over: each must end the crawl with 130. The
    /// watcher was once registered on another thread after SIGINT was already ignored, so a Ctrl-C in
    /// between was lost and the crawl waited out its whole timeout (seen under load in the full suite).
    func testCtrlCAtTheVeryStartOfACrawlIsNeverLost() throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let list = try scratch.write("repos.txt", "http://127.0.0.1:\(listener.port)/hung.git\n")
        for attempt in 1...20 {
            let crawling = try InterruptibleCrawl(crawl(list, ["--timeout", "600"]), in: scratch.path)
            let process = crawling.process
            // "run N: crawling" is printed once Ctrl-C is caught; interrupt right then.
            var said = crawling.standardError(until: ": crawling ")
            process.interrupt()
            if crawling.ended.wait(timeout: .now() + 30) == .timedOut {
                process.terminate()
                XCTFail("attempt \(attempt): Ctrl-C was lost, the crawl kept running: \(said)")
                return
            }
            process.waitUntilExit()
            said += crawling.remainingStandardError()
            XCTAssertEqual(process.terminationReason, .exit, "attempt \(attempt): \(said)")
            XCTAssertEqual(process.terminationStatus, 130, "attempt \(attempt): \(said)")
            XCTAssertTrue(said.contains("census: interrupted; run \(attempt) recorded 0 of 1 repository"),
                          "attempt \(attempt): \(said)")
        }
    }

    func testAServerThatNeverAnswersIsRecordedAsTimedOutAfterTheGivenSeconds() throws {
        try repository("good")
        let listener = try SilentListener()
        defer { listener.close() }
        let hung = "http://127.0.0.1:\(listener.port)/hung.git"
        let list = try scratch.write("repos.txt", "good.git\n\(hung)\n")

        let result = try CensusRunner.run(crawl(list, ["--timeout", "1"]), in: scratch.path)

        XCTAssertEqual(result.status, 3, result.stderr)
        let message = "\(hung) did not answer within 1 s; it is skipped this run"
        XCTAssertTrue(result.stdout.contains("1 repository failed:\n  hung: \(message)\n"), result.stdout)
        let database = try AppDatabase(path: scratch.path("c.sqlite"))
        let run = try XCTUnwrap(database.latestRuns(limit: 1).first)
        XCTAssertEqual(try database.failedRepositories(runID: run.id).map(\.error), [message])
    }

    /// Terminal columns of a row (wide characters count twice).
    private static func columns(_ row: Substring) -> Int {
        row.reduce(0) { total, character in
            let scalar = character.unicodeScalars.first?.value ?? 0
            let wide = (0x1100...0x115F).contains(scalar) || (0x2E80...0xA4CF).contains(scalar)
                || (0xAC00...0xD7A3).contains(scalar) || (0xFF00...0xFF60).contains(scalar)
            return total + (wide ? 2 : 1)
        }
    }
}

/// A `census` process started with its standard error on a pipe, to be interrupted mid-crawl.
private struct InterruptibleCrawl {
    let process = Process()
    private let errors = Pipe()
    /// Signalled when the process has ended.
    let ended = DispatchSemaphore(value: 0)

    init(_ arguments: [String], in folder: String) throws {
        process.executableURL = URL(fileURLWithPath: CensusRunner.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let ended = ended
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
    }

    /// Standard error read until it holds `text` (or ends).
    func standardError(until text: String) -> String {
        var said = ""
        while !said.contains(text) {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += String(decoding: chunk, as: UTF8.self)
        }
        return said
    }

    /// The rest of standard error, up to its end.
    func remainingStandardError() -> String {
        String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}
