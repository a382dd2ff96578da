import XCTest
@testable import Extraction

final class DockerfileLexerTests: XCTestCase {
    private func instructions(_ lines: String...) -> [(Int, String, [String], String)] {
        DockerfileLexer.lex(lines.joined(separator: "\n")).instructions.map {
            ($0.line, $0.keyword, $0.flags, $0.arguments)
        }
    }

    func testPhysicalLinesDropByteOrderMarkAndLineEnds() {
        XCTAssertEqual(DockerfileLexer.physicalLines(of: "\u{FEFF}a\r\nb\r\r\n\nc\n"), ["a", "b", "", "c"])
        XCTAssertEqual(DockerfileLexer.physicalLines(of: ""), [""])
    }

    func testContinuationNeedsAnUnescapedTrailingEscapeCharacter() {
        XCTAssertTrue(DockerfileLexer.trimContinuation("RUN a \\  ", escape: "\\") == ("RUN a ", false))
        XCTAssertTrue(DockerfileLexer.trimContinuation("\\", escape: "\\") == ("", false))
        XCTAssertTrue(DockerfileLexer.trimContinuation("RUN a \\\\", escape: "\\") == ("RUN a \\\\", true))
        XCTAssertTrue(DockerfileLexer.trimContinuation("RUN a \\", escape: "`") == ("RUN a \\", true))
    }

    func testContinuationsJoinWithoutCommentOrBlankLines() {
        let lexed = instructions("RUN a \\", "  # note", "", "  b", "COPY --from=x --link \\", "  /a /b")
        XCTAssertEqual(lexed.count, 2)
        XCTAssertEqual(lexed[0].0, 1)
        XCTAssertEqual(lexed[0].3, "a   b")
        XCTAssertEqual(lexed[1].0, 5)
        XCTAssertEqual(lexed[1].2, ["--from=x", "--link"])
        XCTAssertEqual(lexed[1].3, "/a /b")
    }

    func testHeredocBodyStartsAfterTheWholeInstruction() {
        let lexed = instructions("RUN <<EOF \\", "  && true", "FROM inside", "EOF", "USER app")
        XCTAssertEqual(lexed.map(\.1), ["run", "user"])
        XCTAssertEqual(lexed.map(\.0), [1, 5])
    }

    func testHeredocWordsFollowBuildKitQuirks() {
        XCTAssertEqual(DockerfileWords.heredocs(in: "RUN 3<<EOF cat <<-'A B' <<\"C\"D"), [
            .init(name: "EOF", stripsTabs: false), .init(name: "A B", stripsTabs: true), .init(name: "CD", stripsTabs: false),
        ])
        XCTAssertEqual(DockerfileWords.heredocs(in: "RUN cat <<EOF>out"), [.init(name: "EOF>out", stripsTabs: false)])
        XCTAssertEqual(DockerfileWords.heredocs(in: "RUN cat<<EOF \"<<X\" <<"), [])
        XCTAssertEqual(DockerfileWords.heredocs(in: "RUN echo 'open <<EOF"), [])
    }

    func testDirectivesAreReadUntilTheFirstOtherLine() {
        let lexed = DockerfileLexer.lex("# Escape = `\n# syntax = example.com/frontend:1 --flag\nFROM a `\n  AS b")
        XCTAssertEqual(lexed.escapeToken, "`")
        XCTAssertEqual(lexed.syntax?.image, "example.com/frontend:1")
        XCTAssertEqual(lexed.syntax?.line, 2)
        XCTAssertEqual(lexed.instructions.map(\.arguments), ["a   AS b"])
    }

    func testSlashSlashSyntaxDirectiveIsAFallback() {
        XCTAssertEqual(ParserDirectives.syntax(in: ["// syntax=example.com/fe:1", "FROM a"])?.image, "example.com/fe:1")
        XCTAssertNil(ParserDirectives.syntax(in: ["# unknown=1", "# syntax=example.com/fe:1"]))
    }

    func testBuilderFlagsDropQuotesAndStopAtTheFirstOtherWord() {
        let (flags, rest) = DockerfileWords.builderFlags(Array("--a=\"x y\" --b='z' -- --c=1 /src".unicodeScalars)[...])
        XCTAssertEqual(flags, ["--a=x y", "--b=z"])
        XCTAssertEqual(DockerfileWords.string(rest), " --c=1 /src")
    }

    func testShellWordsKeepQuotesAndEscapes() {
        XCTAssertEqual(DockerfileWords.shellWords("A=\"a b\" B='c d' C=e\\ f", escapeToken: "\\"),
                       ["A=\"a b\"", "B='c d'", "C=e\\ f"])
    }

    func testCommaSeparatedFieldsFollowGoCSV() throws {
        XCTAssertEqual(try DockerfileWords.commaSeparatedFields("type=bind,\"from=a,b\",\"say \"\"hi\"\"\","),
                       ["type=bind", "from=a,b", "say \"hi\"", ""])
        XCTAssertThrowsError(try DockerfileWords.commaSeparatedFields("\"from=a\"b"))
        XCTAssertThrowsError(try DockerfileWords.commaSeparatedFields("from=\"a\""))
    }
}
