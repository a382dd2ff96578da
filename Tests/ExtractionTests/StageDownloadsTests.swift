import XCTest
@testable import Extraction

/// The downloads a Dockerfile records as unchecked, read from the fixtures in `Fixtures/Downloads` (see its
/// README): every URL of a fixture not listed here is one census must not record.
final class StageDownloadsTests: XCTestCase {
    /// One recorded download: line, kind (`download` or `download-to-shell`), URL as written, and URL once
    /// ARG/ENV values are substituted.
    private struct Download: Equatable, CustomStringConvertible {
        var line: Int
        var kind: String
        var written: String
        var url: String
        var context: String

        var description: String { "\(line) \(kind) \(written) -> \(url) (\(context))" }
    }

    private func downloads(in fixture: String) throws -> [Download] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/Downloads/\(fixture)", withExtension: nil))
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        let facts = DockerfileExtractor.extract(text: text)
        return facts.references.filter { ReferenceRole(kind: $0.kind) == .download }.map { fact in
            guard case .literal(let url) = fact.value else { return Download(line: fact.line, kind: fact.kind, written: fact.raw, url: "?", context: "") }
            return Download(line: fact.line, kind: String(fact.kind.dropFirst("dockerfile/".count)), written: fact.raw, url: url,
                            context: fact.context ?? "")
        }
    }

    private func note(_ line: Int, _ url: String, _ context: String, written: String? = nil) -> Download {
        Download(line: line, kind: "download", written: written ?? url, url: url, context: context)
    }

    private func toShell(_ line: Int, _ url: String, _ context: String) -> Download {
        Download(line: line, kind: "download-to-shell", written: url, url: url, context: context)
    }

    func testContinuationLinesGiveTheLineTheURLIsWrittenOnAndArgumentsAreSubstituted() throws {
        XCTAssertEqual(try downloads(in: "continuation.Dockerfile"), [
            note(9, "https://example.com/tool/1.4.2/tool-linux-x64.tgz", "stage build: curl",
                 written: "https://example.com/tool/${TOOL_VERSION}/tool-linux-x64.tgz"),
            note(11, "https://example.com/other/other.tgz", "stage build: wget"),
            note(12, "https://example.com/other/second.tgz", "stage build: wget"),
        ])
    }

    func testHeredocScriptsAreReadAndHeredocDataIsNot() throws {
        XCTAssertEqual(try downloads(in: "heredoc.Dockerfile"), [
            note(6, "https://example.com/app.tgz", "stage 0: curl"),
            toShell(10, "https://example.com/setup.sh", "stage 0: wget | sh"),
            note(28, "https://example.com/after-heredocs.tgz", "stage 0: curl"),
        ])
    }

    func testPowerShellStagesCountAComparedGetFileHashAndPipesIntoInvokeExpression() throws {
        XCTAssertEqual(try downloads(in: "powershell.Dockerfile"), [
            note(7, "https://example.com/printed.zip", "stage tools: Invoke-WebRequest"),
            toShell(9, "https://example.com/install.ps1", "stage tools: Invoke-WebRequest | iex"),
            // A stage built FROM a PowerShell stage keeps its SHELL.
            note(11, "https://example.com/child.zip", "stage child: Invoke-WebRequest"),
            // `powershell -Command "…"` in a stage without SHELL is read as PowerShell.
            note(13, "https://example.com/inner.zip", "stage 2: Invoke-WebRequest"),
        ])
    }

    func testAddWithoutChecksumIsADownloadAndAddWithChecksumOrAPinnedCommitIsNot() throws {
        XCTAssertEqual(try downloads(in: "add.Dockerfile"), [
            note(3, "https://example.com/plain.tgz", "stage 0: ADD"),
            note(5, "https://github.com/moby/buildkit.git#v0.14.1", "stage 0: ADD"),
            note(8, "https://example.com/releases/from-arg.tgz", "stage 0: ADD", written: "${RELEASE}/from-arg.tgz"),
            note(10, "https://example.com/continued.tgz", "stage 0: ADD"),
            note(12, "https://example.com/exec-form.tgz", "stage 0: ADD"),
        ])
    }

    func testDownloadsPipedIntoAShellAreToShellAndOtherPipesAreNot() throws {
        XCTAssertEqual(try downloads(in: "pipe-to-shell.Dockerfile"), [
            toShell(2, "https://example.com/install.sh", "stage 0: curl | sh"),
            toShell(3, "https://example.com/install-bash.sh", "stage 0: curl | bash"),
            toShell(4, "https://example.com/wget-install.sh", "stage 0: wget | sh"),
            toShell(5, "https://example.com/wget-quiet.sh", "stage 0: wget | bash"),
            toShell(6, "https://example.com/inner.sh", "stage 0: curl | sh"),
            note(7, "https://example.com/archive.tgz", "stage 0: curl"),
            // `||` is no pipe, and the echoed URL is no download.
            note(8, "https://example.com/health", "stage 0: curl"),
            toShell(9, "https://bootstrap.example.com/get-tool.py", "stage 0: curl | python3"),
            toShell(10, "https://example.com/sudo.sh", "stage 0: curl | bash"),
            toShell(11, "https://getcomposer.example.com/installer", "stage 0: curl | php"),
            // What `bash -c` runs is what the substitution captures.
            toShell(12, "https://example.com/brew-install.sh", "stage 0: curl | bash"),
        ])
    }

    func testPackageManagersAndTheKeysTheyTrustAreNotDownloadsButAPackageFileIs() throws {
        XCTAssertEqual(try downloads(in: "package-managers.Dockerfile"), [
            note(9, "https://example.com/package.deb", "stage apt: curl"),
            note(10, "https://bootstrap.pypa.io/get-pip.py", "stage apt: curl"),
        ])
    }

    func testURLsOutsideADownloadCommandAreNotDownloads() throws {
        XCTAssertEqual(try downloads(in: "lookalikes.Dockerfile"), [
            // The URL is written in ENV; the download is where curl uses it.
            note(13, "https://example.com/env.tgz", "stage 0: curl", written: "$DOWNLOAD_URL"),
            // Lines 14 and 15 read a version number as text: nothing is installed from them.
        ])
    }

    func testOnlyACheckNamingTheFileInTheSameStageVerifiesIt() throws {
        XCTAssertEqual(try downloads(in: "verification.Dockerfile"), [
            note(3, "https://example.com/b.tgz", "stage build: curl"),
            note(16, "https://example.com/md5.tgz", "stage build: curl"),
            note(17, "https://example.com/printed.tgz", "stage build: curl"),
            note(20, "https://example.com/other-stage.tgz", "stage build: curl"),
        ])
    }

    func testAChecksumListADownloadBringsCoversTheFilesOfItsRunFromItsHost() throws {
        XCTAssertEqual(try downloads(in: "checksum-lists.Dockerfile"), [
            // `sha512sum -c $v-sha.txt --ignore-missing` covers the runtime from the list's host, not this one.
            note(7, "https://elsewhere.example.org/extra.tgz", "stage lists: curl"),
        ])
    }

    func testAWindowsRunOfPowershellCommandIsPowerShellAndAHashIsCheckedWhereItsVariableIsCompared() throws {
        XCTAssertEqual(try downloads(in: "windows-cmd.Dockerfile"), [
            note(12, "https://example.com/tool.zip", "stage installer: Invoke-WebRequest"),
            note(14, "https://example.com/git.exe", "stage installer: curl"),
        ])
    }

    func testChecksumAndSignatureFilesAreVerificationMaterial() {
        for name in ["x.tgz.sha256", "x.tgz.asc", "SHA256SUMS", "SHASUMS256.txt", "8.0.1-sha.txt", "$dotnet_checksums_file", "x.sig"] {
            XCTAssertTrue(StageDownloads.isVerificationMaterial(name), name)
        }
        for name in ["x.tgz", "sharp.zip", "install.sh", "shasta.exe"] {
            XCTAssertFalse(StageDownloads.isVerificationMaterial(name), name)
        }
    }

    func testADownloadIsNotAnImageAndKeepsItsURL() {
        let facts = DockerfileExtractor.extract(text: "FROM alpine\nRUN curl -fsSLo /x https://example.com/x.tgz")
        let fact = facts.references[1]
        let reference = Reference(path: "Dockerfile", fact: fact, image: "https://example.com/x.tgz", unresolvedReason: nil)
        XCTAssertEqual(reference.role, .download)
        XCTAssertEqual(reference.image, "https://example.com/x.tgz")
        XCTAssertTrue(reference.resolved)
        XCTAssertFalse(reference.valid, "no valid image: a URL does not count among the valid images of the standard share")
        XCTAssertNil(reference.normalized)
        XCTAssertEqual(reference.reason, "a URL the Dockerfile downloads, not an image reference")
        XCTAssertFalse(reference.role.bringsInImage)
    }

    func testAnOnbuildDownloadIsNotReadSinceItRunsInAnotherBuild() {
        let facts = DockerfileExtractor.extract(text: "FROM alpine\nONBUILD RUN curl -fsSL https://example.com/x.sh | sh")
        XCTAssertEqual(facts.references.map(\.kind), ["dockerfile/from"])
    }

    func testTheFileAWriterNamesIsFoundForEachTool() {
        func output(_ program: String, _ words: String...) -> String? {
            StageDownloads.outputFile(of: program, arguments: words.map { ScriptWord(segments: [.text($0)], line: 1) })
        }
        XCTAssertEqual(output("curl", "-fsSLo", "/tmp/a", "https://x/a.tgz"), "/tmp/a")
        XCTAssertEqual(output("curl", "-o/tmp/b", "https://x/b.tgz"), "/tmp/b")
        XCTAssertEqual(output("curl", "--output", "c", "https://x/c.tgz"), "c")
        XCTAssertEqual(output("curl", "-fsSLO", "https://x/d.tgz?raw=1"), StageDownloads.remoteName)
        XCTAssertEqual(output("curl", "--remote-name", "https://x/d.tgz"), StageDownloads.remoteName)
        // `-X POST` takes a value: the `O` of `-XPOST` is no remote-name option.
        XCTAssertNil(output("curl", "-XPOST", "https://x/e"))
        XCTAssertEqual(output("wget", "-qO-", "https://x/f"), "-")
        XCTAssertEqual(output("wget", "-O", "g", "https://x/g"), "g")
        XCTAssertEqual(output("wget", "--output-document=h", "https://x/h"), "h")
        XCTAssertNil(output("wget", "https://x/i.tgz"))
        XCTAssertEqual(output("invoke-webrequest", "-Uri", "https://x/j", "-OutFile", "C:\\j.zip"), "C:\\j.zip")
        XCTAssertNil(output("invoke-webrequest", "https://x/k"))
    }

    func testMentionsNeedTheWholeFileNameNotAPartOfIt() {
        XCTAssertTrue(StageDownloads.mentions(["abc  /tmp/a.tgz"], "a.tgz"))
        XCTAssertTrue(StageDownloads.mentions(["a.tgz.sha256"], "a.tgz"))
        XCTAssertTrue(StageDownloads.mentions([" a.tgz$"], "a.tgz"))
        XCTAssertFalse(StageDownloads.mentions(["abc  ba.tgz"], "a.tgz"))
        XCTAssertFalse(StageDownloads.mentions(["abc  a.tgzip"], "a.tgz"))
    }

    func testReadingDownloadsSpendsTheFileBudgetAndStopsWithAWarning() {
        let text = "FROM alpine\n" + String(repeating: "RUN curl -fsSLo /tmp/x https://example.com/x.tgz\n", count: 200)
        let facts = DockerfileExtractor.extract(text: text, budget: ExtractionBudget(steps: 2000))
        XCTAssertEqual(facts.warnings.count, 1)
        XCTAssertTrue(facts.warnings.first?.message.hasPrefix("stopped reading") == true, "\(facts.warnings)")
        let downloads = facts.references.filter { $0.kind == "dockerfile/download" }
        XCTAssertGreaterThan(downloads.count, 0)
        XCTAssertLessThan(downloads.count, 200)
    }

    func testAManyDownloadFileStaysWithinItsBudget() {
        let text = "FROM alpine\n" + String(repeating: "RUN curl -fsSL https://example.com/x.sh | sh && echo \"a  x\" | sha256sum -c -\n", count: 5000)
        let facts = DockerfileExtractor.extract(text: text)
        XCTAssertEqual(facts.warnings.map(\.message), [
            "stage 0 has more than 1000 downloads or checks; 8000 more are not checked for unverified downloads",
        ])
        XCTAssertEqual(facts.references.count, 1 + StageDownloads.maxDownloads)
    }
}
