import XCTest
@testable import Extraction

final class ComposeEnvFileExtractorTests: XCTestCase {
    /// `(name, value, line)` of every definition of an `.env` file.
    func definitions(_ text: String) -> [String] {
        facts(".env", text).definitions.map { "\($0.name)=\($0.value)@\($0.line)" }
    }

    func testEnvFileDefinesVariablesWithComposeSyntax() {
        XCTAssertEqual(definitions("""
        # images of the stack
        COMPOSE_PROJECT_NAME=stack

        export RELAY_IMAGE=ghcr.io/example/relay:nightly
        SNUBA_IMAGE = ghcr.io/example/snuba:nightly # the query service
        HASH=example/app#1
        QUOTED="ghcr.io/example/web:1.2" # after the quote
        LITERAL='$TAG'
        TAG=24.1
        WEB=ghcr.io/example/web:${TAG}
        FALLBACK="redis:${REDIS_TAG:-7.4}"
        """), [
            "COMPOSE_PROJECT_NAME=stack@2",
            "RELAY_IMAGE=ghcr.io/example/relay:nightly@4",
            "SNUBA_IMAGE=ghcr.io/example/snuba:nightly@5",
            "HASH={{compose/env-withheld:HASH}}@6",
            "QUOTED=ghcr.io/example/web:1.2@7",
            "LITERAL={{compose/env-withheld:LITERAL}}@8",
            "TAG=24.1@9",
            "WEB=ghcr.io/example/web:24.1@10",
            "FALLBACK=redis:7.4@11",
        ])
    }

    func testValueBuiltFromAShellVariableIsUnknown() {
        XCTAssertEqual(definitions("IMAGE=${REGISTRY}/app:1\nNEXT=$IMAGE\n"), [
            "IMAGE={{compose/env-unknown:IMAGE}}@1",
            "NEXT={{compose/env-unknown:NEXT}}@2",
        ])
    }

    func testDoubleQuotedValueMaySpanLinesAndSingleQuotesAreLiteral() {
        // A's value spans two lines (and holds a newline, so it is no image part); B=… inside it is not a line.
        XCTAssertEqual(definitions("A=\"x\nB=y:1\"\nB='ghcr.io/x/y:1'\nC='a$B'\n"),
                       ["A={{compose/env-withheld:A}}@1", "B=ghcr.io/x/y:1@3", "C={{compose/env-withheld:C}}@4"])
    }

    func testAQuoteNeverClosedIsWarnedAboutAndTheLinesAfterItAreRead() {
        let result = facts(".env", "A=\"unclosed\nB=ghcr.io/x/y:1\n")
        XCTAssertEqual(result.definitions.map { "\($0.name)=\($0.value)@\($0.line)" }, ["B=ghcr.io/x/y:1@2"])
        XCTAssertEqual(result.warnings.map(\.message), ["the quoted value of A is never closed; it is not read"])
    }

    func testSecretsAndValuesThatCannotBeImagesAreNotKept() {
        XCTAssertEqual(definitions("""
        POSTGRES_PASSWORD=hunter2
        GITHUB_TOKEN=abc123
        GREETING="hello world"
        EMPTY=
        NOT A NAME=1
        9LIVES=cat
        """), [
            // Set, but not kept: a `${NAME:-default}` must not fall back to its default.
            "POSTGRES_PASSWORD={{compose/env-withheld:POSTGRES_PASSWORD}}@1",
            "GITHUB_TOKEN={{compose/env-withheld:GITHUB_TOKEN}}@2",
            "GREETING={{compose/env-withheld:GREETING}}@3",
            "EMPTY=@4",
        ])
    }

    func testLongEnvFileStopsAtItsBudget() {
        let text = (0..<2000).map { "V\($0)=example/app:\($0)" }.joined(separator: "\n")
        let result = Extractors.facts(path: ".env", kind: .composeEnv, bytes: Array(text.utf8),
                                      budget: ExtractionBudget(steps: 500))
        XCTAssertLessThan(result.definitions.count, 100)
        XCTAssertEqual(result.warnings.count, 1)
    }
}
