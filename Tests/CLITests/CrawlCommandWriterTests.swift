import Foundation
import Inventory
import TestSupport
import XCTest

/// One crawl writes a database at a time, and a crawl on a disk that fills up ends its run honestly:
/// exit code, run status and summary agree, and the next crawl after freeing space completes.
final class CrawlCommandWriterTests: XCTestCase {
    func makeFleet(in scratch: ScratchDirectory, files: Int = 1) throws -> (fixture: GitFixture, list: String) {
        let fixture = try GitFixture(in: scratch, named: "tools.git")
        var texts: [String: String] = [:]
        for index in 0..<files {
            texts["images/\(index)/Dockerfile"] = "FROM registry.example.com/platform/image-\(index):1.\(index)\n"
        }
        try fixture.commit(texts: texts, on: "main")
        try fixture.setDefaultBranch("main")
        return (fixture, try scratch.write("repos.txt", "tools.git\n"))
    }

    func testSecondWriterStopsAtOnceNamingTheCrawlThatHoldsTheDatabase() throws {
        let scratch = try ScratchDirectory()
        let fleet = try makeFleet(in: scratch)
        let database = scratch.path("c.sqlite")
        let holder = try InventoryWriterLock.acquire(databasePath: database, command: "crawl")
        defer { withExtendedLifetime(holder) {} }

        let result = try CensusRunner.run(["crawl", "--repos", fleet.list, "--db", database,
                                           "--cache", scratch.path("mirrors")])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("is being written by another census process: pid \(getpid()) on "),
                      result.stderr)
        XCTAssertTrue(result.stderr.contains("(census crawl, since "), result.stderr)
        XCTAssertTrue(result.stderr.contains("--wait"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: database), "the refused crawl created no database")
    }

    func testCrawlWithWaitStartsWhenTheHolderIsDone() throws {
        let scratch = try ScratchDirectory()
        let fleet = try makeFleet(in: scratch)
        let database = scratch.path("c.sqlite")
        var holder: InventoryWriterLock? = try InventoryWriterLock.acquire(databasePath: database, command: "crawl")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: CensusRunner.executable)
        process.arguments = ["crawl", "--wait", "--repos", fleet.list, "--db", database, "--cache", scratch.path("mirrors")]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Release the lock only once the crawl says it is waiting for it.
        var said = Data()
        while !String(decoding: said, as: UTF8.self).contains("\n") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += chunk
        }
        XCTAssertTrue(String(decoding: said, as: UTF8.self).hasPrefix("waiting for pid \(getpid()) on "),
                      String(decoding: said, as: UTF8.self))
        holder = nil
        _ = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertNil(holder)
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(try AppDatabase(path: database).latestRuns(limit: 5).map(\.status), [.ok])
    }

    /// Only root may mount the small file system a full disk needs; elsewhere the test is skipped.
    func mountSmallDisk(at folder: String, size: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard getuid() == 0 else { throw XCTSkip("mounting a small tmpfs needs root") }
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", folder]
        mount.standardError = FileHandle.nullDevice
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { throw XCTSkip("this machine does not allow mounting a tmpfs") }
        addTeardownBlock {
            let unmount = Process()
            unmount.executableURL = URL(fileURLWithPath: "/bin/umount")
            unmount.arguments = ["-l", folder]
            try? unmount.run()
            unmount.waitUntilExit()
        }
    }

    /// Fills the file system holding `folder` until `leave` bytes are free.
    func fill(_ folder: String, leaving leave: UInt64) throws -> String {
        var stats = statvfs()
        XCTAssertEqual(statvfs(folder, &stats), 0)
        let free = UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
        let filler = folder + "/filler"
        XCTAssertTrue(FileManager.default.createFile(atPath: filler, contents: Data(count: Int(free > leave ? free - leave : 0))))
        return filler
    }

    func testCrawlOnADiskThatFillsUpEndsItsRunAndSaysWhereTheDiskIsFull() throws {
        let scratch = try ScratchDirectory()
        let disk = scratch.path("disk")
        try mountSmallDisk(at: disk, size: "8m")
        let fleet = try makeFleet(in: scratch, files: 300)
        let database = disk + "/c.sqlite"
        let crawl = ["crawl", "--repos", fleet.list, "--db", database, "--cache", scratch.path("mirrors")]
        XCTAssertEqual(try CensusRunner.run(crawl).status, 0)

        // However little room is left, the run never stays `running` and the exit code says what happened.
        // A crawl that fills the disk ends its run in the space the lock file holds back, and gives that
        // space up; the next command, with less free than the reserve, is refused before it writes (it
        // could not end a run). With the reserve and a little more free, crawls fill the disk again.
        var refused = 0, ended = 0
        for (round, free) in [0, 16, 24, 48, 64, 96, 160].enumerated() {
            try fleet.fixture.commit(texts: ["images/0/Dockerfile": "FROM registry.example.com/platform/image-0:\(round)\n"],
                                     on: "main")
            let filler = try fill(disk, leaving: UInt64(free) * 1024)
            let result = try CensusRunner.run(crawl)
            try FileManager.default.removeItem(atPath: filler)
            let output = result.stdout + result.stderr
            let runs = try AppDatabase(path: database).latestRuns(limit: 20)
            XCTAssertFalse(runs.contains { $0.status == .running }, "\(free) KiB free: \(runs)\n\(output)")
            switch result.status {
            case 0:
                XCTAssertEqual(runs.first?.status, .ok, "\(free) KiB free\n\(output)")
            case 2:
                XCTAssertTrue(output.contains("the disk holding \(disk) is full"), "\(free) KiB free\n\(output)")
                if output.contains("census keeps 1 MiB there to end a run on a full disk") { refused += 1 }
            case 3:
                ended += 1
                XCTAssertEqual(runs.first?.status, .partial, "\(free) KiB free\n\(output)")
                XCTAssertTrue(output.contains("1 repository failed:"), output)
                XCTAssertTrue(output.contains("the disk holding \(disk) is full"), "\(free) KiB free\n\(output)")
            default:
                XCTFail("exit \(result.status) with \(free) KiB free\n\(output)")
            }
        }

        XCTAssertGreaterThanOrEqual(ended, 1, "a crawl filled the disk and ended its run")
        XCTAssertGreaterThanOrEqual(refused, 1, "after a crawl used the reserve, the next one with less free is refused")
        let after = try CensusRunner.run(crawl)
        XCTAssertEqual(after.status, 0, after.stdout + after.stderr)
        let runs = try AppDatabase(path: database).latestRuns(limit: 20)
        XCTAssertEqual(runs.first?.status, .ok)
        XCTAssertEqual(try AppDatabase(path: database).currentReferences().filter(\.stale).count, 0)
    }
}
