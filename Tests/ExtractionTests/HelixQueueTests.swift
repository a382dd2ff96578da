import XCTest
@testable import Extraction

final class HelixQueueTests: XCTestCase {
    let prereqs = "mcr.microsoft.com/dotnet-buildtools/prereqs"

    func pairs(_ text: String) -> [[String]] {
        HelixQueue.queueImages(in: text).map { [$0.raw, $0.image] }
    }

    func testADockerQueueStringNamesItsImage() {
        let queue = "(Debian.12.Amd64.Open)Ubuntu.2204.Amd64.Open@\(prereqs):debian-12-helix-amd64"
        XCTAssertEqual(pairs(queue), [[queue, "\(prereqs):debian-12-helix-amd64"]])
    }

    func testPlusJoinedAndSemicolonSeparatedListsGiveEveryQueue() {
        let a = "(Alpine.321.Amd64.Open)AzureLinux.3.Amd64.Open@\(prereqs):alpine-3.21-helix-amd64"
        let b = "(Fedora.41.Amd64.Open)Ubuntu.2204.Amd64.Open@\(prereqs):fedora-41-helix"
        XCTAssertEqual(pairs("\(a)+Windows.11.Amd64.Client.Open+\(b)"),
                       [[a, "\(prereqs):alpine-3.21-helix-amd64"], [b, "\(prereqs):fedora-41-helix"]])
        XCTAssertEqual(pairs("\(a);\(b);"), [[a, "\(prereqs):alpine-3.21-helix-amd64"], [b, "\(prereqs):fedora-41-helix"]])
    }

    func testMacrosInsideTheImageStayPartOfIt() {
        let text = "(Ubuntu.2404.Arm64.Open)Ubuntu.2204.ArmArch.Open@\(prereqs):ubuntu-24.04-helix-${{ parameters.arch }}"
        XCTAssertEqual(pairs(text), [[text, "\(prereqs):ubuntu-24.04-helix-${{ parameters.arch }}"]])
        let msbuild = "(Debian.12.Amd64)$(QueuePrefix)Ubuntu.2204.Amd64$(QueueSuffix)@\(prereqs):debian-12-helix-$(Arch)"
        XCTAssertEqual(pairs(msbuild), [[msbuild, "\(prereqs):debian-12-helix-$(Arch)"]])
    }

    func testADigestAfterTheImageIsKept() {
        let text = "(Mariner)Ubuntu.2204.Amd64.Open@\(prereqs)@sha256:\(String(repeating: "a", count: 64))"
        XCTAssertEqual(pairs(text).map { $0[1] }, ["\(prereqs)@sha256:\(String(repeating: "a", count: 64))"])
    }

    func testBareQueueNamesAndAddressesAreNotImages() {
        XCTAssertEqual(pairs("Ubuntu.2204.Amd64.Open"), [])
        XCTAssertEqual(pairs("Windows.10.Amd64.Open+OSX.1200.Amd64.Open"), [])
        XCTAssertEqual(pairs("contact dnceng@example.com or first.last@microsoft.com"), [])
        XCTAssertEqual(pairs("git@github.com:dotnet/runtime.git"), [])
        XCTAssertEqual(pairs("$(HelixQueue)@$(Image)"), [])
    }

    func testAQueueWithoutDisplayNameNeedsADottedHostAndARepositoryPath() {
        let text = "Ubuntu.2204.Amd64.Open@\(prereqs):ubuntu-22.04-helix-amd64"
        XCTAssertEqual(pairs(text), [[text, "\(prereqs):ubuntu-22.04-helix-amd64"]])
    }

    func testScanPlacesEachQueueOfAMultiLineValueOnItsLine() {
        let value = "(A)Ubuntu.2204.Amd64.Open@img.example.com/a:1;\n  (B)Ubuntu.2204.Amd64.Open@img.example.com/b:$(Tag)"
        let facts = HelixQueue.scan(value: value, line: 10, context: "HelixTargetQueues")
        XCTAssertEqual(facts, [
            ReferenceFact(line: 10, kind: "helix/queue", context: "HelixTargetQueues",
                          raw: "(A)Ubuntu.2204.Amd64.Open@img.example.com/a:1", value: .literal("img.example.com/a:1")),
            ReferenceFact(line: 11, kind: "helix/queue", context: "HelixTargetQueues",
                          raw: "(B)Ubuntu.2204.Amd64.Open@img.example.com/b:$(Tag)",
                          value: .unresolved(reason: "the image of the Helix queue contains a variable: img.example.com/b:$(Tag)")),
        ])
    }

    func testHelixQueuesInPipelineParametersAreReferencesAtTheirLines() {
        let files = ["eng/pipelines/libraries/helix-queues.yml": """
            variables:
              helixArch: amd64
            jobs:
            - template: /eng/pipelines/helix.yml
              parameters:
                helixQueues: (Debian.12.Amd64.Open)Ubuntu.2204.Amd64.Open@mcr.microsoft.com/dotnet-buildtools/prereqs:debian-12-helix-amd64+Windows.11.Amd64.Client.Open
                queueList:
                - ${{ if eq(variables['System.TeamProject'], 'public') }}:
                  - (Fedora.41.Amd64.Open)Ubuntu.2204.Amd64.Open@mcr.microsoft.com/dotnet-buildtools/prereqs:fedora-41-helix-$(helixArch)
                HelixTargetQueues: |
                  Ubuntu.2204.Amd64.Open;
                  (Ubuntu.2404.Arm64.Open)Ubuntu.2204.ArmArch.Open@mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-24.04-helix-arm64v8
            """]
        let path = "eng/pipelines/libraries/helix-queues.yml"
        let call = "template[/eng/pipelines/helix.yml].parameters"
        XCTAssertEqual(TestBranch.rows(files), [
            ReferenceRow(path, 6, "helix/queue", "\(call).helixQueues",
                         raw: "(Debian.12.Amd64.Open)Ubuntu.2204.Amd64.Open@\(prereqs):debian-12-helix-amd64",
                         image: "\(prereqs):debian-12-helix-amd64"),
            ReferenceRow(path, 9, "helix/queue",
                         "\(call).queueList (under ${{ if eq(variables['System.TeamProject'], 'public') }})",
                         raw: "(Fedora.41.Amd64.Open)Ubuntu.2204.Amd64.Open@\(prereqs):fedora-41-helix-$(helixArch)",
                         image: "\(prereqs):fedora-41-helix-amd64"),
            ReferenceRow(path, 12, "helix/queue", "\(call).HelixTargetQueues",
                         raw: "(Ubuntu.2404.Arm64.Open)Ubuntu.2204.ArmArch.Open@\(prereqs):ubuntu-24.04-helix-arm64v8",
                         image: "\(prereqs):ubuntu-24.04-helix-arm64v8"),
        ])
    }

    // MARK: - Bounds

    func testAnAtFollowedByManyMacroOpeningsIsScannedInLinearSteps() {
        // 164 KB of this took 24 s: every `${` and `$(` searched the rest of the scalar for its close.
        let text = "(Q)Ubuntu.2204.Amd64@\(prereqs):" + String(repeating: "${$(", count: 40_000)
        let budget = ExtractionBudget(steps: 2 * text.count)
        let found = HelixQueue.queueImages(in: text, budget: budget)
        XCTAssertNil(budget.exhaustion, "two steps per character are enough")
        XCTAssertEqual(found.count, 1)
    }

    func testManyAtSignsAreScannedInLinearSteps() {
        let text = String(repeating: "=a.b.c@x", count: 20_000) + "/y"
        let budget = ExtractionBudget(steps: 2 * text.count)
        _ = HelixQueue.queueImages(in: text, budget: budget)
        XCTAssertNil(budget.exhaustion, "two steps per character are enough")
    }

    func testMacrosAroundTheHostAreStillKeptWhole() {
        XCTAssertEqual(pairs("x (N)$(Prefix)Ubuntu.2204.Amd64@\(prereqs):a $(P)@b"),
                       [["(N)$(Prefix)Ubuntu.2204.Amd64@\(prereqs):a", "\(prereqs):a"]])
        XCTAssertEqual(pairs("(N)h.i.j@\(prereqs):t..."), [["(N)h.i.j@\(prereqs):t", "\(prereqs):t"]])
    }

    func testQueuesOnLaterLinesOfAValueGetTheirLines() {
        let value = "(A)a.b.c@\(prereqs):1\n\n(B)a.b.c@\(prereqs):2\n(C)a.b.c@\(prereqs):3"
        XCTAssertEqual(HelixQueue.scan(value: value, line: 10).map(\.line), [10, 12, 13])
    }
}
